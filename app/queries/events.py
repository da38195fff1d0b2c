"""The one event query: filter, order and keyset, used by pages, counts, facets, stats and exports.

`event_conditions` turns an `EventFilter` into WHERE clauses on `event`; `select_events` adds the
order and the keyset for a sort; `read_page` and `stream_events` run it for one page or for every
row (batch by batch over a server-side cursor, so an export never holds all rows in memory).
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, func, null, or_
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from app.models import (
    Actor,
    Citation,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    EventSummary,
    EventTag,
    Period,
    Place,
)
from app.queries.cursor import KeyValue, decode_cursor, encode_cursor
from app.queries.filters import EventFilter, EventSort
from app.queries.records import EventRecord, load_records
from app.queries.search import parse_search, search_matches, search_size
from app.queries.summary import Dim, linked_events, summary_counts

# Export batches: rows fetched per round trip, and events whose links are loaded together.
STREAM_BATCH = 500


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def _unindexed(column: Any) -> Any:
    """`column` as SQLite's `+column`: the same value, but no index of it is used, so that
    the query planner reads the rows some other way (SQLite's documented hint)."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def _indexed_columns(hidden: bool) -> dict[str, Any]:
    columns = {
        name: col(getattr(Event, name))
        for name in ("status", "type", "date_start", "date_end", "updated_at")
    }
    return {k: _unindexed(c) for k, c in columns.items()} if hidden else columns


def drives_from_search(f: EventFilter, dialect: str, from_search: bool | None) -> bool:
    """Whether SQLite should read the events of `f` from its text matches (see
    event_conditions); None means whenever `f` has a text query."""
    wanted = f.q is not None if from_search is None else from_search
    return wanted and f.q is not None and dialect == "sqlite"


def event_conditions(
    f: EventFilter,
    dialect: str,
    *,
    probe: frozenset[str] = frozenset(),
    from_search: bool | None = None,
) -> list[ColumnElement[bool]]:
    """The WHERE clauses, on `event`, of the events `f` keeps (all must hold).

    `probe` names link filters ("countries") to test event by event (a correlated lookup)
    rather than by collecting every linked id first: cheaper when the linked events are many
    and only a page of them is read, dearer when every matching event is counted.

    `from_search` (None: whenever `f.q` is set) makes SQLite start from the full-text
    matches and look each event up, rather than walk an index of every event probing the
    matches: with no statistics its planner otherwise prefers the walk, which reads all 1M
    events for a word that matches none (PostgreSQL's planner weighs both itself).
    """
    event_id = col(Event.id)
    c = _indexed_columns(drives_from_search(f, dialect, from_search))
    where: list[ColumnElement[bool]] = [c["status"].in_(f.statuses)]
    if f.start is not None:
        where.append(c["date_end"] >= f.start)
        # Implied by the line above, but it bounds the scan of the date indexes from below.
        where.append(c["date_start"] >= _earliest_start(f, dialect))
    if f.end is not None:
        where.append(c["date_start"] <= f.end)
    if f.types:
        where.append(c["type"].in_(f.types))
    if f.countries and "countries" in probe:
        where.append(
            exists().where(
                col(EventCountry.event_id) == event_id,
                col(EventCountry.country_code).in_(f.countries),
            )
        )
    elif f.countries:
        where.append(
            event_id.in_(
                select(col(EventCountry.event_id)).where(
                    col(EventCountry.country_code).in_(f.countries)
                )
            )
        )
    if f.actors:
        where.append(
            event_id.in_(
                select(col(EventActor.event_id))
                .join(Actor, col(Actor.id) == EventActor.actor_id)
                .where(col(Actor.slug).in_(f.actors))
            )
        )
    if f.places:
        where.append(
            event_id.in_(
                select(col(EventPlace.event_id))
                .join(Place, col(Place.id) == EventPlace.place_id)
                .where(col(Place.slug).in_(f.places))
            )
        )
    if f.documents:
        where.append(
            event_id.in_(
                select(col(Citation.event_id))
                .join(Document, col(Document.id) == Citation.document_id)
                .where(col(Document.slug).in_(f.documents))
            )
        )
    if f.periods:
        where.append(
            exists().where(
                col(Period.slug).in_(f.periods),
                col(Period.date_start) <= col(Event.date_end),
                col(Period.date_end) >= col(Event.date_start),
            )
        )
    if f.tags:
        where.append(
            event_id.in_(select(col(EventTag.event_id)).where(col(EventTag.tag).in_(f.tags)))
        )
    if f.q is not None:
        matches = search_matches(parse_search(f.q), dialect).subquery()
        where.append(event_id.in_(select(matches.c.event_id)))
    if f.precision is not None:
        where.append(col(Event.precision).in_(f.precisions()))
    if f.min_fatalities is not None:
        where.append(col(Event.fatalities_best) >= f.min_fatalities)
    if f.max_fatalities is not None:
        where.append(col(Event.fatalities_best) <= f.max_fatalities)
    if f.updated_since is not None:
        where.append(c["updated_at"] >= f.updated_since)
    return where


def _earliest_start(f: EventFilter, dialect: str) -> ColumnElement[Any]:
    """SQL for the first day of the earliest month in which an event of `f`'s statuses (and
    types) that ends on or after `f.start` begins, read from the trigger-kept summary
    (app.queries.summary): a lower bound of `date_start`, exact whatever the events' spans.
    Without such an event it is NULL, and the condition keeps nothing, rightly."""
    assert f.start is not None
    conditions = [
        col(EventSummary.dim) == Dim.EVENT.value,
        col(EventSummary.status).in_(f.statuses),
        col(EventSummary.last_month) >= f.start.year * 100 + f.start.month,
        col(EventSummary.events) > 0,
    ]
    if f.types:
        conditions.append(col(EventSummary.type).in_(f.types))
    earliest = select(func.min(col(EventSummary.first_month)).label("month")).where(*conditions)
    month = earliest.subquery().c.month
    if dialect == "sqlite":
        day = func.printf("%04d-%02d-01", month // 100, month % 100)
    else:
        day = func.make_date(month // 100, month % 100, 1)
    return select(day).scalar_subquery()


def matching_ids(f: EventFilter, dialect: str) -> SelectOfScalar[int | None]:
    """SELECT event.id of the events `f` keeps, for counts and joins."""
    return select(col(Event.id)).where(*event_conditions(f, dialect))


def count_events(session: Session, f: EventFilter) -> int:
    """How many events `f` keeps: from the summary when it can tell, else counted."""
    counted = summary_counts(session, f, Dim.EVENT, ())
    if counted is not None:
        return sum(row.events for row in counted)
    ids = matching_ids(f, dialect_of(session)).subquery()
    return int(session.exec(select(func.count()).select_from(ids)).one())


# The types of each sort's keyset values, as a cursor carries them.
_KEY_KINDS: dict[EventSort, tuple[type, ...]] = {
    EventSort.DATE: (date, int),
    EventSort.DATE_DESC: (date, int),
    EventSort.UPDATED: (datetime, int),
    EventSort.UPDATED_DESC: (datetime, int),
    EventSort.RELEVANCE: (float, int),
}


@dataclass(frozen=True)
class _Order:
    columns: tuple[Any, Any]
    descending: bool


def _order(sort: EventSort, score: ColumnElement[Any] | None, *, hidden: bool) -> _Order:
    event_id = col(Event.id)
    c = _indexed_columns(hidden)
    descending = sort in (EventSort.DATE_DESC, EventSort.UPDATED_DESC)
    if sort in (EventSort.DATE, EventSort.DATE_DESC):
        return _Order((c["date_start"], event_id), descending)
    if sort in (EventSort.UPDATED, EventSort.UPDATED_DESC):
        return _Order((c["updated_at"], event_id), descending)
    assert score is not None, "sort=relevance needs a search query"
    return _Order((score, event_id), False)


def _after(order: _Order, key: tuple[KeyValue, ...]) -> ColumnElement[bool]:
    """Rows strictly after `key` in `order` (a keyset condition over two columns)."""
    (first, second), (v1, v2) = order.columns, key
    if order.descending:
        return or_(first < v1, and_(first == v1, second < v2))
    return or_(first > v1, and_(first == v1, second > v2))


@dataclass(frozen=True)
class EventQuery:
    """A filter and a sort: what a page, its cursor and an export are computed from."""

    filter: EventFilter
    sort: EventSort = EventSort.DATE

    def digest(self) -> str:
        return f"events:{self.sort}:{self.filter.fingerprint()}"


def select_events(
    query: EventQuery,
    dialect: str,
    *,
    after: tuple[KeyValue, ...] | None = None,
    probe: frozenset[str] = frozenset(),
    from_search: bool | None = None,
) -> Select[Event, Any]:
    """THE event query: SELECT (Event, score) of `query.filter`, in `query.sort` order, starting
    after the sort key `after`. The score is the full-text score (None without a search).
    `probe` and `from_search` are event_conditions' (for a page, see `read_page`)."""
    f = query.filter
    statement: Select[Event, Any]
    score: ColumnElement[Any] | None = None
    if f.q is not None and query.sort == EventSort.RELEVANCE:
        matches = search_matches(parse_search(f.q), dialect).subquery()
        score = matches.c.score
        statement = select(Event, score).join(matches, matches.c.event_id == col(Event.id))
    else:
        statement = select(Event, null().label("score"))
    statement = statement.where(*event_conditions(f, dialect, probe=probe, from_search=from_search))
    # Sorting on the hidden column too, or the planner walks the date index after all.
    order = _order(query.sort, score, hidden=drives_from_search(f, dialect, from_search))
    if after is not None:
        statement = statement.where(_after(order, after))
    columns = [c.desc() if order.descending else c.asc() for c in order.columns]
    return statement.order_by(*columns)


def _key(sort: EventSort, event: Event, score: float | None) -> tuple[KeyValue, ...]:
    """The keyset values of a row: what the next page starts after."""
    first: KeyValue
    if sort in (EventSort.DATE, EventSort.DATE_DESC):
        first = event.date_start
    elif sort in (EventSort.UPDATED, EventSort.UPDATED_DESC):
        first = event.updated_at
    else:
        assert score is not None
        first = score
    assert event.id is not None
    return (first, event.id)


# Text matches up to which a page reads the matches and sorts them rather than walking the
# date index until it has a page. At 1M events on SQLite: 6k matches take 15 ms read and
# sorted, 5 ms walked; none at all, 0 ms read, 130 ms walked (every event).
SEARCH_DRIVES_UP_TO = 2_000

# Linked events from which a page tests its candidates one by one rather than collecting the
# ids first (at 1M events, collecting Mali's 360k ids alone takes about 100 ms).
PROBE_FROM = 20_000


def probed_links(session: Session, f: EventFilter) -> frozenset[str]:
    """The link filters of `f` that a page should probe (see event_conditions): those whose
    values have at least PROBE_FROM events, by the summary."""
    if f.countries and linked_events(session, Dim.COUNTRY, f.countries, f.statuses) >= PROBE_FROM:
        return frozenset({"countries"})
    return frozenset()


@dataclass(frozen=True)
class EventPage:
    records: list[EventRecord]
    total: int
    next_cursor: str | None


def read_page(
    session: Session,
    query: EventQuery,
    *,
    limit: int,
    cursor: str | None = None,
    count: Callable[[EventFilter], int] | None = None,
) -> EventPage:
    """One page of `query`: at most `limit` events after `cursor`, the total count of the
    query (whatever the cursor; by `count` when given, e.g. a cached count_events), and the
    cursor of the next page (None on the last).

    Raises InvalidParameters when `cursor` was altered or belongs to another query.
    """
    kinds = _KEY_KINDS[query.sort]
    after = decode_cursor(cursor, query.digest(), kinds) if cursor else None
    f = query.filter
    probe = probed_links(session, f)
    # A rare word: read its matches and sort them. A common one: walk the date index, which
    # soon finds a page of matches. By relevance: always the matches (their score sorts).
    from_search = f.q is not None and (
        query.sort == EventSort.RELEVANCE or search_size(session, f.q) <= SEARCH_DRIVES_UP_TO
    )
    statement = select_events(
        query, dialect_of(session), after=after, probe=probe, from_search=from_search
    )
    rows: Sequence[Any] = session.exec(statement.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        event, score = rows[-1]
        next_cursor = encode_cursor(query.digest(), _key(query.sort, event, score))
    records = load_records(session, [event for event, _ in rows])
    total = count(f) if count is not None else count_events(session, f)
    return EventPage(records, total, next_cursor)


def stream_events(engine: Engine, query: EventQuery) -> Iterator[EventRecord]:
    """Every event of `query`, in order, read batch by batch over a server-side cursor.

    The generator owns its session, so it can outlive the request that created it (a streamed
    response is sent after the route returns); memory stays at one batch whatever the total.
    """
    with Session(engine) as session:
        statement = select_events(query, dialect_of(session))
        result = session.exec(statement.execution_options(yield_per=STREAM_BATCH))
        # The identity map holds rows weakly: a batch is freed once its records are written.
        for rows in result.partitions():
            yield from load_records(session, [row[0] for row in rows])


def get_event(session: Session, slug: str, statuses: tuple[str, ...]) -> EventRecord | None:
    """The event with this slug if its status is one of `statuses`, with its links."""
    if "\x00" in slug:
        return None
    event = session.exec(
        select(Event).where(col(Event.slug) == slug, col(Event.status).in_(statuses))
    ).first()
    return load_records(session, [event])[0] if event else None
