"""The chronology: events as a list grouped by year and month, a page at a time.

It is the text alternative of the visual timeline (same filter, same events) and what prints.
One page of the one event query (app.queries.events.read_page), in date order either way, with
the keyset cursor of the API for the next page.
"""

from dataclasses import dataclass
from itertools import groupby

from sqlmodel import Session, col, select

from app.errors import InvalidParameters, ParameterError
from app.extraction.temporal_bounds import MONTH_NAMES
from app.models import Country
from app.queries.events import EventQuery, read_page
from app.queries.filters import EventFilter, EventSort
from app.queries.records import EventRecord
from app.schemas.events import date_label
from app.web.contexts import Chronology, EventItem, Link, MonthGroup, TypeBadge, YearGroup
from app.web.palette import type_style
from app.web.urls import PageHref, PageUrls, QueryState

_FLAG_NOTES = {
    "dates_disagree": "sources disagree on the date",
    "fatalities_disagree": "sources disagree on the toll",
}


def badge(type_value: str) -> TypeBadge:
    style = type_style(type_value)
    return TypeBadge(style.value, style.label, style.symbol)


def country_names(session: Session) -> dict[str, str]:
    """Every country's name by code (a small table, read once per page)."""
    return dict(session.exec(select(col(Country.code), col(Country.name))).all())


def event_item(record: EventRecord, urls: PageUrls, names: dict[str, str]) -> EventItem:
    e = record.event
    notes = ["planned"] if e.occurrence == "planned" else []
    if e.fatalities_best is not None:
        notes.append(f"{e.fatalities_best:,} killed")
    notes += [_FLAG_NOTES.get(flag, flag.replace("_", " ")) for flag in e.flags]
    summary = " ".join(e.summary.split())
    return EventItem(
        href=urls.event(e.slug),
        title=e.title,
        summary=summary,
        date_label=date_label(e.date_start, e.date_end, e.precision, e.edtf),
        type=badge(e.type),
        countries=[names.get(code, code) for code in record.countries],
        sources=len(record.sources),
        notes=notes,
    )


def group_by_month(records: list[EventRecord], items: list[EventItem]) -> list[YearGroup]:
    """Items under their year and month (of their first day), in the order given."""
    pairs = list(zip(records, items, strict=True))
    years = []
    for year, in_year in groupby(pairs, key=lambda p: p[0].event.date_start.year):
        months = []
        for month, in_month in groupby(in_year, key=lambda p: p[0].event.date_start.month):
            months.append(
                MonthGroup(
                    heading=f"{MONTH_NAMES[month - 1]} {year}",
                    anchor=f"y{year}-m{month:02d}",
                    events=[item for _, item in in_month],
                )
            )
        years.append(YearGroup(heading=str(year), anchor=f"y{year}", months=months))
    return years


@dataclass(frozen=True)
class ChronologyPage:
    block: Chronology
    records: list[EventRecord]
    total: int
    errors: list[ParameterError]


def chronology(
    session: Session,
    f: EventFilter,
    *,
    sort: str,
    limit: int,
    cursor: str | None,
    query: QueryState,
    page: PageHref,
    urls: PageUrls,
    names: dict[str, str],
    heading: str = "Chronology",
) -> ChronologyPage:
    """One page of the events of `f` as a chronology block. A cursor that belongs to another
    query is reported and the first page shown instead."""
    event_query = EventQuery(f, EventSort(sort))
    errors: list[ParameterError] = []
    try:
        result = read_page(session, event_query, limit=limit, cursor=cursor)
    except InvalidParameters as exc:
        errors = exc.errors
        cursor = None
        result = read_page(session, event_query, limit=limit)
    items = [event_item(r, urls, names) for r in result.records]
    order = "earliest first" if sort == "date" else "latest first"
    shown = len(items)
    if not shown:
        summary = ""
    elif cursor is None and result.next_cursor is None:
        summary = f"All {result.total:,} events, {order}." if shown > 1 else "The only event."
    elif cursor is None:
        summary = f"The first {shown:,} of {result.total:,} events, {order}."
    else:
        summary = f"{shown:,} more of {result.total:,} events, {order}."
    next_href = page(query.set(cursor=result.next_cursor)) if result.next_cursor else None
    block = Chronology(
        heading=heading,
        summary=summary,
        years=group_by_month(result.records, items),
        orders=[
            Link("Earliest first", page(query.set(sort=None)), current=sort == "date"),
            Link("Latest first", page(query.set(sort="-date")), current=sort == "-date"),
        ],
        next_href=next_href,
        first_href=page(query.set()) if cursor else None,
        empty="No event matches these filters. Remove a filter or widen the dates.",
    )
    return ChronologyPage(block, result.records, result.total, errors)
