"""The changes feed (/api/v1/changes) and the timeline counts (/api/v1/stats/timeline)."""

from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import Settings
from app.db import make_engine
from app.models import Event
from tests.api.world import (
    BY_DATE,
    CANDIDATE,
    DELETED,
    ELECTIONS,
    INCURSION,
    MASSACRE,
)
from tests.factories import EventSpec, add_country, add_event, set_status


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def test_changes_since_list_created_updated_and_deleted(world_client: TestClient) -> None:
    body = get(world_client, "/api/v1/changes?since=2024-01-08T00:00:00Z")
    assert set(body) == {"items", "total", "next"}
    assert [(c["id"], c["change"]) for c in body["items"]] == [
        (MASSACRE, "created"),
        (ELECTIONS, "created"),
        (DELETED, "deleted"),  # published, then deleted on the 15th
        (INCURSION, "updated"),  # created on the 6th, changed on the 20th
    ]
    assert body["items"][-1]["updated_at"] == "2024-01-20T12:00:00Z"
    assert CANDIDATE not in {c["id"] for c in body["items"]}  # never public


def test_changes_since_the_beginning_cover_every_public_event(world_client: TestClient) -> None:
    items = []
    body = get(world_client, "/api/v1/changes?since=2000-01-01&limit=3")
    items += body["items"]
    while body["next"]:
        body = get(world_client, body["next"].removeprefix("http://testserver"))
        items += body["items"]
    assert len(items) == body["total"] == len(BY_DATE) + 1
    assert {c["id"] for c in items} == set(BY_DATE) | {DELETED}
    moments = [c["updated_at"] for c in items]
    assert moments == sorted(moments)


def test_changes_since_now_are_empty(world_client: TestClient) -> None:
    body = get(world_client, "/api/v1/changes?since=2025-01-01T00:00:00%2B02:00")
    assert body == {"items": [], "total": 0, "next": None}


def test_an_unpublished_event_is_reported_deleted_once_it_was_public(
    client: TestClient, settings: Settings
) -> None:
    engine = make_engine(settings)
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        day = date(2022, 5, 1)
        spec = EventSpec("shown-then-hidden", "Shown", "protest", day, day, "day", "2022-05-01")
        add_event(session, spec)
        session.commit()
        shown = session.exec(select(Event)).one()
        later = datetime(2025, 3, 1, tzinfo=UTC)
        set_status(session, shown, "candidate", later)
        session.commit()
    engine.dispose()
    body = get(client, "/api/v1/changes?since=2025-01-01")
    assert [(c["id"], c["change"]) for c in body["items"]] == [("shown-then-hidden", "deleted")]
    assert client.get("/api/v1/events/shown-then-hidden").status_code == 404


def test_timeline_counts_per_year_with_empty_years(world_client: TestClient) -> None:
    body = get(world_client, "/api/v1/stats/timeline")
    assert body["interval"] == "year" and body["split"] is None
    assert [(b["period"], b["total"]) for b in body["buckets"]] == [
        ("2019", 1),
        ("2020", 1),
        ("2021", 2),
        ("2022", 2),
        ("2023", 1),
        ("2024", 2),
    ]
    assert body["total"] == len(BY_DATE)
    first = body["buckets"][0]
    assert (first["start"], first["end"], first["counts"]) == ("2019-01-01", "2019-12-31", {})


def test_timeline_counts_per_month_split_by_type_under_filters(world_client: TestClient) -> None:
    body = get(
        world_client, "/api/v1/stats/timeline?interval=month&split=type&country=MLI&start=2022"
    )
    buckets = {b["period"]: b for b in body["buckets"]}
    assert body["buckets"][0]["period"] == "2021-01"  # the talks overlap 2022, start in 2021
    assert body["buckets"][-1]["period"] == "2024-04"
    assert len(body["buckets"]) == 40  # every month in between, empty ones included
    assert buckets["2022-01"]["counts"] == {"sanctions": 1}
    assert buckets["2022-02"] == {
        "period": "2022-02",
        "start": "2022-02-01",
        "end": "2022-02-28",
        "total": 1,
        "counts": {"troop_withdrawal": 1},
    }
    assert buckets["2022-03"]["total"] == 0


def test_timeline_split_by_country_counts_an_event_in_each(world_client: TestClient) -> None:
    body = get(world_client, "/api/v1/stats/timeline?split=country&start=2024")
    assert body["buckets"] == [
        {
            "period": "2024",
            "start": "2024-01-01",
            "end": "2024-12-31",
            "total": 2,
            "counts": {"MLI": 1, "MRT": 2},
        }
    ]


def test_timeline_of_nothing_is_empty(world_client: TestClient) -> None:
    body = get(world_client, "/api/v1/stats/timeline?type=protest")
    assert body["buckets"] == [] and body["total"] == 0
