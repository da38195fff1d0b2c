"""The API's facets and timeline stats, and the pages' counts, are remembered per data version
(app/web/cache.py) and never outlive a write: whoever writes, the next request counts anew."""

from collections.abc import Iterator
from datetime import date

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from tests.factories import EventSpec, add_country, add_event

FACETS = "/api/v1/events?facets=type,country&start=2022&end=2022"
STATS = "/api/v1/stats/timeline?split=type"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _engine(client: TestClient) -> Engine:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    return engine


def _add(engine: Engine, slug: str, type_: str, day: date) -> None:
    with Session(engine) as session:
        spec = EventSpec(slug, slug, type_, day, day, "day", day.isoformat(), countries=["MLI"])
        add_event(session, spec)
        session.commit()


def _type_counts(client: TestClient) -> dict[str, int]:
    facets = client.get(FACETS).json()["facets"]["type"]
    return {f["value"]: f["count"] for f in facets}


def test_facets_and_stats_follow_every_write(client: TestClient) -> None:
    engine = _engine(client)
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        session.commit()
    _add(engine, "a-protest", "protest", date(2022, 3, 1))
    assert _type_counts(client) == {"protest": 1}
    assert client.get(STATS).json()["total"] == 1
    assert _type_counts(client) == {"protest": 1}  # the same again, from the cache

    _add(engine, "a-coup", "coup", date(2022, 7, 1))
    assert _type_counts(client) == {"protest": 1, "coup": 1}
    stats = client.get(STATS).json()
    assert stats["total"] == 2 and stats["buckets"][-1]["counts"] == {"coup": 1, "protest": 1}

    # A writer outside the app (a script, SQL by hand) invalidates the counts just the same.
    with engine.begin() as connection:
        connection.execute(text("UPDATE event SET status = 'deleted' WHERE slug = 'a-protest'"))
    assert _type_counts(client) == {"coup": 1}
    assert client.get(STATS).json()["total"] == 1
    country = client.get(FACETS).json()["facets"]["country"]
    assert [(c["value"], c["count"]) for c in country] == [("MLI", 1)]


def _legend(client: TestClient) -> dict[str, str]:
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    counts = {}
    for item in soup.select(".legend-item"):
        count = item.select_one(".count")
        assert count is not None
        counts[item.get_text(" ", strip=True).split()[0]] = count.get_text()
    return counts


def test_the_home_page_counts_follow_a_write(client: TestClient) -> None:
    engine = _engine(client)
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        session.commit()
    _add(engine, "a-protest", "protest", date(2022, 3, 1))
    first = _legend(client)
    assert first["Protest"] == "1" and first["Coup"] == "0"
    _add(engine, "a-coup", "coup", date(2022, 7, 1))
    second = _legend(client)
    assert second["Protest"] == "1" and second["Coup"] == "1"
