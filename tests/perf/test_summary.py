"""The trigger-kept event summary (migration 0008) stays exact, on both engines, through
inserts, updates of status, type and dates, links added and removed, and deletions; and the
counts it answers equal those of a scan of the events.

Random events, changed at random: after each round the summary table is compared with counts
made here in Python from the rows, and every aggregate the pages and the API read (counts,
facets, lanes, timeline stats) is compared with the same aggregate under an equivalent filter
the summary cannot answer (`precision=year` keeps every event but makes them scan).
"""

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, delete, insert
from sqlmodel import Session, col, select

from app.extraction.temporal_bounds import month_end
from app.models import Actor, Event, EventActor, EventCountry, EventPlace, EventSummary, Place
from app.models.taxonomy import Precision
from app.queries.dates import DateUnit
from app.queries.events import EventQuery, count_events, read_page
from app.queries.facets import facet_counts
from app.queries.filters import EventFilter, Facet
from app.queries.stats import Interval, Split, lane_day_counts, timeline_counts
from tests.factories import EventSpec, add_actor, add_country, add_event, add_place

COUNTRIES = ("MLI", "BFA", "NER")
TYPES = ("coup", "protest", "armed_violence", "diplomacy")
STATUSES = ("published", "published", "published", "candidate", "rejected", "deleted")
ROLES = ("location", "party")


def _bounds(rng: random.Random) -> tuple[date, date, str]:
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    kind = rng.choice(("day", "month", "year", "range"))
    if kind == "day":
        return day, day, "day"
    if kind == "month":
        return day.replace(day=1), month_end(day.year, day.month), "month"
    if kind == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), "year"
    return day, day + timedelta(days=rng.randrange(30, 500)), "range"


def _spec(rng: random.Random, n: int, actors: list[Actor], places: list[Place]) -> EventSpec:
    start, end, precision = _bounds(rng)
    return EventSpec(
        slug=f"event-{n}",
        title=f"Event {n}",
        type=rng.choice(TYPES),
        start=start,
        end=end,
        precision=precision,
        edtf=start.isoformat(),
        status=rng.choice(STATUSES),
        countries=[],
        actors=[(a, rng.choice(ROLES)) for a in rng.sample(actors, rng.randrange(3))],
        places=[(p, "location") for p in rng.sample(places, rng.randrange(3))],
    )


def _link_countries(session: Session, rng: random.Random, event_id: int) -> None:
    """0 to 2 countries, sometimes one of them under two roles, in one multi-row INSERT (as
    bulk loads write them: PostgreSQL then fires AFTER ROW triggers only once all are in)."""
    rows = [
        {"event_id": event_id, "country_code": code, "role": role}
        for code in rng.sample(COUNTRIES, rng.choice((0, 1, 1, 2)))
        for role in rng.sample(ROLES, rng.choice((1, 1, 2)))
    ]
    if rows:
        session.execute(insert(EventCountry).values(rows))


def _mutate(session: Session, rng: random.Random, ids: list[int]) -> None:
    """One random change to the event `ids` hold."""
    event_id = rng.choice(ids)
    event = session.get(Event, event_id)
    assert event is not None
    change = rng.choice(("status", "type", "dates", "add", "remove", "delete", "title"))
    if change == "status":
        event.status = rng.choice(STATUSES)
    elif change == "type":
        event.type = rng.choice(TYPES)
    elif change == "dates":
        event.date_start, event.date_end, event.precision = _bounds(rng)
    elif change == "title":
        event.title += " (edited)"
    elif change == "add":
        code = rng.choice(COUNTRIES)
        role = rng.choice(ROLES)
        if session.get(EventCountry, (event_id, code, role)) is None:
            session.add(EventCountry(event_id=event_id, country_code=code, role=role))
    elif change == "remove":
        links = session.exec(select(EventCountry).where(EventCountry.event_id == event_id)).all()
        actors = session.exec(select(EventActor).where(EventActor.event_id == event_id)).all()
        for link in [*links, *actors][: rng.randrange(1, 3)]:
            session.delete(link)
    else:
        session.delete(event)
        ids.remove(event_id)
    if change in ("status", "type", "dates", "title"):
        session.add(event)
    session.flush()


def _expected_table(session: Session) -> Counter[tuple[str, str, str, int, int, str]]:
    """The summary's rows counted here from the events and their links."""
    expected: Counter[tuple[str, str, str, int, int, str]] = Counter()
    links: dict[str, dict[int, set[str]]] = {"country": {}, "actor": {}, "place": {}}
    link_columns: list[tuple[str, Any, Any]] = [
        ("country", EventCountry.event_id, EventCountry.country_code),
        ("actor", EventActor.event_id, EventActor.actor_id),
        ("place", EventPlace.event_id, EventPlace.place_id),
    ]
    for dim, event_id, value in link_columns:
        for linked, key in session.execute(select(event_id, value)).all():
            links[dim].setdefault(linked, set()).add(str(key))
    for e in session.exec(select(Event)).all():
        assert e.id is not None
        first = e.date_start.year * 100 + e.date_start.month
        last = e.date_end.year * 100 + e.date_end.month
        expected["event", e.status, "", first, last, e.type] += 1
        for code in links["country"].get(e.id) or {""}:
            expected["country", e.status, code, first, last, e.type] += 1
        for dim in ("actor", "place"):
            for key in links[dim].get(e.id, set()):
                years = (e.date_start.year * 100 + 1, e.date_end.year * 100 + 12)
                expected[dim, e.status, key, *years, e.type] += 1
    return expected


def _table(session: Session) -> Counter[tuple[str, str, str, int, int, str]]:
    rows = session.exec(select(EventSummary)).all()
    assert all(r.events > 0 for r in rows), "a count went to zero or below and stayed"
    return Counter(
        {(r.dim, r.status, r.key, r.first_month, r.last_month, r.type): r.events for r in rows}
    )


def _filters() -> list[EventFilter]:
    whole_months = (date(2020, 3, 1), date(2021, 8, 31))
    whole_years = (date(2020, 1, 1), date(2021, 12, 31))
    return [
        EventFilter(),
        EventFilter(types=("protest", "coup")),
        EventFilter(countries=("MLI",)),
        EventFilter(start=whole_months[0], end=whole_months[1]),
        EventFilter(start=whole_years[0], end=whole_years[1], types=("armed_violence",)),
        EventFilter(start=whole_years[0], countries=("BFA",), types=("diplomacy",)),
        EventFilter(end=whole_months[1], statuses=("published", "candidate")),
        # Not answerable by the summary: scanned on both sides, as a check of the check.
        EventFilter(start=date(2020, 3, 15), countries=("MLI", "NER")),
    ]


def _aggregates(session: Session, f: EventFilter) -> dict[str, object]:
    facets = tuple(f for f in Facet if f != Facet.PRECISION)
    result: dict[str, object] = {
        "count": count_events(session, f),
        "facets": facet_counts(session, f, facets),
        "page": [r.event.slug for r in read_page(session, EventQuery(f), limit=7).records],
    }
    for split in Split:
        lanes = lane_day_counts(session, f, split, unit=DateUnit.MONTH)
        result[f"lanes-{split}"] = sorted(lanes, key=lambda r: (r.lane or "", r.day))
        for interval in Interval:
            for by in (None, split):
                buckets = timeline_counts(session, f, interval=interval, split=by)
                result[f"stats-{interval}-{by}"] = [(b.start, b.total, b.counts) for b in buckets]
    return result


def _check(session: Session) -> None:
    assert _table(session) == _expected_table(session)
    for f in _filters():
        scanned = replace(f, precision=Precision.YEAR)  # every precision: the same events
        assert _aggregates(session, f) == _aggregates(session, scanned), f


@pytest.mark.parametrize("seed", [1])
def test_the_summary_stays_exact_through_every_kind_of_write(engine: Engine, seed: int) -> None:
    rng = random.Random(seed)
    with Session(engine) as session:
        for code in COUNTRIES:
            add_country(session, code, code.title())
        actors = [add_actor(session, f"actor-{i}", f"Actor {i}") for i in range(4)]
        places = [add_place(session, f"place-{i}", f"Place {i}") for i in range(4)]
        ids: list[int] = []
        for n in range(50):
            event = add_event(session, _spec(rng, n, actors, places))
            assert event.id is not None
            _link_countries(session, rng, event.id)
            ids.append(event.id)
        session.commit()
        _check(session)
        for _ in range(3):
            for _ in range(25):
                _mutate(session, rng, ids)
            session.commit()
            _check(session)


def test_a_link_is_not_moved_in_place(engine: Engine) -> None:
    """Moving a link to another value would bypass the counts: the database refuses it."""
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        add_country(session, "NER", "Niger")
        day = date(2022, 5, 1)
        event = add_event(session, EventSpec("e", "E", "protest", day, day, "day", "2022-05-01"))
        assert event.id is not None
        session.add(EventCountry(event_id=event.id, country_code="MLI"))
        session.commit()
        link = session.exec(select(EventCountry)).one()
        link.country_code = "NER"
        session.add(link)
        with pytest.raises(Exception, match="delete the link and insert another"):
            session.commit()
        session.rollback()
        link = session.exec(select(EventCountry)).one()
        link.role = "party"  # a new role is fine: the counts do not depend on it
        session.add(link)
        session.commit()
        _check(session)


def test_deleting_every_event_empties_the_counts(engine: Engine) -> None:
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        day = date(2022, 5, 1)
        for n in range(3):
            event = add_event(
                session, EventSpec(f"e{n}", "E", "protest", day, day, "day", "2022-05-01")
            )
            assert event.id is not None
            session.add(EventCountry(event_id=event.id, country_code="MLI"))
        session.commit()
        assert count_events(session, EventFilter(countries=("MLI",))) == 3
        session.execute(delete(Event))
        session.commit()
        assert _table(session) == Counter()
        assert session.exec(select(col(EventCountry.event_id))).all() == []
