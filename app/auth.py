"""Who is asking: sign-in with throttling, the signed-in user, API tokens, and the role checks.

Every admin route depends on `require_editor` or `require_admin` (through its router), and every
write endpoint of the API on `require_token`; tests/admin/test_access.py enumerates the app's
routes to check that none is left open. Pages answer an anonymous visitor with the sign-in form
(LoginRequired), the API with 401; a signed-in editor asking for an administrator's page gets 403.

Failed sign-ins are recorded (LoginFailure). After `login_max_failures` failures for one user name
within `login_window_seconds`, or ten times as many from one address, sign-in is refused (429,
with Retry-After) until the oldest failure leaves the window, whatever the password: guessing is
slowed to a few tries per window, and the refusal reveals nothing about which names exist.
Unknown names cost as much time as known ones (a hash is verified either way).
"""

from datetime import timedelta
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, delete, func
from sqlmodel import Session, col, select

from app.accounts import (
    Principal,
    Role,
    hash_password,
    needs_rehash,
    normal_username,
    principal_of,
    verify_password,
)
from app.config import Settings
from app.db import retry_when_busy
from app.errors import Forbidden, LoginRequired, TooManyRequests, Unauthorized
from app.models import LoginFailure, User
from app.models.base import utcnow
from app.sessions import SessionData, read_session, replace_session
from app.tokens import principal_for_token

_USER_KEY = "sahel_user"
_TOKEN_KEY = "sahel_token_user"


class WrongCredentials(Unauthorized):
    """The user name or the password is wrong (which one is not said)."""


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return hash_password("a password nobody has, verified to spend the same time")


def _address(request: Request) -> str:
    return (request.client.host if request.client else "unknown")[:64]


def _refuse_when_throttled(session: Session, settings: Settings, name: str, address: str) -> None:
    since = utcnow() - timedelta(seconds=settings.login_window_seconds)
    limits = (
        (col(LoginFailure.username) == name, settings.login_max_failures),
        (col(LoginFailure.address) == address, settings.login_max_failures * 10),
    )
    for condition, limit in limits:
        count, oldest = session.exec(
            select(func.count(), func.min(col(LoginFailure.at))).where(
                condition, col(LoginFailure.at) >= since
            )
        ).one()
        if count >= limit and oldest is not None:
            wait = oldest + timedelta(seconds=settings.login_window_seconds) - utcnow()
            seconds = max(1, int(wait.total_seconds()) + 1)
            raise TooManyRequests(
                f"too many failed sign-ins; try again in {(seconds + 59) // 60} minute(s)",
                retry_after=seconds,
            )


# Signing in writes (the failure count, the time of sign-in): one transaction, run again whole
# when SQLite's write lock stays busy past its timeout.
@retry_when_busy
def sign_in(
    engine: Engine, settings: Settings, *, username: str, password: str, address: str
) -> Principal:
    """The account whose name and password these are. Raises TooManyRequests when sign-ins
    for this name or address are throttled, WrongCredentials otherwise when they do not match
    an active account (the failure is recorded)."""
    name = normal_username(username)[:80]
    with Session(engine) as session:
        _refuse_when_throttled(session, settings, name, address)
        user = session.exec(select(User).where(col(User.username) == name)).first()
        usable = user is not None and user.active
        matches = verify_password(
            user.password_hash if user and usable else _decoy_hash(), password
        )
        if user is None or not usable or not matches:
            # Failures older than a day count for nothing: keep the table small.
            session.exec(
                delete(LoginFailure).where(col(LoginFailure.at) < utcnow() - timedelta(days=1))
            )
            session.add(LoginFailure(username=name, address=address))
            session.commit()
            raise WrongCredentials("wrong user name or password")
        session.exec(delete(LoginFailure).where(col(LoginFailure.username) == name))
        user.last_login_at = utcnow()
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        session.add(user)
        session.commit()
        session.refresh(user)
        return principal_of(user)


def start_session(request: Request, principal: Principal) -> None:
    replace_session(request, SessionData.signed_in(principal.id, principal.epoch))
    request.scope.setdefault("state", {})[_USER_KEY] = principal


def end_session(request: Request) -> None:
    replace_session(request, None)
    request.scope.setdefault("state", {})[_USER_KEY] = None


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def current_user(request: Request) -> Principal | None:
    """Who is signed in through the session cookie: an active account whose sessions have not
    been ended since the cookie was issued, or None."""
    state = request.scope.setdefault("state", {})
    if _USER_KEY not in state:
        state[_USER_KEY] = None
        session = read_session(request)
        if session is not None and session.user_id is not None:
            with Session(_engine(request)) as db:
                user = db.get(User, session.user_id)
                if (
                    user is not None
                    and user.active
                    and user.session_epoch == session.epoch
                    and user.role in set(Role)
                ):
                    state[_USER_KEY] = principal_of(user)
    principal: Principal | None = state[_USER_KEY]
    return principal


def token_user(request: Request) -> Principal | None:
    """Who the request's bearer token acts for, or None (no token, or an unusable one)."""
    state = request.scope.setdefault("state", {})
    if _TOKEN_KEY not in state:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        found = None
        if scheme.lower() == "bearer" and token.strip():
            found = principal_for_token(_engine(request), token.strip())
        state[_TOKEN_KEY] = found
    principal: Principal | None = state[_TOKEN_KEY]
    return principal


def require_editor(request: Request) -> Principal:
    """The signed-in editor or administrator; raises LoginRequired for anyone else."""
    user = current_user(request)
    if user is None:
        raise LoginRequired("sign in to use the admin")
    return user


def require_admin(request: Request) -> Principal:
    """The signed-in administrator; raises LoginRequired or Forbidden (403) for editors."""
    user = require_editor(request)
    if not user.is_admin:
        raise Forbidden("only administrators can manage accounts and API tokens")
    return user


def require_token(request: Request) -> Principal:
    """The account of the request's API token; raises Unauthorized (401) without a valid one.
    Cookies are never accepted here: the write API has no CSRF defence and needs none."""
    user = token_user(request)
    if user is None:
        given = "authorization" in request.headers
        raise Unauthorized(
            "the API token is unknown, revoked, or its account is disabled"
            if given
            else "send an API token as `Authorization: Bearer <token>`; administrators issue "
            "them in the admin"
        )
    return user


EditorUser = Annotated[Principal, Depends(require_editor)]
AdminUser = Annotated[Principal, Depends(require_admin)]
TokenUser = Annotated[Principal, Depends(require_token)]
