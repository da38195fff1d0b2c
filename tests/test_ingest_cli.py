"""scripts/ingest.py as a user runs it: a subprocess with DATABASE_URL, on real files.

The seeds runs start from an empty database on both engines (the script migrates it first);
the other runs use a SQLite file in a temporary folder.
"""

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, col, func, select

from app import migrations
from app.config import PROJECT_ROOT, SEEDS_DIR, Settings
from app.db import make_engine
from app.models import Document, Event

FIXTURES = Path(__file__).parent / "fixtures"
SEED_FILES = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
PROGRESS = re.compile(r"^\[#* *\] (\d+)/(\d+) (.+): (done|unchanged|failed)$")


def _ingest(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "ingest.py"), *args],
        env={**os.environ, "DATABASE_URL": database_url},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _counts(database_url: str) -> dict[str, int]:
    engine = make_engine(Settings(database_url=database_url))
    try:
        with Session(engine) as session:
            return {
                name: session.exec(select(func.count()).select_from(table)).one()
                for name, table in SQLModel.metadata.tables.items()
            }
    finally:
        engine.dispose()


def _documents(database_url: str) -> list[Document]:
    engine = make_engine(Settings(database_url=database_url))
    try:
        with Session(engine) as session:
            return list(session.exec(select(Document).order_by(col(Document.id))).all())
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.db'}"


def test_no_arguments_ingests_the_seeds_into_an_empty_database_then_finds_them_unchanged(
    empty_database_url: str,
) -> None:
    first = _ingest(empty_database_url)

    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "documents: 5 new, 0 unchanged, 0 failed"
    events = re.fullmatch(
        r"events: (\d+) new, (\d+) updated, (\d+) merged, 0 left to their editors", lines[1]
    )
    assert events and int(events[1]) > 0
    assert all(line.startswith("warning: ") for line in lines[2:])
    assert any("004_" in line and "date corrected" in line for line in lines[2:])
    progress = [PROGRESS.match(line) for line in first.stderr.splitlines()]
    assert [(m[1], m[2], m[3], m[4]) for m in progress if m] == [
        (str(i), "5", name, "done") for i, name in enumerate(SEED_FILES, start=1)
    ]
    assert not any(PROGRESS.match(line) for line in lines)

    engine = make_engine(Settings(database_url=empty_database_url))
    assert migrations.schema_state(engine).up_to_date
    engine.dispose()
    counts = _counts(empty_database_url)
    assert counts["document"] == 5
    assert counts["event"] == int(events[1])
    assert [d.filename for d in _documents(empty_database_url)] == SEED_FILES

    second = _ingest(empty_database_url)

    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [
        "documents: 0 new, 5 unchanged, 0 failed",
        "events: 0 new, 0 updated, 0 merged, 0 left to their editors",
    ]
    assert [m[4] for m in map(PROGRESS.match, second.stderr.splitlines()) if m] == ["unchanged"] * 5
    assert _counts(empty_database_url) == {**counts, "ingestion_run": 2}


def test_files_are_ingested_with_what_the_options_say_of_them(sqlite_url: str) -> None:
    notes = FIXTURES / "menaka_notes.txt"
    result = _ingest(
        sqlite_url,
        str(notes),
        "--title",
        "Notes from Ménaka",
        "--url",
        "https://example.org/menaka-notes",
        "--publisher",
        "Sahel Field Notes",
        "--published",
        "2024-05",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "documents: 1 new, 0 unchanged, 0 failed"
    (document,) = _documents(sqlite_url)
    assert (document.title, document.url, document.publisher) == (
        "Notes from Ménaka",
        "https://example.org/menaka-notes",
        "Sahel Field Notes",
    )
    assert (document.filename, document.media_type) == ("menaka_notes.txt", "text/plain")
    assert (document.published, document.published_precision, document.published_source) == (
        date(2024, 5, 1),
        "month",
        "stated",
    )
    assert document.published_stated == "2024-05"
    engine = make_engine(Settings(database_url=sqlite_url))
    with Session(engine) as session:
        attack = session.exec(select(Event).where(Event.type == "armed_violence")).one()
    engine.dispose()
    # "In early April this year" is read from the --published date.
    assert (attack.date_start, attack.date_end) == (date(2024, 4, 1), date(2024, 4, 10))


def test_several_files_without_a_date_have_it_read_from_their_text(sqlite_url: str) -> None:
    result = _ingest(
        sqlite_url, str(FIXTURES / "niamey_dispatch.html"), str(FIXTURES / "sahel_watch.md")
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "documents: 2 new, 0 unchanged, 0 failed"
    # The coup, the attack and the treaty, each told by both; the second telling merges.
    events = re.fullmatch(
        r"events: 3 new, \d+ updated, (\d+) merged, 0 left to their editors", lines[1]
    )
    assert events and int(events[1]) >= 3
    assert (
        f"warning: {FIXTURES / 'sahel_watch.md'}: no publication date stated; inferred from the "
        "latest date it reports (18 September 2023)" in lines
    )
    dispatch, watch = _documents(sqlite_url)
    assert (dispatch.title, dispatch.published, dispatch.published_source) == (
        "niamey_dispatch",
        date(2023, 10, 12),
        "stated",
    )
    assert (watch.published, watch.published_source) == (date(2023, 9, 18), "inferred")


@pytest.mark.parametrize("value", ["May 2024", "2024-13", "2023-02-30"])
def test_a_bad_published_date_is_a_usage_error_that_touches_nothing(
    tmp_path: Path, value: str
) -> None:
    target = tmp_path / "kb.db"
    result = _ingest(
        f"sqlite:///{target}", str(FIXTURES / "menaka_notes.txt"), "--published", value
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: ")
    assert f"--published {value!r}" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "Two at once", "a.txt", "b.txt"], "--title names one document"),
        (["--published", "2024-05"], "give FILE"),
    ],
)
def test_options_that_do_not_fit_the_files_are_usage_errors(
    tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "kb.db"
    result = _ingest(f"sqlite:///{target}", *args)

    assert result.returncode == 2
    assert message in result.stderr
    assert not target.exists()


def test_a_missing_file_is_reported_and_the_others_still_go_in(
    sqlite_url: str, tmp_path: Path
) -> None:
    missing = tmp_path / "not-there.txt"
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    letter = FIXTURES / "nouakchott_letter.txt"

    result = _ingest(sqlite_url, str(missing), str(empty), str(letter))

    assert result.returncode == 1
    assert f"error: {missing}: cannot read (No such file or directory)" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "documents: 1 new, 0 unchanged, 2 failed"
    assert f"failed: {empty}: the file is empty" in lines
    assert [d.filename for d in _documents(sqlite_url)] == ["nouakchott_letter.txt"]
    finished = [(m[3], m[4]) for m in map(PROGRESS.match, result.stderr.splitlines()) if m]
    assert finished == [(str(empty), "failed"), (str(letter), "done")]


def test_an_unusable_database_is_refused_with_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    target.write_text("not a database\n")

    result = _ingest(f"sqlite:///{target}", str(FIXTURES / "menaka_notes.txt"))

    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {target} is not a SQLite database")
    assert target.read_text() == "not a database\n"
