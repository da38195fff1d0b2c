"""Column helpers shared by the table modules: UTC timestamps and JSON lists."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import SQLModel

# Named constraints: Alembic's batch mode on SQLite can only alter constraints that have a name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (SQLModel stores it as UTC on both engines)."""
    return datetime.now(UTC)


def json_column(*, nullable: bool = False) -> Any:
    """A JSON column (TEXT on SQLite, JSON on PostgreSQL) for small lists and objects."""
    return Column(JSON, nullable=nullable)
