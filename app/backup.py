"""Backup and restore of the whole knowledge base, on either engine.

SQLite uses its online backup API, so a backup taken while the app serves is consistent; the
restore copies the backup into place the same way, into a file that must not hold a knowledge
base already (restoring over data is refused, so nothing is lost by a slip of the arguments).
PostgreSQL uses pg_dump's custom format and pg_restore into an empty database. Either way the
restored schema is checked to be one this code knows.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL

from app.db import parse_database_url, sqlite_path
from app.errors import DatabaseSetupError
from app.migrations import schema_state


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why."""


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if not candidates:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return str(candidates[0])


def _pg_args(url: URL) -> tuple[list[str], dict[str, str]]:
    args = [
        "--host",
        url.host or "127.0.0.1",
        "--username",
        url.username or "postgres",
        "--dbname",
        url.database or "postgres",
    ]
    if url.port:
        args += ["--port", str(url.port)]
    env = {"PGPASSWORD": url.password} if url.password else {}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{Path(command[0]).name} failed: {message}")


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to `target` (which must not exist yet)."""
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    url = parse_database_url(database_url)
    path = sqlite_path(url)
    if url.get_backend_name() == "sqlite":
        if path is None or not path.exists():
            raise BackupError(f"there is no SQLite database at {path}")
        with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return
    args, env = _pg_args(url)
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)


def restore(backup_file: Path, database_url: str, engine: Engine) -> None:
    """Load `backup_file` into the (empty) database of `database_url`.

    Raises BackupError when the backup is missing or unreadable, or when the target database
    already holds tables: restoring over a knowledge base would mix or lose data.
    """
    if not backup_file.is_file():
        raise BackupError(f"{backup_file} is not a file")
    if inspect(engine).get_table_names():
        raise BackupError("the target database is not empty; restore into a new, empty database")
    url = parse_database_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        assert path is not None
        try:
            with sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True) as source:
                source.execute("PRAGMA schema_version").fetchone()
                with sqlite3.connect(path) as copy:
                    source.backup(copy)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{backup_file} is not a SQLite backup ({exc})") from None
        return
    args, env = _pg_args(url)
    _run([_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", *args, str(backup_file)], env)


def check_restored(engine: Engine) -> None:
    """Raise DatabaseSetupError unless the restored schema is one this code knows."""
    state = schema_state(engine)
    if state.current is None:
        raise DatabaseSetupError(
            "the restored database has no schema version: not a backup of ours"
        )
