"""API tokens: issued and revoked by administrators, sent by scripts as `Authorization: Bearer`.

A token is 32 random bytes (URL-safe, with a `sct_` prefix so that secret scanners and people can
recognise one). Only its SHA-256 digest is stored: a token is as strong as a random key, so a
slow password hash would add nothing but latency, and a stolen database gives nobody a token.
The token is shown once, when it is issued. It acts for the account it belongs to: disabling
the account disables its tokens.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app.accounts import Principal, principal_of
from app.db import is_lock_timeout
from app.errors import InvalidParameters, NotFound, ParameterError
from app.models import ApiToken, User
from app.models.base import utcnow

PREFIX = "sct_"
# `last_used_at` is written at most this often per token, not on every request.
_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    id: int
    name: str
    token: str  # shown once, never stored


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(engine: Engine, *, user_id: int, name: str, issued_by: str) -> IssuedToken:
    """A new token for the account `user_id`. Raises InvalidParameters for a missing name or an
    account that is disabled or unknown."""
    label = " ".join(name.split())
    errors = []
    if not label or len(label) > 120:
        errors.append(
            ParameterError(
                "name", "name the token (what uses it), 1 to 120 characters", name, "form"
            )
        )
    with Session(engine) as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            errors.append(ParameterError("user", "choose an active account", user_id, "form"))
        if errors:
            raise InvalidParameters(errors)
        token = PREFIX + secrets.token_urlsafe(32)
        row = ApiToken(
            user_id=user_id,
            name=label,
            token_hash=digest(token),
            prefix=token[: len(PREFIX) + 4],
            created_by=issued_by,
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return IssuedToken(row.id, label, token)


def revoke_token(engine: Engine, *, token_id: int) -> None:
    """Stop a token from working, for good. Raises NotFound for an unknown id."""
    with Session(engine) as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(f"there is no API token with id {token_id}")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            session.add(row)
            session.commit()


def principal_for_token(engine: Engine, token: str) -> Principal | None:
    """The account a token acts for, or None when it is unknown, revoked or its account is
    disabled."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    with Session(engine) as session:
        found = session.exec(
            select(ApiToken, User)
            .join(User, col(User.id) == col(ApiToken.user_id))
            .where(col(ApiToken.token_hash) == digest(token), col(ApiToken.revoked_at).is_(None))
        ).first()
        if found is None or not found[1].active:
            return None
        row, user = found
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
            row.last_used_at = now
            session.add(row)
            try:
                session.commit()
            except OperationalError as exc:
                # The time of last use is a hint: a request is never failed for it when
                # SQLite's write lock is busy with real writes.
                if not is_lock_timeout(exc):
                    raise
                session.rollback()
            session.refresh(user)
        return principal_of(user)


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    prefix: str
    username: str
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None


def list_tokens(session: Session) -> list[TokenRow]:
    rows = session.exec(
        select(ApiToken, col(User.username))
        .join(User, col(User.id) == col(ApiToken.user_id))
        .order_by(col(ApiToken.revoked_at).is_not(None), col(ApiToken.created_at).desc())
    ).all()
    return [
        TokenRow(
            t.id or 0,
            t.name,
            t.prefix,
            username,
            t.created_at,
            t.created_by,
            t.last_used_at,
            t.revoked_at,
        )
        for t, username in rows
    ]
