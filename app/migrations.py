"""Bringing a database's schema to the code's, and refusing to run on one that does not match.

The app refuses to serve a database whose schema is behind (it names the command to run) or
ahead (newer code wrote it); the ingestion and `scripts/migrate.py` upgrade it first.
"""

from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine

from app.config import MIGRATIONS_DIR, PROJECT_ROOT
from app.errors import DatabaseSetupError

MIGRATE_COMMAND = "python scripts/migrate.py"
# Tables the migrations own outside SQLModel.metadata (full-text search and SQLite's FTS5
# shadow tables), which an autogenerate comparison must not report as extra.
_UNMAPPED_TABLE_PREFIX = "event_search"


def include_object(
    _obj: object, name: str | None, type_: str, _reflected: bool, _compare_to: object
) -> bool:
    """Alembic's filter: compare every mapped object, skip the search tables."""
    return not (type_ == "table" and (name or "").startswith(_UNMAPPED_TABLE_PREFIX))


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    """Where the database stands. Raises DatabaseSetupError for a revision the code doesn't know."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is not None and not _knows(script, current):
        raise DatabaseSetupError(
            f"the database schema is at revision {current}, which this code does not know "
            f"(its newest is {head}): it was written by a newer version of Sahel Chronicle; "
            "update the code, or point DATABASE_URL at another database"
        )
    return SchemaState(current=current, head=head)


def _knows(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to `revision`, all or nothing (one transaction)."""
    state = schema_state(engine)  # refuses an unknown (newer) revision before touching anything
    if revision == "head" and state.up_to_date:
        return  # nothing to do: no transaction, no wait for a write lock
    config = alembic_config()
    with engine.begin() as connection:
        _begin_on_sqlite(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        _begin_on_sqlite(connection)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _begin_on_sqlite(connection: Connection) -> None:
    """Open SQLite's transaction before the first statement. The driver opens one only before
    INSERT, UPDATE or DELETE and runs CREATE TABLE outside any: an upgrade killed half-way
    would leave tables without the revision that made them, and every later upgrade would
    fail on them. The engine's commit ends this transaction."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def require_current_schema(engine: Engine) -> None:
    """Raise DatabaseSetupError unless the schema is exactly at the code's head."""
    state = schema_state(engine)
    if not state.up_to_date:
        where = "empty" if state.current is None else f"at revision {state.current}"
        raise DatabaseSetupError(
            f"the database schema is {where}, behind this code ({state.head}); "
            f"run `{MIGRATE_COMMAND}` first"
        )
