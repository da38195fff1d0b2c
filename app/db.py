"""The database engine and sessions, and every difference between SQLite and PostgreSQL.

`make_engine` refuses, with a message that says what to do, a URL that cannot be parsed, a file
that is not SQLite, or a server that cannot be reached, and it never creates or changes anything
while checking. SQLite connections get WAL, foreign keys and a busy timeout.

Writes that read before they write (the editing functions) open `write_session`: on SQLite its
transaction starts with BEGIN IMMEDIATE, so it takes the one write lock before its first read
(waiting up to the busy timeout) and what it read cannot change before it commits; a deferred
transaction that reads first may instead fail with "database is locked" the moment it tries to
write after another process committed, whatever the timeout. Writes of one process take turns
on a plain lock before asking SQLite, and `retry_when_busy` runs a unit of work again, whole,
when another process held the lock past the timeout; if it still cannot write, DatabaseBusy
(503, nothing stored). On PostgreSQL both are plain transactions, where row locks make writers
queue.
"""

import functools
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from app.config import Settings
from app.errors import DatabaseSetupError, SahelError

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
        # In WAL mode, NORMAL syncs the log at checkpoints, not at each commit: a commit is in
        # the WAL file (the operating system's cache) when it returns, so it survives the
        # process being killed, but the last ones may be lost to a power cut or a kernel crash.
        # FULL would survive those too, at the cost of a disk flush per write; backups
        # (scripts/backup.py) are the answer to a lost disk anyway.
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


# One writer at a time per SQLite file in this process. SQLite admits one writer anyway; queueing
# the others here, on a lock they block on, is fair and costs nothing, where SQLite's busy handler
# makes them poll with sleeps of up to 100 ms, so a waiter can lose to newcomers until its busy
# timeout ends in "database is locked". Other processes (uvicorn workers) still meet at SQLite's
# lock, one contender each. Keyed by URL: two engines on one file share a lock.
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()
# How long a write waits for its turn in this process before giving up (503, nothing written).
WRITE_QUEUE_SECONDS = 60.0


class DatabaseBusy(SahelError):
    """SQLite's write lock stayed taken through every attempt (or this process's queue of
    writes did not clear in WRITE_QUEUE_SECONDS): nothing was stored, and sending the same
    change again shortly is safe. The API, the pages and the admin all answer 503."""

    status_code = 503
    headers = {"Retry-After": "2"}

    def __init__(self) -> None:
        super().__init__(
            "the database is busy with other writes; nothing was saved, try again shortly"
        )


def _write_lock(engine: Engine) -> threading.Lock:
    key = engine.url.render_as_string(hide_password=False)
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for one unit of work that writes; the caller commits, errors roll back.

    On SQLite the transaction begins with BEGIN IMMEDIATE, after the other writes of this
    process (see the module's docstring). Raises OperationalError ("database is locked") when
    another process holds the lock past the busy timeout, DatabaseBusy when this process's
    own queue of writes does not clear in WRITE_QUEUE_SECONDS.
    """
    if engine.dialect.name != "sqlite":
        with Session(engine, expire_on_commit=False) as session:
            yield session
        return
    lock = _write_lock(engine)
    if not lock.acquire(timeout=WRITE_QUEUE_SECONDS):
        raise DatabaseBusy()
    try:
        with Session(engine, expire_on_commit=False) as session:
            # pysqlite opens transactions itself, lazily, before the first INSERT/UPDATE/DELETE;
            # an explicit BEGIN first is kept as the transaction, which commit() then ends.
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
    finally:
        lock.release()


def is_lock_timeout(exc: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY after the busy timeout), or a write that
    waited too long for its turn: either way nothing was written."""
    if isinstance(exc, DatabaseBusy):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


P = ParamSpec("P")
R = TypeVar("R")
# Each attempt already waits up to the busy timeout for the lock: four attempts ride out a queue
# of writers several times that long (e.g. a burst of 100 clients saving at once on 2 cores).
BUSY_ATTEMPTS = 4


def retry_when_busy(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function`, a whole unit of work in its own transaction, again when SQLite reports
    "database is locked": nothing of the failed attempt was committed, so nothing is written
    twice. Raises DatabaseBusy (503) after BUSY_ATTEMPTS attempts; any other error at once."""

    @functools.wraps(function)
    def attempt(*args: P.args, **kwargs: P.kwargs) -> R:
        for number in range(1, BUSY_ATTEMPTS + 1):
            try:
                return function(*args, **kwargs)
            except OperationalError as exc:
                if not is_lock_timeout(exc):
                    raise
                if number == BUSY_ATTEMPTS:
                    raise DatabaseBusy() from exc
            # A random pause, so the writers that timed out together do not collide again.
            time.sleep(random.uniform(0.01, 0.1) * number)
        raise AssertionError("unreachable")

    return attempt


def session_scope(engine: Engine) -> Iterator[Session]:
    """One session per request or unit of work; the caller commits, errors roll back."""
    with Session(engine) as session:
        yield session
