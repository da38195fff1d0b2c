"""accounts, API tokens, failed sign-ins, and the log of reference-data changes

Editors and administrators sign in to the admin (app_user, with argon2 password hashes); scripts
write through the API with bearer tokens stored as SHA-256 digests (api_token); failed sign-ins
are counted to slow down guessing (login_failure). reference_revision records every change an
editor makes to actors, places, periods and countries (its newest id is part of the data's
version, and merged-away slugs are remembered for the ingestion).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_String = sqlmodel.sql.sqltypes.AutoString
_Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", _String(length=80), nullable=False),
        sa.Column("password_hash", _String(length=200), nullable=False),
        sa.Column("role", _String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_epoch", sa.Integer(), nullable=False),
        sa.Column("created_at", _Moment(), nullable=False),
        sa.Column("last_login_at", _Moment(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", _String(length=120), nullable=False),
        sa.Column("token_hash", _String(length=64), nullable=False),
        sa.Column("prefix", _String(length=16), nullable=False),
        sa.Column("created_at", _Moment(), nullable=False),
        sa.Column("created_by", _String(length=80), nullable=False),
        sa.Column("last_used_at", _Moment(), nullable=True),
        sa.Column("revoked_at", _Moment(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_api_token_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    op.create_index(op.f("ix_api_token_user_id"), "api_token", ["user_id"])
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", _String(length=80), nullable=False),
        sa.Column("address", _String(length=64), nullable=False),
        sa.Column("at", _Moment(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index("ix_login_failure_username_at", "login_failure", ["username", "at"])
    op.create_index("ix_login_failure_address_at", "login_failure", ["address", "at"])
    op.create_table(
        "reference_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _Moment(), nullable=False),
        sa.Column("author", _String(length=120), nullable=False),
        sa.Column("kind", _String(length=16), nullable=False),
        sa.Column("slug", _String(length=120), nullable=False),
        sa.Column("action", _String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("retired_slug", _String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_revision")),
    )
    op.create_index("ix_reference_revision_retired", "reference_revision", ["kind", "retired_slug"])


def downgrade() -> None:
    op.drop_index("ix_reference_revision_retired", table_name="reference_revision")
    op.drop_table("reference_revision")
    op.drop_index("ix_login_failure_address_at", table_name="login_failure")
    op.drop_index("ix_login_failure_username_at", table_name="login_failure")
    op.drop_table("login_failure")
    op.drop_index(op.f("ix_api_token_user_id"), table_name="api_token")
    op.drop_table("api_token")
    op.drop_table("app_user")
