"""Event counts per year or month, optionally split by type or country: what a timeline draws.

An event counts in the bucket of its first day. Buckets between the first and the last non-empty
one are all returned, empty ones with zero, so a chart's axis has no gaps.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import extract, func
from sqlmodel import Session, col, select

from app.extraction.temporal_bounds import add_months, month_end
from app.models import Event, EventCountry
from app.queries.events import dialect_of, event_conditions
from app.queries.filters import EventFilter


class Interval(StrEnum):
    YEAR = "year"
    MONTH = "month"


class Split(StrEnum):
    TYPE = "type"
    COUNTRY = "country"


@dataclass
class Bucket:
    start: date
    end: date
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.start.month == 1 and self.end.month == 12 and self.end.day == 31:
            return f"{self.start.year:04d}"
        return f"{self.start.year:04d}-{self.start.month:02d}"


def _bucket(start: date, interval: Interval) -> Bucket:
    if interval == Interval.YEAR:
        return Bucket(start, date(start.year, 12, 31))
    return Bucket(start, month_end(start.year, start.month))


def _following(start: date, interval: Interval) -> date:
    return add_months(start, 12 if interval == Interval.YEAR else 1)


def _bucket_key(interval: Interval) -> Any:
    """The bucket of an event's first day as one integer: 2022, or 202201 for January 2022."""
    year = extract("year", col(Event.date_start))
    if interval == Interval.YEAR:
        return year
    return year * 100 + extract("month", col(Event.date_start))


def _start_of(key: int, interval: Interval) -> date:
    if interval == Interval.YEAR:
        return date(key, 1, 1)
    return date(key // 100, key % 100, 1)


def timeline_counts(
    session: Session, f: EventFilter, *, interval: Interval, split: Split | None
) -> list[Bucket]:
    """Buckets in date order with the events of `f` that start in each, in total and per
    type or country code when `split` is given (an event in two countries counts in both)."""
    where = event_conditions(f, dialect_of(session))
    key = _bucket_key(interval)
    by_start: dict[date, Bucket] = {}
    totals = select(key, func.count(col(Event.id))).where(*where).group_by(key)
    for value, total in session.exec(totals):
        start = _start_of(int(value), interval)
        by_start[start] = _bucket(start, interval)
        by_start[start].total = int(total)
    if split is not None:
        parts: dict[date, dict[str, int]] = defaultdict(dict)
        if split == Split.TYPE:
            statement = (
                select(key, col(Event.type), func.count(col(Event.id)))
                .where(*where)
                .group_by(key, col(Event.type))
            )
        else:
            statement = (
                select(
                    key,
                    col(EventCountry.country_code),
                    func.count(func.distinct(col(Event.id))),
                )
                .join(EventCountry, col(EventCountry.event_id) == col(Event.id))
                .where(*where)
                .group_by(key, col(EventCountry.country_code))
            )
        for value, part, count in session.exec(statement):
            parts[_start_of(int(value), interval)][str(part)] = int(count)
        for start, counts in parts.items():
            by_start[start].counts = dict(sorted(counts.items()))
    if not by_start:
        return []
    buckets: list[Bucket] = []
    cursor, last = min(by_start), max(by_start)
    while cursor <= last:
        buckets.append(by_start.get(cursor) or _bucket(cursor, interval))
        cursor = _following(cursor, interval)
    return buckets
