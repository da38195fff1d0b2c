"""Event counts read from `event_summary` (migration 0008) instead of scanning the events.

The summary holds how many events share a status, a type, a month of first and last day, and a
country, actor or place (app/models/summary.py); triggers keep it exact. It answers a count, or
counts grouped by type, year, month or country/actor/place, when the filter holds nothing but
statuses, types, at most one country, and dates on whole months (whole years for actor and
place counts), which is what the timeline, its facets and the stats ask for unless someone
narrows by actor, place, text or document. `summary_counts` returns None for any other filter,
and the caller scans the events as before: both give the same numbers (tests/perf).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from app.extraction.temporal_bounds import month_end
from app.models import EventSummary
from app.queries.filters import EventFilter


class Dim(StrEnum):
    """What the summary's `key` holds."""

    EVENT = "event"  # nothing: every event once
    COUNTRY = "country"  # a country code, "" for events without one
    ACTOR = "actor"  # an actor id
    PLACE = "place"  # a place id


class Group(StrEnum):
    """What counts can be grouped by."""

    KEY = "key"  # the country code, actor id or place id (dims other than EVENT)
    TYPE = "type"
    YEAR = "year"  # of the first day
    MONTH = "month"  # of the first day, as 202404


_YEARLY = (Dim.ACTOR, Dim.PLACE)


@dataclass(frozen=True)
class SummaryRow:
    """One group's values, in the order of the groups asked for, and its events."""

    values: tuple[str, ...]
    events: int


def _whole_months(f: EventFilter, yearly: bool) -> bool:
    """Whether the filter's window starts and ends on whole months (whole years if `yearly`),
    so that the months of an event's bounds tell whether it overlaps the window."""
    if f.start is not None and (f.start.day != 1 or (yearly and f.start.month != 1)):
        return False
    if f.end is not None:
        if f.end != month_end(f.end.year, f.end.month) or (yearly and f.end.month != 12):
            return False
    return True


def _answerable(f: EventFilter) -> bool:
    return not (
        f.actors
        or f.places
        or f.documents
        or f.periods
        or f.tags
        or f.q is not None
        or f.precision is not None
        or f.min_fatalities is not None
        or f.max_fatalities is not None
        or f.updated_since is not None
        or len(f.countries) > 1
    )


def _month(day: date) -> int:
    return day.year * 100 + day.month


def summary_counts(
    session: Session, f: EventFilter, dim: Dim, groups: Sequence[Group]
) -> list[SummaryRow] | None:
    """The events of `f` counted per value of `groups` (no groups: one row, the total), each
    event once per group; None when the summary cannot answer `f` exactly.

    `dim` is what the counts are of: with Dim.EVENT each event counts once (read from the
    rows of the filter's country when it names one); with COUNTRY, ACTOR or PLACE, which go
    with Group.KEY, once per value it is linked to, and then a filter naming a country gives
    None. Groups with no event are left out. Raises ValueError for Group.KEY without such a
    dim, or such a dim without Group.KEY.
    """
    if not _answerable(f):
        return None
    if not _whole_months(f, yearly=dim in _YEARLY):
        return None
    if (Group.KEY in groups) == (dim == Dim.EVENT):
        raise ValueError("Group.KEY goes with a dim other than EVENT, and only with one")
    key: str | None = None
    if f.countries:
        if dim != Dim.EVENT:
            # The actors (say) of the events of one country: the summary has no rows of both.
            return None
        dim, key = Dim.COUNTRY, f.countries[0]
    where: list[Any] = [
        col(EventSummary.dim) == dim.value,
        col(EventSummary.status).in_(f.statuses),
    ]
    if key is not None:
        where.append(col(EventSummary.key) == key)
    if f.types:
        where.append(col(EventSummary.type).in_(f.types))
    if f.start is not None:
        where.append(col(EventSummary.last_month) >= _month(f.start))
    if f.end is not None:
        where.append(col(EventSummary.first_month) <= _month(f.end))
    columns: list[Any] = []
    for group in groups:
        if group == Group.KEY:
            columns.append(col(EventSummary.key))
        elif group == Group.TYPE:
            columns.append(col(EventSummary.type))
        elif group == Group.YEAR:
            # Integer division on both engines: 202404 / 100 is 2024.
            columns.append(col(EventSummary.first_month) // 100)
        else:
            columns.append(col(EventSummary.first_month))
    total = func.sum(col(EventSummary.events))
    statement = select(*columns, total).where(*where)
    if columns:
        statement = statement.group_by(*columns).having(total > 0)
    rows = session.execute(statement).all()
    result = []
    for row in rows:
        *values, events = row
        if events is None:  # the total of no rows
            continue
        result.append(SummaryRow(tuple(str(v) for v in values), int(events)))
    return result


def month_day(value: str) -> date:
    """The first day of a Group.MONTH value ("202404")."""
    number = int(value)
    return date(number // 100, number % 100, 1)


def linked_events(session: Session, dim: Dim, keys: Sequence[str], statuses: Sequence[str]) -> int:
    """How many events of `statuses` are linked to the `keys` of `dim`, counting an event
    linked to two of them twice: an estimate of a link filter's size, read from the primary
    key's prefix."""
    total = session.execute(
        select(func.sum(col(EventSummary.events))).where(
            col(EventSummary.dim) == dim.value,
            col(EventSummary.status).in_(statuses),
            col(EventSummary.key).in_(keys),
        )
    ).scalar()
    return int(total or 0)
