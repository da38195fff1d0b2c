"""An ingestion killed with SIGKILL leaves a consistent database, and a re-run completes it.

The ingestion runs as the real command in a subprocess and is killed once it has finished its
first document (so the kill lands inside a later one), or after a random delay. Afterwards the
database must hold whole documents only, and a second run must end exactly where an
uninterrupted run ends.
"""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from app.config import PROJECT_ROOT

INGEST = [sys.executable, str(PROJECT_ROOT / "scripts" / "ingest.py")]


def _ingest(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        INGEST,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _kill_during(url: str, *, after_documents: int | None, delay: float = 0.0) -> None:
    with subprocess.Popen(
        INGEST,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stderr is not None
        try:
            if after_documents is not None:
                done = 0
                for line in process.stderr:
                    done += line.rstrip().endswith(": done")
                    if done >= after_documents:
                        break
            else:
                process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            pass
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """What the knowledge base says, without run ids and timestamps."""
    engine = create_engine(url)
    queries = {
        "documents": "SELECT slug, sha256, published, published_source FROM document ORDER BY slug",
        "events": "SELECT slug, type, date_start, date_end, precision, status, occurrence, "
        "fatalities_best, version FROM event ORDER BY slug",
        "citations": "SELECT e.slug, d.slug, c.char_start, c.char_end FROM citation c "
        "JOIN event e ON e.id = c.event_id JOIN document d ON d.id = c.document_id "
        "ORDER BY 1, 2, 3",
        "countries": "SELECT e.slug, l.country_code FROM event_country l "
        "JOIN event e ON e.id = l.event_id ORDER BY 1, 2",
        "revisions": "SELECT e.slug, r.action, r.event_version FROM revision r "
        "JOIN event e ON e.id = r.event_id ORDER BY 1, 3, 2",
    }
    with engine.connect() as connection:
        # As text: the reference is SQLite, which returns dates as strings from raw SQL.
        snapshot = {
            name: [tuple(str(v) for v in row) for row in connection.execute(text(sql))]
            for name, sql in queries.items()
        }
    engine.dispose()
    return snapshot


def _whole_documents_only(url: str) -> None:
    engine = create_engine(url)
    if "document" not in inspect(engine).get_table_names():
        engine.dispose()
        return  # killed before the migrations committed: nothing was written at all
    with engine.connect() as connection:
        bare = connection.execute(
            text(
                "SELECT d.slug FROM document d WHERE NOT EXISTS "
                "(SELECT 1 FROM citation c WHERE c.document_id = d.id)"
            )
        ).all()
        orphans = connection.execute(
            text(
                "SELECT e.slug FROM event e WHERE NOT EXISTS "
                "(SELECT 1 FROM citation c WHERE c.event_id = e.id)"
            )
        ).all()
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()
    assert bare == [] and orphans == []


@pytest.mark.parametrize("kill", ["after the first document", "at a random moment"])
def test_a_killed_ingestion_leaves_whole_documents_and_a_rerun_completes_it(
    empty_database_url: str, tmp_path: Path, backend: str, kill: str
) -> None:
    reference = f"sqlite:///{tmp_path / 'uninterrupted.db'}"
    assert _ingest(reference).returncode == 0
    if kill == "after the first document":
        _kill_during(empty_database_url, after_documents=1)
    else:
        _kill_during(
            empty_database_url, after_documents=None, delay=random.Random(backend).uniform(0.8, 2.0)
        )
    _whole_documents_only(empty_database_url)
    rerun = _ingest(empty_database_url)
    assert rerun.returncode == 0, rerun.stderr
    _whole_documents_only(empty_database_url)
    assert _snapshot(empty_database_url) == _snapshot(reference)
