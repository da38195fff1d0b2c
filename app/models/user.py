"""Accounts: editors and administrators, the API tokens they hold, and failed sign-ins.

Passwords are stored as argon2 hashes (app.auth) and tokens as SHA-256 digests (app.tokens):
nothing here can be used to sign in if the database leaks. `session_epoch` is part of every
session cookie; raising it (sign-out, a new password, a changed role, a disabled account) ends
every session of the account at once.
"""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class User(SQLModel, table=True):
    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True)
    password_hash: str = Field(max_length=200)
    # editor (content) or admin (also accounts and API tokens): app.auth.Role.
    role: str = Field(max_length=16)
    active: bool = True
    session_epoch: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    name: str = Field(max_length=120)
    # SHA-256 of the token (hex); the token itself is shown once, when issued.
    token_hash: str = Field(min_length=64, max_length=64, unique=True)
    # Its first characters, so that people can tell their tokens apart.
    prefix: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=80)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, counted to slow down password guessing (app.auth)."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_username_at", "username", "at"),
        Index("ix_login_failure_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80)
    address: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow)
