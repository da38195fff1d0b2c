"""The aggregates the pages and the API's facets and stats read, remembered until the data
changes.

Most counts come from the trigger-kept summary in a few milliseconds (app.queries.summary), but
a filter it cannot answer (an actor, a place, a text search) scans every matching event: at 1M
events that costs hundreds of milliseconds, the same for every visitor of the same view. They
are kept here, per process, keyed by the query and by the data's version (app.queries.freshness,
the counter the API's ETags use, bumped by triggers in the transaction of every write), read
once per request before any count: any write makes every entry stale, so a page never shows
counts older than its list. Lists of events are not cached (they are one indexed page each).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from sqlmodel import Session

from app.queries.dates import DateUnit
from app.queries.events import count_events
from app.queries.facets import FacetCount, facet_counts
from app.queries.filters import EventFilter, Facet
from app.queries.freshness import data_version
from app.queries.stats import (
    Bucket,
    Interval,
    LaneDay,
    PlaceCount,
    Split,
    lane_day_counts,
    place_counts,
    timeline_counts,
)

T = TypeVar("T")


class AggregateCache:
    """A small LRU of aggregate results of one data version (older versions are dropped)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._version = ""
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: str, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if version != self._version:
                self._version = version
                self._entries.clear()
            if key in self._entries:
                self._entries.move_to_end(key)
                value: T = self._entries[key]
                return value
        value = compute()
        with self._lock:
            if version == self._version:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value


class Aggregates:
    """The aggregate queries of one request, answered from the app's cache when possible."""

    def __init__(self, cache: AggregateCache, session: Session) -> None:
        self.cache = cache
        self.session = session
        self._version: str | None = None

    def _get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self._version is None:
            self._version = data_version(self.session.connection()).tag
        return self.cache.get(self._version, key, compute)

    def facets(self, f: EventFilter, facets: tuple[Facet, ...]) -> dict[str, list[FacetCount]]:
        """facet_counts, one facet at a time, so views sharing a facet share its entry."""
        result: dict[str, list[FacetCount]] = {}
        for facet in dict.fromkeys(facets):
            result.update(self._get(("facet", f, facet), self._facet_query(f, facet)))
        return result

    def _facet_query(
        self, f: EventFilter, facet: Facet
    ) -> Callable[[], dict[str, list[FacetCount]]]:
        return lambda: facet_counts(self.session, f, (facet,))

    def put_facet(self, f: EventFilter, facet: Facet, counts: list[FacetCount]) -> None:
        """Remember a facet computed another way (from lane counts that hold it)."""
        self._get(("facet", f, facet), lambda: {facet.value: counts})

    def lanes(self, f: EventFilter, split: Split, unit: DateUnit) -> list[LaneDay]:
        return self._get(
            ("lanes", f, split, unit), lambda: lane_day_counts(self.session, f, split, unit=unit)
        )

    def places(self, f: EventFilter) -> tuple[list[PlaceCount], int]:
        return self._get(("places", f), lambda: place_counts(self.session, f))

    def count(self, f: EventFilter) -> int:
        return self._get(("count", f), lambda: count_events(self.session, f))

    def timeline(self, f: EventFilter, interval: Interval, split: Split | None) -> list[Bucket]:
        """timeline_counts (the API's /stats/timeline); callers must not change the buckets."""
        return self._get(
            ("timeline", f, interval, split),
            lambda: timeline_counts(self.session, f, interval=interval, split=split),
        )


def aggregates_of(request: Request, session: Session) -> Aggregates:
    """The request's Aggregates over the app's cache (created by app.web.install_pages), for
    pages and API routes alike."""
    cache: AggregateCache = request.app.state.page_cache
    return Aggregates(cache, session)
