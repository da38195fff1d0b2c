"""Accounts: users with a role and an argon2 password hash, created and changed here only.

Every function that writes owns its transaction and raises InvalidParameters (400) naming each
bad field (`username`, `password`, `role`) with its own message, or NotFound. There is no
default account: the first administrator is made with `python scripts/create_user.py`.
A change that should end the account's sessions (a new password, another role, disabling it,
signing out) raises its `session_epoch`, which every session cookie must match (app.sessions).
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.errors import InvalidParameters, NotFound, ParameterError
from app.models import User

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")
# argon2id with the library's defaults (RFC 9106's low-memory recommendation).
_hasher = PasswordHasher()


class Role(StrEnum):
    EDITOR = "editor"  # events, review, documents, reference data
    ADMIN = "admin"  # also accounts and API tokens


@dataclass(frozen=True)
class Principal:
    """Someone signed in (or holding an API token), as routes see them."""

    id: int
    username: str
    role: Role
    epoch: int

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def principal_of(user: User) -> Principal:
    assert user.id is not None
    return Principal(user.id, user.username, Role(user.role), user.session_epoch)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` matches; False for a damaged hash rather than an error."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def normal_username(value: str) -> str:
    return value.strip().lower()


def password_problems(password: str, confirmation: str | None = None) -> list[ParameterError]:
    """What is wrong with a new password (empty when nothing is)."""
    errors = []
    if len(password) < MIN_PASSWORD_LENGTH:
        errors.append(
            ParameterError(
                "password", f"use at least {MIN_PASSWORD_LENGTH} characters", None, "form"
            )
        )
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors.append(
            ParameterError(
                "password", f"use at most {MAX_PASSWORD_LENGTH} characters", None, "form"
            )
        )
    if confirmation is not None and confirmation != password:
        errors.append(ParameterError("password_again", "the two passwords differ", None, "form"))
    return errors


def _role_problems(role: str) -> list[ParameterError]:
    if role in set(Role):
        return []
    return [ParameterError("role", "choose editor or admin", role, "form")]


def create_user(
    engine: Engine, *, username: str, password: str, role: str, confirmation: str | None = None
) -> Principal:
    """Add an account. Raises InvalidParameters for a bad or taken name, a weak password, an
    unknown role."""
    name = normal_username(username)
    errors = []
    if not _USERNAME.fullmatch(name):
        errors.append(
            ParameterError(
                "username",
                "use 2 to 80 lower-case letters, digits, dots, dashes or underscores",
                username,
                "form",
            )
        )
    errors += password_problems(password, confirmation) + _role_problems(role)
    with Session(engine) as session:
        taken = session.exec(select(User.id).where(col(User.username) == name)).first()
        if taken is not None:
            errors.append(ParameterError("username", f"{name!r} is already taken", name, "form"))
        if errors:
            raise InvalidParameters(errors)
        user = User(username=name, password_hash=hash_password(password), role=role)
        session.add(user)
        session.commit()
        session.refresh(user)
        return principal_of(user)


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no account with id {user_id}")
    return user


def change_account(
    engine: Engine,
    *,
    user_id: int,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
    confirmation: str | None = None,
) -> Principal:
    """Change an account's role, whether it may sign in, or its password; any of them ends the
    account's sessions. Refuses (InvalidParameters) to leave no active administrator."""
    errors = []
    if role is not None:
        errors += _role_problems(role)
    if password:
        errors += password_problems(password, confirmation)
    with Session(engine) as session:
        user = _get(session, user_id)
        losing_admin = (
            user.role == Role.ADMIN
            and user.active
            and ((role is not None and role != Role.ADMIN) or active is False)
        )
        if losing_admin and _active_admins(session) <= 1:
            errors.append(
                ParameterError(
                    "role",
                    "this is the last active administrator: make another first",
                    None,
                    "form",
                )
            )
        if errors:
            raise InvalidParameters(errors)
        if role is not None:
            user.role = role
        if active is not None:
            user.active = active
        if password:
            user.password_hash = hash_password(password)
        user.session_epoch += 1
        session.add(user)
        session.commit()
        session.refresh(user)
        return principal_of(user)


def _active_admins(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, col(User.active))
    ).one()


def end_sessions(engine: Engine, *, user_id: int) -> None:
    """Sign the account out everywhere: every cookie issued so far stops working."""
    with Session(engine) as session:
        user = _get(session, user_id)
        user.session_epoch += 1
        session.add(user)
        session.commit()


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))).all())
