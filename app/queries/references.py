"""Actors, places, countries, event types and periods, each with its number of events.

Counts include only events whose status is one of `statuses` (published ones for the public).
Lists are ordered by their key (slug, or code for countries) and read in keyset pages.
`unknown_references` says which slugs and codes of a filter the database does not know.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.orm import defer
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import Select

from app.errors import ParameterError
from app.models import (
    Actor,
    Citation,
    Country,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    Period,
    Place,
)
from app.models.taxonomy import EventType
from app.queries.cursor import decode_cursor, encode_cursor
from app.queries.filters import EventFilter


def _missing(session: Session, key: Any, wanted: Sequence[str]) -> list[str]:
    if not wanted:
        return []
    found = set(session.exec(select(key).where(key.in_(wanted))).all())
    return [w for w in dict.fromkeys(wanted) if w not in found]


def unknown_references(session: Session, f: EventFilter) -> list[ParameterError]:
    """One error per filter value naming a country, actor, place, document or period that does
    not exist, so a typo is an error rather than an empty result."""
    checks = (
        ("country", "countries", col(Country.code), f.countries),
        ("actor", "actors", col(Actor.slug), f.actors),
        ("place", "places", col(Place.slug), f.places),
        ("document", "documents", col(Document.slug), f.documents),
        ("period", "periods", col(Period.slug), f.periods),
    )
    errors = []
    for parameter, listing, key, wanted in checks:
        for value in _missing(session, key, wanted):
            errors.append(
                ParameterError(
                    parameter,
                    f"unknown {parameter} {value!r}; see /api/v1/{listing} for the known ones",
                    value,
                )
            )
    return errors


@dataclass(frozen=True)
class Counted:
    """A row of a reference table with the number of its visible events."""

    row: Any
    events: int


def _visible(statuses: tuple[str, ...]) -> ColumnElement[bool]:
    return col(Event.status).in_(statuses)


def _counted(
    model: type[SQLModel], link: type[SQLModel], on: ColumnElement[bool], statuses: tuple[str, ...]
) -> Select[Any, int]:
    """SELECT (model, number of visible events linked to it through `link`)."""
    events = func.count(func.distinct(col(Event.id)))
    visible = and_(col(Event.id) == link.event_id, _visible(statuses))  # type: ignore[attr-defined]
    return select(model, events).outerjoin(link, on).outerjoin(Event, visible)


def _statement(kind: str, statuses: tuple[str, ...]) -> tuple[Select[Any, int], Any]:
    """The counting SELECT of a kind of reference, and the column it is keyed and ordered by."""
    if kind == "actor":
        on = col(EventActor.actor_id) == col(Actor.id)
        return _counted(Actor, EventActor, on, statuses).group_by(col(Actor.id)), col(Actor.slug)
    if kind == "place":
        on = col(EventPlace.place_id) == col(Place.id)
        return _counted(Place, EventPlace, on, statuses).group_by(col(Place.id)), col(Place.slug)
    if kind == "country":
        on = col(EventCountry.country_code) == col(Country.code)
        statement = _counted(Country, EventCountry, on, statuses)
        return statement.group_by(col(Country.code)), col(Country.code)
    if kind == "document":
        # The text is loaded only when read (one document's page), never for a list.
        on = col(Citation.document_id) == col(Document.id)
        statement = _counted(Document, Citation, on, statuses).options(defer(Document.text))  # type: ignore[arg-type]
        return statement.group_by(col(Document.id)), col(Document.slug)
    assert kind == "period", kind
    overlapping = and_(
        col(Event.date_start) <= col(Period.date_end),
        col(Event.date_end) >= col(Period.date_start),
        _visible(statuses),
    )
    statement = select(Period, func.count(col(Event.id))).outerjoin(Event, overlapping)
    return statement.group_by(col(Period.id)), col(Period.slug)


_MODELS: dict[str, Any] = {
    "actor": Actor,
    "place": Place,
    "country": Country,
    "document": Document,
    "period": Period,
}


@dataclass(frozen=True)
class CountedPage:
    items: list[Counted]
    total: int
    next_cursor: str | None


def read_counted_page(
    session: Session,
    kind: str,
    statuses: tuple[str, ...],
    *,
    limit: int,
    cursor: str | None = None,
) -> CountedPage:
    """Up to `limit` rows of `kind` (actor, place, country, document, period) in key order after
    `cursor`, each with its event count; how many rows there are in all; the next cursor.

    Raises InvalidParameters when `cursor` was altered or comes from another list.
    """
    statement, key = _statement(kind, statuses)
    digest = f"{kind}:{','.join(statuses)}"
    if cursor:
        (after,) = decode_cursor(cursor, digest, (str,))
        statement = statement.where(key > after)
    rows = session.exec(statement.order_by(key).limit(limit + 1)).all()
    total = session.exec(select(func.count()).select_from(_MODELS[kind])).one()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(digest, (getattr(rows[-1][0], key.key),))
    return CountedPage([Counted(row, int(n)) for row, n in rows], int(total), next_cursor)


def get_counted(
    session: Session, kind: str, key_value: str, statuses: tuple[str, ...]
) -> Counted | None:
    """One row of `kind` by its key, with its event count; None when there is none."""
    if "\x00" in key_value:
        return None
    statement, key = _statement(kind, statuses)
    found = session.exec(statement.where(key == key_value)).first()
    return Counted(found[0], int(found[1])) if found else None


def type_counts(session: Session, statuses: tuple[str, ...]) -> dict[str, int]:
    """Every event type with its number of events (zero for types without any)."""
    counts = dict.fromkeys((t.value for t in EventType), 0)
    for type_, n in session.exec(
        select(col(Event.type), func.count(col(Event.id)))
        .where(_visible(statuses))
        .group_by(col(Event.type))
    ):
        counts[type_] = int(n)
    return counts


def periods_overlapping(session: Session, start: date | None, end: date | None) -> list[Period]:
    """The named periods overlapping the window from `start` to `end` (open when None)."""
    statement = select(Period).order_by(col(Period.date_start), col(Period.slug))
    if start is not None:
        statement = statement.where(col(Period.date_end) >= start)
    if end is not None:
        statement = statement.where(col(Period.date_start) <= end)
    return list(session.exec(statement).all())
