"""Synthetic knowledge bases of any size, for benchmarks and load tests (never for analysis).

`fill_synthetic` writes `events` invented events into a migrated database through the models'
tables: the gazetteer's countries, places and actors (the same as the ingestion's), invented
documents whose text is made of the events' quotes (so every citation's offsets are right), one
citation and one `create` revision per event. The mix is meant to look like the real chronology:
more armed violence than treaties, more events in later years, most dates precise to the day and
some to a month, season, year or range; a few candidates and rejected events the public never
sees. Rows go in with bulk INSERTs in batches, so 100k events take seconds, not minutes; the
full-text search triggers of migration 0002 index them as they arrive. Deterministic for a seed.
"""

import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from typing import Any

from sqlalchemy import Engine, func, insert
from sqlmodel import Session, col, select

from app.config import DATA_DIR
from app.extraction.gazetteer import load_gazetteer
from app.extraction.temporal_bounds import (
    MONTH_NAMES,
    DateBounds,
    Part,
    day_bounds,
    month_bounds,
    part_of_month_bounds,
    season_bounds,
    year_bounds,
    year_span_bounds,
)
from app.models import (
    Actor,
    Citation,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    Place,
    Revision,
)
from app.models.taxonomy import EventType
from app.reference import sync_reference_data

FIRST_YEAR, LAST_YEAR = 2012, 2024
EVENTS_PER_DOCUMENT = 200
BATCH = 5000

# Relative frequencies, roughly those of conflict-event datasets for the Sahel.
TYPE_WEIGHTS: dict[EventType, int] = {
    EventType.ARMED_VIOLENCE: 46,
    EventType.DIPLOMACY: 12,
    EventType.DEPLOYMENT: 8,
    EventType.PROTEST: 7,
    EventType.BORDER_INCIDENT: 5,
    EventType.POLITICAL_TRANSITION: 4,
    EventType.SANCTIONS: 3,
    EventType.INSTITUTIONAL: 4,
    EventType.TREATY: 3,
    EventType.TROOP_WITHDRAWAL: 3,
    EventType.MILITARY_EXERCISE: 2,
    EventType.ARMS_TRANSFER: 2,
    EventType.COUP: 1,
}
COUNTRY_WEIGHTS: dict[str, int] = {
    "MLI": 36,
    "BFA": 22,
    "NER": 15,
    "MRT": 6,
    "TCD": 5,
    "NGA": 5,
    "DZA": 2,
    "SEN": 2,
    "CIV": 2,
    "BEN": 2,
    "TGO": 1,
    "LBY": 1,
    "GIN": 1,
}
SECOND_COUNTRIES = ("FRA", "RUS", "MRT", "MLI", "NER", "DZA", "USA")
# The share of each precision; the rest of the synthetic date follows from it.
PRECISION_WEIGHTS = {"day": 62, "part_of_month": 8, "month": 14, "season": 3, "range": 4, "year": 9}
STATUS_WEIGHTS = {"published": 95, "candidate": 4, "rejected": 1}
VERBS: dict[EventType, str] = {
    EventType.ARMED_VIOLENCE: "Gunmen attacked",
    EventType.DIPLOMACY: "A delegation visited",
    EventType.DEPLOYMENT: "Troops deployed to",
    EventType.PROTEST: "Protesters gathered in",
    EventType.BORDER_INCIDENT: "Soldiers crossed the border near",
    EventType.POLITICAL_TRANSITION: "The transitional authorities met in",
    EventType.SANCTIONS: "Sanctions were announced against",
    EventType.INSTITUTIONAL: "A new mandate was adopted for",
    EventType.TREATY: "An agreement was signed in",
    EventType.TROOP_WITHDRAWAL: "Foreign troops withdrew from",
    EventType.MILITARY_EXERCISE: "The army held an exercise near",
    EventType.ARMS_TRANSFER: "Armoured vehicles were delivered to",
    EventType.COUP: "Officers seized power in",
}


@dataclass(frozen=True)
class SynthSummary:
    events: int
    documents: int
    citations: int
    seconds: float


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _random_day(rng: random.Random) -> date:
    # Intensity grows over the years, as the crisis did: later years weigh up to 3 times more.
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    year = rng.choices(years, weights=[1 + 2 * i / (len(years) - 1) for i in range(len(years))])[0]
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _bounds(rng: random.Random, day: date, precision: str) -> DateBounds:
    if precision == "day":
        return day_bounds(day.year, day.month, day.day)
    if precision == "part_of_month":
        parts: tuple[Part, ...] = ("early", "mid", "late")
        return part_of_month_bounds(day.year, day.month, rng.choice(parts))
    if precision == "month":
        return month_bounds(day.year, day.month)
    if precision == "season":
        return season_bounds(day.year, rng.choice((21, 22, 23)))
    if precision == "range" and day.year < LAST_YEAR:
        return year_span_bounds(day.year, day.year + 1)
    return year_bounds(day.year)


def _date_words(bounds: DateBounds) -> str:
    if bounds.precision == "day":
        return f"On {bounds.start.day} {MONTH_NAMES[bounds.start.month - 1]} {bounds.start.year}"
    return "In " + bounds.label()


@dataclass
class _Reference:
    places: list[tuple[int, str, str | None]]  # id, name, country code
    actors: list[int]
    next_ids: dict[str, int]


def _reference(session: Session) -> _Reference:
    sync_reference_data(session, load_gazetteer(DATA_DIR))
    places = [
        (p.id, p.name, p.country_code)
        for p in session.exec(select(Place).where(col(Place.lat).is_not(None)))
        if p.id is not None
    ]
    actors = [a for a in session.exec(select(col(Actor.id))).all() if a is not None]
    # Numbers that keep slugs unique when a database is filled twice.
    last = session.exec(select(func.max(col(Event.id)))).one()
    next_ids = {"event": (last or 0) + 1}
    return _Reference(places, actors, next_ids)


def _chunks(items: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    connection = session.connection()
    for chunk in _chunks(rows, BATCH):
        connection.execute(insert(model.__table__), chunk)


def _insert_returning_ids(
    session: Session, model: Any, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert `rows` and return their new ids, in the rows' order (both engines' sequences
    stay right, unlike ids chosen here)."""
    ids: list[int] = []
    connection = session.connection()
    statement = insert(model.__table__).returning(
        model.__table__.c.id, sort_by_parameter_order=True
    )
    for chunk in _chunks(rows, BATCH):
        ids += [int(row[0]) for row in connection.execute(statement, chunk)]
    return ids


def fill_synthetic(engine: Engine, events: int, *, seed: int = 1) -> SynthSummary:
    """Add `events` synthetic events (with documents, citations, links and revisions) to the
    migrated database behind `engine`, in one transaction. Raises ValueError for events < 1."""
    if events < 1:
        raise ValueError("the number of events must be at least 1")
    started = datetime.now(UTC)
    rng = random.Random(seed)
    now = datetime(2024, 12, 31, 12, tzinfo=UTC)
    with Session(engine) as session:
        ref = _reference(session)
        by_country: dict[str | None, list[tuple[int, str, str | None]]] = {}
        for place in ref.places:
            by_country.setdefault(place[2], []).append(place)
        serial = ref.next_ids["event"]
        documents = citations = 0
        remaining = events
        while remaining > 0:
            size = min(EVENTS_PER_DOCUMENT, remaining)
            event_rows: list[dict[str, Any]] = []
            links: list[tuple[list[str], list[tuple[int, str]], int, str, int, datetime]] = []
            sentences: list[str] = []
            offset = 0
            for _ in range(size):
                kind: EventType = _weighted(rng, TYPE_WEIGHTS)
                country: str = _weighted(rng, COUNTRY_WEIGHTS)
                pool = by_country.get(country) or ref.places
                place_id, place_name, _ = rng.choice(pool)
                precision: str = _weighted(rng, PRECISION_WEIGHTS)
                bounds = _bounds(rng, _random_day(rng), precision)
                status: str = _weighted(rng, STATUS_WEIGHTS)
                title = f"{kind.value.replace('_', ' ').capitalize()} in {place_name}"
                quote = f"{_date_words(bounds)}, {VERBS[kind].lower()} {place_name}."
                quote = quote[0].upper() + quote[1:]
                created = now - timedelta(days=rng.randrange(900), minutes=rng.randrange(1440))
                event_rows.append(
                    {
                        "slug": f"{bounds.start.isoformat()}-synthetic-{seed}-{serial}",
                        "title": title,
                        "summary": f"{VERBS[kind]} {place_name} (synthetic event {serial}).",
                        "type": kind.value,
                        "date_start": bounds.start,
                        "date_end": bounds.end,
                        "precision": bounds.precision,
                        "edtf": bounds.edtf,
                        "status": status,
                        "occurrence": "occurred",
                        "confidence": round(rng.uniform(0.5, 0.99), 2),
                        "fatalities_best": rng.randrange(0, 60)
                        if kind == EventType.ARMED_VIOLENCE
                        else None,
                        "fatalities_low": None,
                        "fatalities_high": None,
                        "flags": [],
                        "created_at": created,
                        "updated_at": created,
                        "version": 1,
                    }
                )
                codes = [country]
                if rng.random() < 0.18:
                    other = rng.choice(SECOND_COUNTRIES)
                    if other != country:
                        codes.append(other)
                actors = [
                    (actor_id, rng.choice(("perpetrator", "party", "target")))
                    for actor_id in dict.fromkeys(rng.sample(ref.actors, k=rng.choice((1, 1, 2))))
                ]
                links.append((codes, actors, place_id, quote, offset, created))
                sentences.append(quote)
                offset += len(quote) + 1
                serial += 1
            text = " ".join(sentences)
            (document_id,) = _insert_returning_ids(
                session,
                Document,
                [
                    {
                        "slug": f"synthetic-{seed}-{serial:07d}",
                        "title": f"Synthetic analysis {documents + 1} (seed {seed})",
                        "authors": ["Synthetic Author"],
                        "publisher": "Sahel Chronicle benchmarks",
                        "published": date(LAST_YEAR, 12, 31),
                        "published_precision": "day",
                        "published_source": "stated",
                        "date_warnings": [],
                        "filename": f"synthetic-{seed}-{serial:07d}.txt",
                        "media_type": "text/plain",
                        "sha256": sha256(f"{seed}:{serial}:{text}".encode()).hexdigest(),
                        "text": text,
                        "ingested_at": now,
                    }
                ],
            )
            ids = _insert_returning_ids(session, Event, event_rows)
            rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for event_id, row, (codes, actors, place_id, quote, start, created) in zip(
                ids, event_rows, links, strict=True
            ):
                rows["country"] += [
                    {"event_id": event_id, "country_code": c, "role": "location"} for c in codes
                ]
                rows["actor"] += [
                    {"event_id": event_id, "actor_id": a, "role": role} for a, role in actors
                ]
                rows["place"].append(
                    {"event_id": event_id, "place_id": place_id, "role": "location"}
                )
                rows["citation"].append(
                    {
                        "event_id": event_id,
                        "document_id": document_id,
                        "quote": quote,
                        "char_start": start,
                        "char_end": start + len(quote),
                        "method": "extraction",
                        "rule": "synthetic",
                        "created_at": created,
                    }
                )
                rows["revision"].append(
                    {
                        "event_id": event_id,
                        "at": created,
                        "author_kind": "ingestion",
                        "author": "synthetic",
                        "action": "create",
                        "changes": {"status": [None, row["status"]], "title": [None, row["title"]]},
                        "event_version": 1,
                    }
                )
            for name, model in (
                ("country", EventCountry),
                ("actor", EventActor),
                ("place", EventPlace),
                ("citation", Citation),
                ("revision", Revision),
            ):
                _insert(session, model, rows[name])
            documents += 1
            citations += size
            remaining -= size
        session.commit()
    seconds = (datetime.now(UTC) - started).total_seconds()
    return SynthSummary(events, documents, citations, seconds)
