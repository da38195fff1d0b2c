"""The write API: POST, PATCH (If-Match) and DELETE /api/v1/events with bearer tokens, the same
validation as the admin's forms, errors as problem+json, changes recorded as by the API."""

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.accounts import create_user
from app.models import Citation, Event, Revision
from app.tokens import issue_token
from tests.factories import EventSpec, add_actor, add_country, add_document, add_event, add_place

TEXT = "In early May 2024, fighting broke out near Léré between the army and an armed group."
BODY = {
    "title": "Fighting near Léré",
    "type": "armed_violence",
    "date": "early May 2024",
    "countries": [{"id": "MLI"}],
    "actors": [{"id": "fama"}],
    "places": [{"id": "Léré"}],
    "tags": ["border-crisis-2024"],
    "fatalities": {"best": 3},
    "citations": [{"document": "analysis", "quote": "fighting broke out near Léré"}],
}
SLUG = "2024-05-01-fighting-near-lere"


@pytest.fixture
def token(client: TestClient) -> str:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        add_actor(session, "fama", "Malian Armed Forces", country="MLI")
        add_place(session, "lere", "Léré", "MLI", 15.7, -4.9)
        add_document(session, "analysis", "An analysis", TEXT)
        session.commit()
    user = create_user(engine, username="script", password="p" * 16, role="editor")
    return issue_token(engine, user_id=user.id, name="tests", issued_by="tests").token


@pytest.fixture
def api(client: TestClient, token: str) -> Iterator[TestClient]:
    client.headers["Authorization"] = f"Bearer {token}"
    yield client
    del client.headers["Authorization"]


def _engine(client: TestClient) -> Engine:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    return engine


def test_post_creates_an_event(api: TestClient) -> None:
    response = api.post("/api/v1/events", json=BODY)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == SLUG and body["version"] == 1
    assert response.headers["location"].endswith(f"/api/v1/events/{SLUG}")
    assert response.headers["etag"] == '"1"'
    assert body["date"] == {
        "start": "2024-05-01", "end": "2024-05-10", "precision": "part_of_month",
        "edtf": "2024-05-01/2024-05-10", "label": "early May 2024",
    }  # fmt: skip
    assert body["sources"][0]["quote"] == "fighting broke out near Léré"
    assert (
        TEXT[body["sources"][0]["start"] : body["sources"][0]["end"]] == body["sources"][0]["quote"]
    )
    assert body["fatalities"]["best"] == 3 and body["status"] == "published"
    with Session(_engine(api)) as session:
        revision = session.exec(select(Revision)).one()
    assert (revision.author_kind, revision.author, revision.action) == ("api", "script", "create")
    assert api.get(f"/api/v1/events/{SLUG}").json()["title"] == "Fighting near Léré"


def test_every_problem_is_listed_as_problem_json(api: TestClient) -> None:
    response = api.post(
        "/api/v1/events",
        json={
            **BODY,
            "title": " ",
            "type": "coupp",
            "date": "someday",
            "actors": [{"id": "nobody"}],
            "citations": [{"document": "analysis", "quote": "not in the text"}],
        },
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    errors = {e["parameter"]: e for e in response.json()["errors"]}
    assert set(errors) == {"title", "type", "date", "actors[0]", "citations[0]"}
    assert all(e["in"] == "body" for e in errors.values())
    assert "unknown event type 'coupp'" in errors["type"]["message"]
    assert "could not read 'someday'" in errors["date"]["message"]
    shape = api.post("/api/v1/events", json={"title": "x"})
    assert shape.status_code == 400
    assert {e["parameter"] for e in shape.json()["errors"]} == {"type", "date"}
    unknown = api.post("/api/v1/events", json={**BODY, "colour": "red"})
    assert unknown.status_code == 400


def test_patch_needs_the_version_it_read(api: TestClient) -> None:
    api.post("/api/v1/events", json=BODY)
    url = f"/api/v1/events/{SLUG}"
    missing = api.patch(url, json={"title": "Clashes near Léré"})
    assert missing.status_code == 428
    assert missing.headers["content-type"] == "application/problem+json"
    stale = api.patch(url, json={"title": "Clashes near Léré"}, headers={"If-Match": '"7"'})
    assert stale.status_code == 412 and "version 1, not 7" in stale.json()["detail"]
    ok = api.patch(
        url, json={"title": "Clashes near Léré", "summary": None}, headers={"If-Match": '"1"'}
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == 2 and ok.headers["etag"] == '"2"'
    assert ok.json()["tags"] == ["border-crisis-2024"]  # fields not sent are kept
    weak = api.patch(url, json={"tags": []}, headers={"If-Match": 'W/"2"'})
    assert weak.status_code == 200 and weak.json()["tags"] == []
    bad = api.patch(url, json={"title": "x"}, headers={"If-Match": "yesterday"})
    assert bad.status_code == 400
    with Session(_engine(api)) as session:
        changes = [
            r.changes
            for r in session.exec(
                select(Revision).where(Revision.action == "update").order_by(col(Revision.id))
            )
        ]
    assert changes == [
        {"title": ["Fighting near Léré", "Clashes near Léré"]},
        {"tags": [["border-crisis-2024"], []]},
    ]


def test_an_editors_read_of_an_event_carries_its_version(api: TestClient) -> None:
    api.post("/api/v1/events", json=BODY)
    response = api.get(f"/api/v1/events/{SLUG}")
    assert response.headers["etag"] == '"1"'


def test_delete_is_soft(api: TestClient, client: TestClient) -> None:
    api.post("/api/v1/events", json=BODY)
    stale = api.delete(f"/api/v1/events/{SLUG}", headers={"If-Match": '"3"'})
    assert stale.status_code == 412
    response = api.delete(f"/api/v1/events/{SLUG}")
    assert response.status_code == 204 and response.content == b""
    with Session(_engine(api)) as session:
        event = session.exec(select(Event)).one()
        assert session.exec(select(Citation)).first() is not None
    assert event.status == "deleted"
    anonymous = TestClient(client.app)
    assert anonymous.get(f"/api/v1/events/{SLUG}").status_code == 404
    assert api.delete("/api/v1/events/nothing").status_code == 404


def test_the_api_respects_what_editors_own(api: TestClient) -> None:
    with Session(_engine(api)) as session:
        add_event(
            session,
            EventSpec(
                slug="e",
                title="Candidate",
                type="coup",
                start=date(2020, 8, 18),
                end=date(2020, 8, 18),
                precision="day",
                edtf="2020-08-18",
                status="candidate",
            ),
        )
        session.commit()
    response = api.patch(
        "/api/v1/events/e", json={"status": "published"}, headers={"If-Match": "1"}
    )
    assert response.status_code == 200
    with Session(_engine(api)) as session:
        revision = session.exec(select(Revision).where(Revision.author_kind == "api")).one()
    assert revision.changes == {"status": ["candidate", "published"]}


def test_writes_without_a_valid_token_are_401(client: TestClient, token: str) -> None:
    assert client.post("/api/v1/events", json=BODY).status_code == 401
    wrong = client.post(
        "/api/v1/events", json=BODY, headers={"Authorization": "Bearer sct_not-a-token"}
    )
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    basic = client.post("/api/v1/events", json=BODY, headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401


def test_the_write_api_is_documented(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operations = schema["paths"]["/api/v1/events/{id}"]
    assert {"get", "patch", "delete"} <= set(operations)
    patch = operations["patch"]
    assert {p["name"] for p in patch["parameters"]} == {"id", "if-match"}
    assert {"400", "401", "404", "412", "428"} <= set(patch["responses"])
    assert "post" in schema["paths"]["/api/v1/events"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
