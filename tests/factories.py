"""Rows for tests, written through the app's models (no SQL): reference data, documents, events.

`add_event` writes an event with its links, citations (quotes found in the document's text, so
offsets are right by construction) and a `create` revision, as the ingestion would.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from hashlib import sha256

from sqlmodel import Session

from app.models import (
    Actor,
    Citation,
    Country,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    EventTag,
    Period,
    Place,
    Revision,
)


def add_country(
    session: Session, code: str, name: str, lat: float | None = None, lon: float | None = None
) -> Country:
    country = Country(code=code, name=name, lat=lat, lon=lon)
    session.add(country)
    session.flush()
    return country


def add_actor(
    session: Session, slug: str, name: str, kind: str = "armed_force", country: str | None = None
) -> Actor:
    actor = Actor(slug=slug, name=name, kind=kind, country_code=country, aliases=[name])
    session.add(actor)
    session.flush()
    return actor


def add_place(
    session: Session,
    slug: str,
    name: str,
    country: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> Place:
    place = Place(slug=slug, name=name, kind="town", country_code=country, lat=lat, lon=lon)
    session.add(place)
    session.flush()
    return place


def add_document(session: Session, slug: str, title: str, text: str) -> Document:
    document = Document(
        slug=slug,
        title=title,
        filename=f"{slug}.txt",
        sha256=sha256(text.encode()).hexdigest(),
        text=text,
        published=date(2024, 6, 1),
        ingested_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    session.add(document)
    session.flush()
    return document


def add_period(session: Session, slug: str, name: str, start: date, end: date) -> Period:
    period = Period(slug=slug, name=name, date_start=start, date_end=end)
    session.add(period)
    session.flush()
    return period


@dataclass
class EventSpec:
    slug: str
    title: str
    type: str
    start: date
    end: date
    precision: str
    edtf: str
    summary: str = ""
    status: str = "published"
    occurrence: str = "occurred"
    confidence: float = 0.9
    fatalities: tuple[int | None, int | None, int | None] = (None, None, None)
    flags: list[str] = field(default_factory=list)
    countries: Sequence[str] = ()
    actors: Sequence[tuple[Actor, str]] = ()
    places: Sequence[tuple[Place, str]] = ()
    tags: Sequence[str] = ()
    quotes: Sequence[tuple[Document, str]] = ()
    created_at: datetime = datetime(2024, 1, 1, tzinfo=UTC)
    updated_at: datetime = datetime(2024, 1, 1, tzinfo=UTC)


def add_event(session: Session, spec: EventSpec) -> Event:
    best, low, high = spec.fatalities
    event = Event(
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        type=spec.type,
        date_start=spec.start,
        date_end=spec.end,
        precision=spec.precision,
        edtf=spec.edtf,
        status=spec.status,
        occurrence=spec.occurrence,
        confidence=spec.confidence,
        fatalities_best=best,
        fatalities_low=low,
        fatalities_high=high,
        flags=spec.flags,
        created_at=spec.created_at,
        updated_at=spec.updated_at,
    )
    session.add(event)
    session.flush()
    assert event.id is not None
    for code in spec.countries:
        session.add(EventCountry(event_id=event.id, country_code=code))
    for actor, role in spec.actors:
        assert actor.id is not None
        session.add(EventActor(event_id=event.id, actor_id=actor.id, role=role))
    for place, role in spec.places:
        assert place.id is not None
        session.add(EventPlace(event_id=event.id, place_id=place.id, role=role))
    for tag in spec.tags:
        session.add(EventTag(event_id=event.id, tag=tag))
    for document, quote in spec.quotes:
        assert document.id is not None
        start = document.text.index(quote)
        session.add(
            Citation(
                event_id=event.id,
                document_id=document.id,
                quote=quote,
                char_start=start,
                char_end=start + len(quote),
            )
        )
    session.add(
        Revision(
            event_id=event.id,
            at=spec.created_at,
            author_kind="ingestion",
            author="tests",
            action="create",
            changes={"status": [None, spec.status], "title": [None, spec.title]},
            event_version=1,
        )
    )
    session.flush()
    return event


def set_status(session: Session, event: Event, status: str, at: datetime) -> None:
    """Change an event's status as an editor would: new version, timestamp and revision."""
    assert event.id is not None
    old = event.status
    event.status, event.updated_at, event.version = status, at, event.version + 1
    session.add(event)
    session.add(
        Revision(
            event_id=event.id,
            at=at,
            author_kind="editor",
            author="tests",
            action="delete" if status == "deleted" else "update",
            changes={"status": [old, status]},
            event_version=event.version,
        )
    )
    session.flush()
