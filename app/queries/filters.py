"""The filter object shared by every list, facet, stat and export of events.

`EventFilter` holds already-validated values (dates, codes, slugs); turning request parameters into
one, and refusing unknown values, is the API's job (app.api.params). Within one field the values
are alternatives (OR); across fields every condition must hold (AND).
"""

import hashlib
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import StrEnum

from app.models.taxonomy import PRECISION_RANK, EventStatus, Precision


class EventSort(StrEnum):
    """Orders of an event list; each is a keyset over its columns and the event id."""

    DATE = "date"
    DATE_DESC = "-date"
    UPDATED = "updated"
    UPDATED_DESC = "-updated"
    RELEVANCE = "relevance"


class Facet(StrEnum):
    TYPE = "type"
    COUNTRY = "country"
    ACTOR = "actor"
    PLACE = "place"
    YEAR = "year"
    PRECISION = "precision"


# The filter fields a facet ignores, so its counts show what choosing another value would give.
_FACET_OWN_FIELDS: dict[Facet, tuple[str, ...]] = {
    Facet.TYPE: ("types",),
    Facet.COUNTRY: ("countries",),
    Facet.ACTOR: ("actors",),
    Facet.PLACE: ("places",),
    Facet.YEAR: ("start", "end"),
    Facet.PRECISION: ("precision",),
}


@dataclass(frozen=True)
class EventFilter:
    """Which events to read. Empty tuples and None mean "no condition"."""

    start: date | None = None  # the window's first day: events ending on or after it
    end: date | None = None  # the window's last day: events starting on or before it
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-3 codes
    actors: tuple[str, ...] = ()  # actor slugs
    places: tuple[str, ...] = ()  # place slugs
    documents: tuple[str, ...] = ()  # document slugs: events cited in any of them
    periods: tuple[str, ...] = ()  # period slugs: events whose dates overlap any of them
    q: str | None = None  # full-text query (app.queries.search)
    precision: Precision | None = None  # at least this precise
    statuses: tuple[str, ...] = (EventStatus.PUBLISHED,)
    min_fatalities: int | None = None
    max_fatalities: int | None = None
    tags: tuple[str, ...] = ()
    updated_since: datetime | None = None  # timezone-aware

    def without(self, facet: Facet) -> "EventFilter":
        """This filter without the conditions `facet` counts over."""
        empty = EventFilter()
        return replace(self, **{name: getattr(empty, name) for name in _FACET_OWN_FIELDS[facet]})

    def precisions(self) -> tuple[str, ...]:
        """The precisions at least as fine as `precision` (all of them when it is None)."""
        if self.precision is None:
            return tuple(Precision)
        limit = PRECISION_RANK[self.precision]
        return tuple(p for p, rank in PRECISION_RANK.items() if rank <= limit)

    def fingerprint(self) -> str:
        """A short stable digest of the filter, to tie a page cursor to the query it came from."""
        text = repr([(f.name, getattr(self, f.name)) for f in fields(self)])
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
