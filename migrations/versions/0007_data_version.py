"""one row for the data's version, bumped by triggers on every write readers can see

The ETags of the API and the page caches used to fingerprint the data from maxima over fourteen
tables on every request, and missed any write that left none of those traces. Now every insert,
update or delete on the tables a reader sees bumps one counter, in the writer's own transaction,
whoever the writer is; the bump becomes visible at commit together with the data, and a rolled
back write leaves it as it was.

SQLite runs one writer at a time, so a row trigger updates the row at once. On PostgreSQL the
bump is a deferred constraint trigger: it runs at commit, once per transaction, so concurrent
writers hold the single row's lock only while committing and cannot deadlock over it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table whose rows a page or an API response shows (not accounts, sessions or notes).
TABLES = (
    "event",
    "event_actor",
    "event_place",
    "event_country",
    "event_tag",
    "event_relation",
    "citation",
    "document",
    "actor",
    "place",
    "country",
    "period",
    "revision",
    "reference_revision",
    "ingestion_run",
)

# Text as SQLAlchemy stores a datetime on SQLite; max() keeps the time from going backwards.
_SQLITE_BUMP = (
    "UPDATE data_version SET counter = counter + 1, "
    "changed_at = max(changed_at, strftime('%Y-%m-%d %H:%M:%f000', 'now')) WHERE id = 1;"
)

_PG_FUNCTION = """
CREATE FUNCTION data_version_bump() RETURNS trigger AS $$
BEGIN
    -- Once per transaction: the setting is local to it.
    IF current_setting('sahel.data_version_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE data_version
        SET counter = counter + 1, changed_at = greatest(changed_at, clock_timestamp())
        WHERE id = 1;
        PERFORM set_config('sahel.data_version_bumped', 'on', true);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    now = "strftime('%Y-%m-%d %H:%M:%f000', 'now')" if sqlite else "clock_timestamp()"
    op.execute(f"INSERT INTO data_version (id, counter, changed_at) VALUES (1, 1, {now})")
    if sqlite:
        for table in TABLES:
            for verb, short in (("INSERT", "ai"), ("UPDATE", "au"), ("DELETE", "ad")):
                op.execute(
                    f"CREATE TRIGGER data_version_{table}_{short} AFTER {verb} ON {table} "
                    f"BEGIN {_SQLITE_BUMP} END"
                )
        return
    op.execute(_PG_FUNCTION)
    for table in TABLES:
        op.execute(
            f"CREATE CONSTRAINT TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION data_version_bump()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            for short in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{short}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table} ON {table}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS data_version_bump()")
    op.drop_table("data_version")
