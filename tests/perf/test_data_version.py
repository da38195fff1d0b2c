"""The data version (migration 0007): every kind of write changes it, on both engines, at
commit; a write rolled back leaves it as it was; its time never goes backwards."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from app.accounts import create_user
from app.config import Settings
from app.editing.references import ReferenceDraft, create_reference, update_reference
from app.ingest import DocumentInput
from app.main import create_app
from app.models import Actor, Citation, Event, EventCountry
from app.pipeline import run_ingestion
from app.queries.freshness import DataVersion, data_version
from app.tokens import issue_token
from tests.factories import EventSpec, add_actor, add_country, add_document, add_event, add_place

TEXT = "In early May 2024, fighting broke out near Léré between the army and an armed group."
FIXTURES = Path(__file__).parent.parent / "fixtures"


def _version(engine: Engine) -> DataVersion:
    with engine.connect() as connection:
        return data_version(connection)


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    """The app over HTTP with a bearer token of an editor, on a database with a document."""
    app = create_app(settings)
    engine: Engine = app.state.engine
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        add_actor(session, "fama", "Malian Armed Forces", country="MLI")
        add_place(session, "lere", "Léré", "MLI", 15.7, -4.9)
        add_document(session, "analysis", "An analysis", TEXT)
        session.commit()
    user = create_user(engine, username="script", password="p" * 16, role="editor")
    token = issue_token(engine, user_id=user.id, name="tests", issued_by="tests").token
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client
    engine.dispose()


def test_api_writes_change_the_version_and_the_etag(api: TestClient) -> None:
    engine: Engine = api.app.state.engine  # type: ignore[attr-defined]
    seen = [_version(engine)]
    etag = TestClient(api.app).get("/api/v1/events").headers["etag"]
    body = {
        "title": "Fighting near Léré",
        "type": "armed_violence",
        "date": "early May 2024",
        "countries": [{"id": "MLI"}],
        "actors": [{"id": "fama"}],
        "citations": [{"document": "analysis", "quote": "fighting broke out near Léré"}],
    }
    created = api.post("/api/v1/events", json=body)
    assert created.status_code == 201, created.text
    slug = created.json()["id"]
    seen.append(_version(engine))
    patched = api.patch(
        f"/api/v1/events/{slug}", json={"fatalities": {"best": 3}}, headers={"If-Match": '"1"'}
    )
    assert patched.status_code == 200, patched.text
    seen.append(_version(engine))
    assert api.delete(f"/api/v1/events/{slug}").status_code in (200, 204)
    seen.append(_version(engine))
    assert len({v.tag for v in seen}) == len(seen)
    moments = [v.last_modified for v in seen]
    assert all(m is not None and m.tzinfo is not None for m in moments)
    assert moments == sorted(moments)  # type: ignore[type-var]
    # Anonymous readers see the new version in the ETag.
    assert TestClient(api.app).get("/api/v1/events").headers["etag"] != etag


def test_reference_edits_change_the_version(engine: Engine) -> None:
    before = _version(engine)
    slug = create_reference(
        engine,
        kind="actor",
        draft=ReferenceDraft(name="Katiba Macina", kind="armed_group"),
        author="tests",
    )
    created = _version(engine)
    assert created.tag != before.tag
    changed = update_reference(
        engine,
        kind="actor",
        slug=slug,
        draft=ReferenceDraft(name="Katiba Macina (FLM)", kind="armed_group"),
        author="tests",
    )
    assert changed
    assert _version(engine).tag != created.tag


def test_any_write_to_a_table_readers_see_changes_the_version(engine: Engine) -> None:
    """Writers outside app.editing (scripts, bulk loads) are covered: each of these is a
    single row written with nothing else."""
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        document = add_document(session, "doc", "Doc", TEXT)
        day = date(2024, 5, 1)
        event = add_event(session, EventSpec("e", "E", "protest", day, day, "day", "2024-05-01"))
        session.commit()
        assert event.id is not None and document.id is not None
        event_id, document_id = event.id, document.id

    def write(statement: str, **values: object) -> None:
        before = _version(engine)
        with engine.begin() as connection:
            connection.execute(text(statement), values)
        assert _version(engine).tag != before.tag, statement

    write("UPDATE event SET title = 'Renamed' WHERE id = :id", id=event_id)
    write(
        "INSERT INTO event_country (event_id, country_code, role) VALUES (:id, 'MLI', 'x')",
        id=event_id,
    )
    write("DELETE FROM event_country WHERE event_id = :id", id=event_id)
    before = _version(engine)
    with Session(engine) as session:
        session.add(
            Citation(
                event_id=event_id,
                document_id=document_id,
                quote="fighting",
                char_start=24,
                char_end=32,
            )
        )
        session.commit()
    assert _version(engine).tag != before.tag
    write("UPDATE country SET name = 'Mali (Republic)' WHERE code = 'MLI'")
    write("UPDATE document SET title = 'Another title' WHERE id = :id", id=document_id)
    write("DELETE FROM event WHERE id = :id", id=event_id)


def test_a_rolled_back_write_leaves_the_version(engine: Engine) -> None:
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        session.commit()
    before = _version(engine)
    with Session(engine) as session:
        day = date(2024, 5, 1)
        event = add_event(session, EventSpec("e", "E", "protest", day, day, "day", "2024-05-01"))
        assert event.id is not None
        session.add(EventCountry(event_id=event.id, country_code="MLI"))
        session.flush()
        session.rollback()
    assert _version(engine) == before
    with Session(engine) as session:
        assert session.exec(select(col(Event.id))).all() == []
        assert session.exec(select(col(Citation.id))).all() == []
        assert session.exec(select(col(Actor.id))).all() == []


def test_an_ingestion_changes_the_version(engine: Engine) -> None:
    before = _version(engine)
    name = "menaka_notes.txt"
    summary = run_ingestion(
        engine,
        [DocumentInput(filename=name, raw=(FIXTURES / name).read_bytes())],
        started_by="test",
    )
    assert summary.events_new > 0
    after = _version(engine)
    assert after.tag != before.tag
    assert after.last_modified is not None and before.last_modified is not None
    assert after.last_modified >= before.last_modified
