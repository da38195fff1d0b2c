"""Event counts per year or month, optionally split by type or country: what a timeline draws.

An event counts in the bucket of its first day. Buckets between the first and the last non-empty
one are all returned, empty ones with zero, so a chart's axis has no gaps.

The web timeline draws lanes (one per type or per country): `lane_day_counts` gives each lane's
events per first day, aggregated in SQL, so that a chart of any number of events costs one
grouped query and at most a few thousand rows; `lane_marks` reads the few events of the lanes
quiet enough to draw one mark per event.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import extract, func
from sqlmodel import Session, col, select

from app.extraction.temporal_bounds import add_months, month_end
from app.models import Event, EventCountry, EventPlace, Place
from app.queries.dates import DateUnit, date_key
from app.queries.events import dialect_of, event_conditions
from app.queries.filters import EventFilter
from app.queries.summary import Dim, Group, SummaryRow, month_day, summary_counts


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


def _summary_buckets(
    session: Session, f: EventFilter, interval: Interval, split: Split | None
) -> dict[date, Bucket] | None:
    """The non-empty buckets read from the summary (app.queries.summary), or None."""
    period = Group.YEAR if interval == Interval.YEAR else Group.MONTH
    totals = summary_counts(session, f, Dim.EVENT, (period,))
    if totals is None:
        return None
    parts: list[SummaryRow] = []
    if split == Split.TYPE:
        parts = summary_counts(session, f, Dim.EVENT, (period, Group.TYPE)) or []
    elif split == Split.COUNTRY:
        by_country = summary_counts(session, f, Dim.COUNTRY, (period, Group.KEY))
        if by_country is None:
            return None
        parts = [row for row in by_country if row.values[1]]  # not "no country"
    by_start: dict[date, Bucket] = {}
    for row in totals:
        start = _summary_start(row.values[0], interval)
        by_start[start] = _bucket(start, interval)
        by_start[start].total = row.events
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    for row in parts:
        counts[_summary_start(row.values[0], interval)][row.values[1]] = row.events
    for start, values in counts.items():
        # Totals and parts are two statements: a write committed between them can bring a
        # bucket the totals did not have (an answer to a request made during a write).
        by_start.setdefault(start, _bucket(start, interval)).counts = dict(sorted(values.items()))
    return by_start


def _summary_start(value: str, interval: Interval) -> date:
    return date(int(value), 1, 1) if interval == Interval.YEAR else month_day(value)


def timeline_counts(
    session: Session, f: EventFilter, *, interval: Interval, split: Split | None
) -> list[Bucket]:
    """Buckets in date order with the events of `f` that start in each, in total and per
    type or country code when `split` is given (an event in two countries counts in both)."""
    by_start = _summary_buckets(session, f, interval, split)
    if by_start is None:
        by_start = _scanned_buckets(session, f, interval, split)
    if not by_start:
        return []
    buckets: list[Bucket] = []
    cursor, last = min(by_start), max(by_start)
    while cursor <= last:
        buckets.append(by_start.get(cursor) or _bucket(cursor, interval))
        cursor = _following(cursor, interval)
    return buckets


def _scanned_buckets(
    session: Session, f: EventFilter, interval: Interval, split: Split | None
) -> dict[date, Bucket]:
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
            # As above: a write between the two statements may add a bucket.
            by_start.setdefault(start, _bucket(start, interval)).counts = dict(
                sorted(counts.items())
            )
    return by_start


@dataclass(frozen=True)
class LaneDay:
    """The events of one lane (a type, or a country code; None for events without a country)
    whose first day is `day` (or, counted by month, whose first day is in the month of `day`)."""

    lane: str | None
    day: date
    events: int


def _lane_key(split: Split) -> Any:
    return col(Event.type) if split == Split.TYPE else col(EventCountry.country_code)


def _with_lane(statement: Any, split: Split) -> Any:
    if split == Split.TYPE:
        return statement
    # Outer join: an event without a country still counts, in the lane None.
    return statement.outerjoin(EventCountry, col(EventCountry.event_id) == col(Event.id))


def lane_day_counts(
    session: Session, f: EventFilter, split: Split, *, unit: DateUnit = DateUnit.DAY
) -> list[LaneDay]:
    """The events of `f` per lane (type or country) and first day (or first month, whose
    first day `day` then is), in no particular order. An event in two countries counts in both.

    Counted per month from the summary (app.queries.summary) when it can answer `f`, else
    grouped in SQL on a text key of the date (app.queries.dates): either way a chart of any
    number of events costs one query returning at most a few thousand rows, folded into
    buckets by the caller.
    """
    if unit == DateUnit.MONTH:
        dim, lane_group = (
            (Dim.EVENT, Group.TYPE) if split == Split.TYPE else (Dim.COUNTRY, Group.KEY)
        )
        rows = summary_counts(session, f, dim, (lane_group, Group.MONTH))
        if rows is not None:
            return [
                LaneDay(row.values[0] or None, month_day(row.values[1]), row.events) for row in rows
            ]
    dialect = dialect_of(session)
    lane = _lane_key(split)
    key = date_key(col(Event.date_start), unit, dialect)
    # An event has one type, but may be linked to a country under two roles: count it once.
    events = (
        func.count(col(Event.id))
        if split == Split.TYPE
        else func.count(func.distinct(col(Event.id)))
    )
    statement = _with_lane(select(lane, key, events), split)
    statement = statement.where(*event_conditions(f, dialect)).group_by(lane, key)
    suffix = "-01" if unit == DateUnit.MONTH else ""
    return [
        LaneDay(lane_value, date.fromisoformat(str(text) + suffix), int(n))
        for lane_value, text, n in session.exec(statement)
    ]


@dataclass(frozen=True)
class LaneMark:
    """One event as a timeline mark: just what the chart draws."""

    lane: str | None
    slug: str
    title: str
    type: str
    date_start: date
    date_end: date
    precision: str
    edtf: str


def lane_marks(
    session: Session, f: EventFilter, split: Split, lanes: list[str | None], *, limit: int
) -> list[LaneMark]:
    """The events of `f` in `lanes` (at most `limit` rows), by date, one row per event and lane."""
    if not lanes:
        return []
    lane = _lane_key(split)
    statement = _with_lane(select(lane, Event), split)
    named = [key for key in lanes if key is not None]
    in_lanes = lane.in_(named)
    if None in lanes:
        in_lanes = in_lanes | lane.is_(None)
    statement = statement.where(*event_conditions(f, dialect_of(session)), in_lanes)
    statement = statement.order_by(col(Event.date_start), col(Event.id)).limit(limit)
    return [
        LaneMark(key, e.slug, e.title, e.type, e.date_start, e.date_end, e.precision, e.edtf)
        for key, e in session.exec(statement)
    ]


@dataclass(frozen=True)
class PlaceCount:
    """A place with coordinates and the events of a filter that happened there, per type."""

    slug: str
    name: str
    country: str | None
    lat: float
    lon: float
    types: dict[str, int]

    @property
    def events(self) -> int:
        return sum(self.types.values())


def place_counts(session: Session, f: EventFilter) -> tuple[list[PlaceCount], int]:
    """The places (with coordinates) where events of `f` happened, with their counts per type,
    most events first; and how many events of `f` have such a place. An event that happened in
    two places counts at both; places merely mentioned do not count."""
    where = [
        *event_conditions(f, dialect_of(session)),
        col(EventPlace.role) == "location",
        col(Place.lat).is_not(None),
        col(Place.lon).is_not(None),
    ]
    joined = (
        select(col(Place.id), col(Event.type), func.count(func.distinct(col(Event.id))))
        .join(EventPlace, col(EventPlace.event_id) == col(Event.id))
        .join(Place, col(Place.id) == col(EventPlace.place_id))
        .where(*where)
        .group_by(col(Place.id), col(Event.type))
    )
    per_place: dict[int, dict[str, int]] = defaultdict(dict)
    for place_id, type_, n in session.exec(joined):
        assert place_id is not None
        per_place[place_id][str(type_)] = int(n)
    located = session.exec(
        select(func.count(func.distinct(col(Event.id))))
        .join(EventPlace, col(EventPlace.event_id) == col(Event.id))
        .join(Place, col(Place.id) == col(EventPlace.place_id))
        .where(*where)
    ).one()
    places = session.exec(select(Place).where(col(Place.id).in_(list(per_place)))).all()
    counts = [
        PlaceCount(p.slug, p.name, p.country_code, float(p.lat), float(p.lon), per_place[p.id])
        for p in places
        if p.id is not None and p.lat is not None and p.lon is not None
    ]
    counts.sort(key=lambda c: (-c.events, c.name))
    return counts, int(located)
