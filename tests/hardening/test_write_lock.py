"""SQLite's write lock: an edit takes it before its first read, and when another process holds
it past the busy timeout, the whole edit runs again instead of failing with "database is
locked"; when it stays held, the API answers 503 with Retry-After and nothing is stored."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import migrations
from app.accounts import create_user
from app.config import Settings
from app.db import make_engine, write_session
from app.editing.drafts import EventDraft
from app.editing.events import Author, create_event
from app.main import create_app
from app.models.taxonomy import AuthorKind
from app.tokens import issue_token
from tests.factories import add_country

AUTHOR = Author(AuthorKind.EDITOR, "tests")
DRAFT = EventDraft(title="Clash near Léré", type="armed_violence", date="4 May 2024")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "locks.db"
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    migrations.upgrade(engine)
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        session.commit()
    engine.dispose()
    return path


def _hold_lock(path: Path, seconds: float, taken: threading.Event) -> None:
    """Another process's writer: hold the write lock for `seconds`."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    taken.set()
    time.sleep(seconds)
    other.execute("ROLLBACK")
    other.close()


def test_a_write_session_holds_the_lock_from_its_first_statement(database: Path) -> None:
    engine = make_engine(Settings(database_url=f"sqlite:///{database}"))
    other = sqlite3.connect(database, isolation_level=None, timeout=0)
    with write_session(engine) as session:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            other.execute("BEGIN IMMEDIATE")  # before this session wrote anything
        session.rollback()
    other.execute("BEGIN IMMEDIATE")  # free again once the session ends
    other.execute("ROLLBACK")
    other.close()
    engine.dispose()


def test_an_edit_waits_out_a_lock_longer_than_the_busy_timeout(database: Path) -> None:
    # A 100 ms busy timeout and a lock held for 0.6 s: the first attempts time out, a later
    # one gets the lock, and the event is created once.
    url = f"sqlite:///{database}"
    engine = make_engine(Settings(database_url=url, sqlite_busy_timeout_ms=100))
    taken = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(database, 0.6, taken))
    holder.start()
    taken.wait(5)
    started = time.monotonic()
    saved = create_event(engine, draft=DRAFT, author=AUTHOR)
    waited = time.monotonic() - started
    holder.join()
    assert waited >= 0.1  # it did meet the lock
    with engine.connect() as connection:
        count = connection.exec_driver_sql(
            "SELECT count(*) FROM event WHERE slug = ?", (saved.slug,)
        ).scalar()
    assert count == 1
    engine.dispose()


def test_a_lock_that_stays_taken_is_a_503_and_nothing_is_stored(database: Path) -> None:
    url = f"sqlite:///{database}"
    app = create_app(Settings(database_url=url, sqlite_busy_timeout_ms=50))
    engine = app.state.engine
    user = create_user(engine, username="script", password="p" * 16, role="editor")
    token = issue_token(engine, user_id=user.id, name="tests", issued_by="tests").token
    taken = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(database, 2.0, taken))
    holder.start()
    taken.wait(5)
    # As a server answers: the error handler's response, not the exception, reaches the client.
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(
            "/api/v1/events",
            json={"title": "Clash near Léré", "type": "armed_violence", "date": "4 May 2024"},
            headers={"Authorization": f"Bearer {token}"},
        )
    holder.join()
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "2"
    assert "nothing was saved" in response.json()["detail"]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM event").scalar() == 0
    engine.dispose()
