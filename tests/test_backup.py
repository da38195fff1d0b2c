"""Backup then restore gives back every row, on both engines, through the real commands."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.ingest import DocumentInput
from app.pipeline import run_ingestion

FIXTURES = Path(__file__).parent / "fixtures"


def _script(name: str, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / name), *args],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        counts = {
            table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in SQLModel.metadata.tables
        }
        counts["slugs"] = hash(
            tuple(connection.execute(text("SELECT slug FROM event ORDER BY slug")).scalars())
        )
    engine.dispose()
    return counts


def test_backup_and_restore_round_trip(
    database_url: str, empty_database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(Settings(database_url=database_url))
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    run_ingestion(engine, [DocumentInput(filename=p.name, raw=p.read_bytes()) for p in files])
    engine.dispose()
    before = _counts(database_url)
    assert before["event"] > 0 and before["citation"] > 0

    backup_file = tmp_path / "kb.backup"
    made = _script("backup.py", database_url, str(backup_file))
    assert made.returncode == 0, made.stderr
    again = _script("backup.py", database_url, str(backup_file))
    assert again.returncode == 1 and "exists already" in again.stderr

    restored = _script("restore.py", empty_database_url, str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert _counts(empty_database_url) == before

    over = _script("restore.py", empty_database_url, str(backup_file))
    assert over.returncode == 1 and "not empty" in over.stderr
    assert _counts(empty_database_url) == before


def test_restoring_a_file_that_is_no_backup_is_refused(
    empty_database_url: str, tmp_path: Path, backend: str
) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_text("not a backup")
    result = _script("restore.py", empty_database_url, str(junk))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1
