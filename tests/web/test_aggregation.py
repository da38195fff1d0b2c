"""Many events: busy lanes fold into count bubbles, the page stays small, and the cached
aggregates follow every change of the data."""

import re
from collections.abc import Iterator
from datetime import date

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.config import Settings
from app.models import Event
from app.synthetic import fill_synthetic
from tests.factories import EventSpec, add_event
from tests.web.conftest import web_app

EVENTS = 1500


@pytest.fixture
def busy_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    fill_synthetic(engine, EVENTS, seed=3)
    app = web_app(settings.database_url)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _number(text: str) -> int:
    found = re.search(r": ([\d,]+) events?", text)
    assert found, text
    return int(found.group(1).replace(",", ""))


def test_busy_lanes_are_bubbles_that_add_up(busy_client: TestClient, engine: Engine) -> None:
    response = busy_client.get("/")
    assert response.status_code == 200
    assert len(response.content) < 400_000
    soup = BeautifulSoup(response.text, "html.parser")
    bubbles = soup.select("svg.chart a.bubble-link")
    marks = soup.select("svg.chart a.mark-link")
    assert bubbles and len(bubbles) + len(marks) < 600
    with Session(engine) as session:
        published = session.exec(
            select(func.count(col(Event.id))).where(col(Event.status) == "published")
        ).one()
    assert soup.select_one("#chronology .summary").get_text() == (
        f"The first 100 of {published:,} events, earliest first."
    )
    lanes = soup.select("svg.chart .lane-link")
    mali = next(lane for lane in lanes if lane.title.get_text().startswith("Mali:"))
    total = _number(mali.title.get_text())
    in_lane = [
        _number(b.title.get_text()) for b in bubbles if b.title.get_text().startswith("Mali:")
    ]
    assert in_lane and sum(in_lane) == total
    first = next(b for b in bubbles if b.title.get_text().startswith("Mali:"))
    zoomed = busy_client.get(str(first["href"]))
    assert zoomed.status_code == 200
    assert "country=MLI" in str(first["href"])


def test_cached_counts_follow_the_data(busy_client: TestClient, engine: Engine) -> None:
    def coups() -> int:
        soup = BeautifulSoup(busy_client.get("/", params={"type": "coup"}).text, "html.parser")
        label = soup.select_one('input[name="type"][value="coup"] + label .count')
        assert label is not None
        return int(label.get_text().replace(",", ""))

    before = coups()
    assert coups() == before  # answered from the cache
    with Session(engine) as session:
        add_event(
            session,
            EventSpec(
                "2024-12-01-one-more-coup",
                "One more coup",
                "coup",
                date(2024, 12, 1),
                date(2024, 12, 1),
                "day",
                "2024-12-01",
                countries=["MLI"],
            ),
        )
        session.commit()
    assert coups() == before + 1
