"""The database engine and sessions, and every difference between SQLite and PostgreSQL.

`make_engine` refuses, with a message that says what to do, a URL that cannot be parsed, a file
that is not SQLite, or a server that cannot be reached, and it never creates or changes anything
while checking. SQLite connections get WAL, foreign keys and a busy timeout.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from app.config import Settings
from app.errors import DatabaseSetupError

_SQLITE_HEADER = b"SQLite format 3\x00"


def parse_database_url(raw: str) -> URL:
    """Parse `DATABASE_URL`, raising DatabaseSetupError with the reason when it is not a URL."""
    try:
        return make_url(raw)
    except ArgumentError:
        raise DatabaseSetupError(
            f"DATABASE_URL {raw!r} is not a database URL; "
            "use e.g. sqlite:///data/sahel.db or postgresql+psycopg://user@host/dbname"
        ) from None


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other engines and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseSetupError(f"{path} is a directory, not a SQLite database file")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise DatabaseSetupError(
                    f"{path} is not a SQLite database; point DATABASE_URL at a SQLite file "
                    "or at a new path (it will be created)"
                )
    elif not path.parent.is_dir():
        raise DatabaseSetupError(
            f"the folder {path.parent} for the SQLite database does not exist; create it first"
        )


def _on_sqlite_connect(busy_timeout_ms: int) -> Any:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return configure


def make_engine(settings: Settings) -> Engine:
    """Create the engine for `settings.database_url` and check that it answers.

    Raises DatabaseSetupError when the URL cannot be parsed, names a driver that is not
    installed, points at a file that is not SQLite, or at a server that cannot be reached.
    """
    url = parse_database_url(settings.database_url)
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
    try:
        engine = create_engine(url, pool_pre_ping=url.get_backend_name() != "sqlite")
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DatabaseSetupError(
            f"DATABASE_URL uses a driver that is not installed ({exc}); "
            "use sqlite:/// or postgresql+psycopg://"
        ) from None
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect(settings.sqlite_busy_timeout_ms))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseSetupError(
            f"cannot reach the database at {url.render_as_string(hide_password=True)}: {reason}"
        ) from None
    return engine


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def session_scope(engine: Engine) -> Iterator[Session]:
    """One session per request or unit of work; the caller commits, errors roll back."""
    with Session(engine) as session:
        yield session
