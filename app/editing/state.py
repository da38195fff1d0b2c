"""An event's editable state as plain JSON values, the field-level diff of two states, and the
state an event had at an earlier version (for conflicts and reverts).

A state has every field an editor can change: the columns of `event` (SCALARS, exactly the fields
app.ingest treats as editor-owned once a revision by an editor or the API names them) and its
links (LISTS), each a sorted list of short strings: `slug:role` for actors, places and countries,
`kind:event-slug` for relations, `document-slug@start-end` for citations, and the tags. A
revision's `changes` is the diff of the states before and after it, {field: [old, new]}, so undoing
the revisions after version N, newest first, gives the state at version N. Links added by an
ingestion leave no revision and so are not undone.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.models import (
    Actor,
    Citation,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    EventRelation,
    EventTag,
    Place,
    Revision,
)

State = dict[str, Any]

SCALARS = (
    "title",
    "summary",
    "type",
    "date_start",
    "date_end",
    "precision",
    "edtf",
    "status",
    "occurrence",
    "confidence",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "flags",
)
LISTS = ("tags", "actors", "places", "countries", "relations", "citations")
FIELDS = SCALARS + LISTS
DATE_FIELDS = ("date_start", "date_end", "precision", "edtf")


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a column value (dates as ISO strings, lists sorted)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value)
    return value


def citation_key(document_slug: str, start: int, end: int) -> str:
    return f"{document_slug}@{start}-{end}"


def parse_citation_key(key: str) -> tuple[str, int, int]:
    slug, _, span = key.rpartition("@")
    start, _, end = span.partition("-")
    return slug, int(start), int(end)


def link_key(slug: str, role: str) -> str:
    return f"{slug}:{role}"


def parse_link_key(key: str) -> tuple[str, str]:
    slug, _, role = key.rpartition(":")
    return slug, role


def read_state(session: Session, event: Event) -> State:
    """The event's state now, as stored (flushed changes included)."""
    assert event.id is not None
    return read_states(session, [event])[event.id]


def read_states(session: Session, events: Iterable[Event]) -> dict[int, State]:
    """The states of several events, with their links loaded in one query per kind."""
    by_id = {e.id: e for e in events if e.id is not None}
    ids = list(by_id)
    links: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if ids:
        for event_id, tag in session.exec(
            select(EventTag.event_id, EventTag.tag).where(col(EventTag.event_id).in_(ids))
        ):
            links[event_id]["tags"].append(tag)
        for event_id, slug, role in session.exec(
            select(EventActor.event_id, Actor.slug, EventActor.role)
            .join(Actor, col(Actor.id) == col(EventActor.actor_id))
            .where(col(EventActor.event_id).in_(ids))
        ):
            links[event_id]["actors"].append(link_key(slug, role))
        for event_id, slug, role in session.exec(
            select(EventPlace.event_id, Place.slug, EventPlace.role)
            .join(Place, col(Place.id) == col(EventPlace.place_id))
            .where(col(EventPlace.event_id).in_(ids))
        ):
            links[event_id]["places"].append(link_key(slug, role))
        for event_id, code, role in session.exec(
            select(EventCountry.event_id, EventCountry.country_code, EventCountry.role).where(
                col(EventCountry.event_id).in_(ids)
            )
        ):
            links[event_id]["countries"].append(link_key(code, role))
        for event_id, kind, slug in session.exec(
            select(EventRelation.from_event_id, EventRelation.kind, Event.slug)
            .join(Event, col(Event.id) == col(EventRelation.to_event_id))
            .where(col(EventRelation.from_event_id).in_(ids))
        ):
            links[event_id]["relations"].append(link_key(kind, slug))
        for event_id, slug, start, end in session.exec(
            select(Citation.event_id, Document.slug, Citation.char_start, Citation.char_end)
            .join(Document, col(Document.id) == col(Citation.document_id))
            .where(col(Citation.event_id).in_(ids))
        ):
            links[event_id]["citations"].append(citation_key(slug, start, end))
    states = {}
    for event_id, event in by_id.items():
        state: State = {name: plain(getattr(event, name)) for name in SCALARS}
        for name in LISTS:
            state[name] = sorted(links[event_id][name])
        states[event_id] = state
    return states


def diff(before: State, after: State) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in FIELDS
        if name in after and before.get(name) != after.get(name)
    }


def state_at_version(session: Session, event: Event, version: int, current: State) -> State:
    """The state the event had at `version`, from `current` with every later revision undone."""
    assert event.id is not None
    later = session.exec(
        select(Revision)
        .where(Revision.event_id == event.id, col(Revision.event_version) > version)
        .order_by(col(Revision.event_version).desc(), col(Revision.id).desc())
    ).all()
    return undo(current, later)


def undo(current: State, revisions: Iterable[Revision]) -> State:
    """`current` with `revisions` (newest first) undone: each field takes its value from before
    the earliest of them that changed it."""
    state = dict(current)
    for revision in revisions:
        for name, change in revision.changes.items():
            if name in FIELDS and isinstance(change, list) and len(change) == 2:
                old = change[0]
                state[name] = sorted(old) if name in LISTS and old is not None else old
    for name in LISTS:
        if state.get(name) is None:
            state[name] = []
    return state
