"""Bad database settings fail with one line that says what to do, and touch nothing."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.errors import DatabaseSetupError


def _run_script(script: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_unparseable_url_is_refused() -> None:
    with pytest.raises(DatabaseSetupError, match="is not a database URL"):
        make_engine(Settings(database_url="not a url"))


def test_unknown_driver_is_refused() -> None:
    with pytest.raises(DatabaseSetupError, match="driver that is not installed"):
        make_engine(Settings(database_url="nosuchdb://somewhere/x"))


def test_unreachable_server_is_refused() -> None:
    with pytest.raises(DatabaseSetupError, match="cannot reach the database"):
        make_engine(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:9/none"))


def test_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "kb.db"
    with pytest.raises(DatabaseSetupError, match="does not exist"):
        make_engine(Settings(database_url=f"sqlite:///{target}"))
    assert not target.parent.exists()


@pytest.mark.parametrize("script", ["migrate.py", "serve.py"])
def test_scripts_refuse_a_file_that_is_not_sqlite_and_leave_it_alone(
    tmp_path: Path, script: str
) -> None:
    target = tmp_path / "notes.db"
    target.write_text("these are my notes, not a database\n")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    result = _run_script(script, f"sqlite:///{target}")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {target} is not a SQLite database; point DATABASE_URL at a SQLite "
        "file or at a new path (it will be created)"
    ]
    assert hashlib.sha256(target.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_serve_refuses_a_database_that_is_behind(tmp_path: Path) -> None:
    result = _run_script("serve.py", f"sqlite:///{tmp_path / 'new.db'}")
    assert result.returncode == 1
    assert "run `python scripts/migrate.py` first" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_migrate_script_upgrades_then_reports_current(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    first = _run_script("migrate.py", url)
    assert first.returncode == 0, first.stderr
    assert "upgraded from empty to" in first.stdout
    second = _run_script("migrate.py", url)
    assert "already at" in second.stdout


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(
        Settings(database_url=f"sqlite:///{tmp_path / 'kb.db'}", sqlite_busy_timeout_ms=1234)
    )
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 1234
    engine.dispose()
