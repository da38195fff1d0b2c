"""Facet counts: how many events each value of a field has, under the same filter.

As in Datasette, a facet ignores its own filter (`EventFilter.without`), so its counts show what
choosing another value, or a further one, would give. Multi-valued fields (countries, actors,
places) count each event once per value; `selected` marks the values already chosen.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import extract, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app.models import Actor, Country, Event, EventActor, EventCountry, EventPlace, Place
from app.queries.events import dialect_of, event_conditions
from app.queries.filters import EventFilter, Facet


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool


def _statement(facet: Facet) -> Select[Any, Any, int]:
    events = func.count(func.distinct(col(Event.id)))
    if facet == Facet.TYPE:
        return select(col(Event.type), col(Event.type), events).group_by(col(Event.type))
    if facet == Facet.PRECISION:
        return select(col(Event.precision), col(Event.precision), events).group_by(
            col(Event.precision)
        )
    if facet == Facet.YEAR:
        year = extract("year", col(Event.date_start))
        return select(year, year, events).group_by(year)
    if facet == Facet.COUNTRY:
        return (
            select(col(Country.code), col(Country.name), events)
            .join(EventCountry, col(EventCountry.country_code) == col(Country.code))
            .join(Event, col(Event.id) == col(EventCountry.event_id))
            .group_by(col(Country.code), col(Country.name))
        )
    if facet == Facet.ACTOR:
        return (
            select(col(Actor.slug), col(Actor.name), events)
            .join(EventActor, col(EventActor.actor_id) == col(Actor.id))
            .join(Event, col(Event.id) == col(EventActor.event_id))
            .group_by(col(Actor.slug), col(Actor.name))
        )
    return (
        select(col(Place.slug), col(Place.name), events)
        .join(EventPlace, col(EventPlace.place_id) == col(Place.id))
        .join(Event, col(Event.id) == col(EventPlace.event_id))
        .group_by(col(Place.slug), col(Place.name))
    )


def _chosen(f: EventFilter, facet: Facet) -> set[str]:
    if facet == Facet.YEAR:
        return set()
    if facet == Facet.PRECISION:
        return {f.precision} if f.precision else set()
    attribute = {"type": "types", "country": "countries", "actor": "actors", "place": "places"}
    return set(getattr(f, attribute[facet]))


def facet_counts(
    session: Session, f: EventFilter, facets: tuple[Facet, ...]
) -> dict[str, list[FacetCount]]:
    """For each facet, its values with their event counts under `f` without the facet's own
    condition: most events first, then by value (years in date order)."""
    dialect = dialect_of(session)
    result: dict[str, list[FacetCount]] = {}
    for facet in dict.fromkeys(facets):
        statement = _statement(facet).where(*event_conditions(f.without(facet), dialect))
        chosen = _chosen(f, facet)
        counts = [
            FacetCount(str(value), str(label), int(n), str(value) in chosen)
            for value, label, n in session.exec(statement)
        ]
        if facet == Facet.YEAR:
            counts.sort(key=lambda c: c.value)
        else:
            counts.sort(key=lambda c: (-c.count, c.value))
        result[facet.value] = counts
    return result
