"""Events with everything a reader needs: countries, actors, places, tags and cited sources.

`load_records` loads the links of a batch of events in one query per kind (never one per event),
for a page of the API and for each batch of an export alike.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from app.models import (
    Actor,
    Citation,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    EventTag,
    Place,
)
from app.models.taxonomy import Role


@dataclass(frozen=True)
class ActorLink:
    slug: str
    name: str
    role: str


@dataclass(frozen=True)
class PlaceLink:
    slug: str
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class SourceLink:
    document: str  # document slug
    filename: str
    title: str
    quote: str
    start: int
    end: int
    citation: int  # the citation's id: the anchor of its spot in the document's page


@dataclass(frozen=True)
class EventRecord:
    event: Event
    countries: list[str]
    actors: list[ActorLink]
    places: list[PlaceLink]  # where it happened first, then other roles; by name within each
    tags: list[str]
    sources: list[SourceLink]

    @property
    def located_place(self) -> PlaceLink | None:
        """The first place with coordinates: the point a map or a CSV row shows."""
        return next((p for p in self.places if p.lat is not None and p.lon is not None), None)


def _located_first(links: dict[PlaceLink, bool]) -> list[PlaceLink]:
    return sorted(links, key=lambda p: (not links[p], p.name, p.slug))


def load_records(session: Session, events: Sequence[Event]) -> list[EventRecord]:
    """The records of `events`, in the same order, with their links loaded in five queries.

    The links are read as plain columns, not as model objects: building a hundred pages'
    worth of those cost more than the queries themselves.
    """
    ids = [e.id for e in events if e.id is not None]
    if not ids:
        return []
    countries: dict[int, list[str]] = defaultdict(list)
    for event_id, code in session.execute(
        select(col(EventCountry.event_id), col(EventCountry.country_code))
        .where(col(EventCountry.event_id).in_(ids))
        .order_by(col(EventCountry.event_id), col(EventCountry.country_code))
    ):
        if code not in countries[event_id]:
            countries[event_id].append(code)
    actors: dict[int, list[ActorLink]] = defaultdict(list)
    for event_id, role, slug, name in session.execute(
        select(col(EventActor.event_id), col(EventActor.role), col(Actor.slug), col(Actor.name))
        .join(Actor, col(Actor.id) == col(EventActor.actor_id))
        .where(col(EventActor.event_id).in_(ids))
        .order_by(col(EventActor.event_id), col(Actor.name), col(EventActor.role))
    ):
        actors[event_id].append(ActorLink(slug, name, role))
    # Where it happened comes before places merely involved, by name within each.
    located: dict[int, dict[PlaceLink, bool]] = defaultdict(dict)
    for event_id, role, slug, name, lat, lon in session.execute(
        select(
            col(EventPlace.event_id),
            col(EventPlace.role),
            col(Place.slug),
            col(Place.name),
            col(Place.lat),
            col(Place.lon),
        )
        .join(Place, col(Place.id) == col(EventPlace.place_id))
        .where(col(EventPlace.event_id).in_(ids))
    ):
        own = located[event_id]
        key = PlaceLink(slug, name, lat, lon)
        own[key] = own.get(key, False) or role == Role.LOCATION
    places = {event_id: _located_first(links) for event_id, links in located.items()}
    tags: dict[int, list[str]] = defaultdict(list)
    for event_id, tag in session.execute(
        select(col(EventTag.event_id), col(EventTag.tag))
        .where(col(EventTag.event_id).in_(ids))
        .order_by(col(EventTag.event_id), col(EventTag.tag))
    ):
        tags[event_id].append(tag)
    sources: dict[int, list[SourceLink]] = defaultdict(list)
    # Not the Document itself: its text can be long, and a page cites the same few documents.
    for event_id, quote, start, end, citation_id, slug, filename, title in session.execute(
        select(
            col(Citation.event_id),
            col(Citation.quote),
            col(Citation.char_start),
            col(Citation.char_end),
            col(Citation.id),
            col(Document.slug),
            col(Document.filename),
            col(Document.title),
        )
        .join(Document, col(Document.id) == col(Citation.document_id))
        .where(col(Citation.event_id).in_(ids))
        .order_by(col(Citation.event_id), col(Document.slug), col(Citation.char_start))
    ):
        sources[event_id].append(
            SourceLink(slug, filename, title, quote, start, end, citation_id or 0)
        )
    return [
        EventRecord(
            event=e,
            countries=countries[e.id],
            actors=actors[e.id],
            places=places.get(e.id, []),
            tags=tags[e.id],
            sources=sources[e.id],
        )
        for e in events
        if e.id is not None
    ]
