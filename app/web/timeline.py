"""The home page: the visual timeline, the filters with their counts, the chronology, downloads.

`timeline_section` draws the timeline of any filter (the home page's, and the actor, place,
country, period and document pages' own); it reads lanes through app.queries.stats (aggregated
in SQL) and only the events of quiet lanes one by one, so its cost does not grow with the
number of events drawn.
"""

from collections import defaultdict
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session
from starlette.responses import Response

from app.api.deps import CurrentEditor, SessionDep
from app.errors import ParameterError
from app.queries.dates import DateUnit
from app.queries.facets import FacetCount
from app.queries.filters import EventFilter, Facet
from app.queries.references import periods_overlapping
from app.queries.stats import LaneDay, Split, lane_marks
from app.schemas.events import date_label
from app.web.cache import Aggregates, aggregates_of
from app.web.chart import (
    MAX_MARKS,
    LaneInput,
    MarkInput,
    PeriodInput,
    Window,
    buckets,
    draw_timeline,
)
from app.web.chronology import badge, chronology, country_names
from app.web.contexts import Alert, LegendItem, Link, TimelinePage, TimelineSection
from app.web.filters import active_filters, downloads, filter_form, filter_params_state
from app.web.palette import TYPE_STYLES, type_style
from app.web.params import FILTER_NAMES, TimelinePageParams, page_filter, parse_query
from app.web.rendering import render
from app.web.urls import PageHref, PageUrls, QueryState

router = APIRouter(include_in_schema=False)

FIRST_YEAR, LAST_YEAR = 2012, 2024
MAX_LANES = 16
NO_COUNTRY = "No country"


def lane_unit(window: Window) -> DateUnit:
    """Count lanes per month when the chart's buckets are months or longer, else per day."""
    name, _ = buckets(window)
    return DateUnit.DAY if name in ("day", "week") else DateUnit.MONTH


def facet_from_lanes(rows: list[LaneDay], labels: dict[str, str]) -> list[FacetCount]:
    """The facet that lane counts hold: events per lane, as facet_counts orders them. Exact
    when the filter has no condition on the lanes' field (the facet then ignores nothing)."""
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.lane is not None:
            totals[row.lane] += row.events
    counts = [FacetCount(k, labels.get(k, k), n, False) for k, n in totals.items()]
    return sorted(counts, key=lambda c: (-c.count, c.value))


def window_of(
    f: EventFilter, years: list[FacetCount], *, fit: bool = False, default: Window | None = None
) -> Window:
    """The filter's dates; else `default`, else the years with events (and at least 2012–2024
    unless `fit`)."""
    known = [int(c.value) for c in years if c.count]
    first = min(known, default=FIRST_YEAR)
    last = max(known, default=LAST_YEAR)
    if not fit:
        first, last = min(first, FIRST_YEAR), max(last, LAST_YEAR)
    start = f.start or (default.start if default else date(first, 1, 1))
    end = f.end or (default.end if default else date(last, 12, 31))
    return Window(start, max(start, end))


def _lane_order(
    split: Split, totals: dict[str | None, int], names: dict[str, str]
) -> list[str | None]:
    if split == Split.TYPE:
        order: list[str | None] = [t for t in TYPE_STYLES if t in totals]
        return order + sorted(k for k in totals if k not in TYPE_STYLES and k is not None)
    codes = sorted(
        (k for k in totals if k is not None), key=lambda k: (-totals[k], names.get(k, k))
    )
    return [*codes, None] if None in totals else list(codes)


def _lane_label(split: Split, key: str | None, names: dict[str, str]) -> str:
    if key is None:
        return NO_COUNTRY
    return type_style(key).label if split == Split.TYPE else names.get(key, key)


def timeline_section(
    session: Session,
    aggregates: Aggregates,
    f: EventFilter,
    *,
    split: Split,
    query: QueryState,
    page: PageHref,
    urls: PageUrls,
    names: dict[str, str],
    years: list[FacetCount],
    types: list[FacetCount],
    heading: str,
    fit: bool = False,
    lane_param: bool = True,
    default_window: Window | None = None,
) -> TimelineSection:
    """The chart, legend and zoom links of the events of `f`.

    `years` and `types` are the year and type facets of `f` (counts ignoring the dates, and the
    types); `fit` fits the default window to the events instead of 2012–2024. `lane_param` says
    whether a bubble's zoom also filters on its lane (not on a page already about one country);
    `default_window` is the window without dates in the filter (a period's own dates).
    """
    window = window_of(f, years, fit=fit, default=default_window)
    days: dict[str | None, list[tuple[date, int]]] = defaultdict(list)
    for row in aggregates.lanes(f, split, lane_unit(window)):
        days[row.lane].append((row.day, row.events))
    totals = {key: sum(n for _, n in rows) for key, rows in days.items()}
    order = _lane_order(split, totals, names)
    shown, hidden = order[:MAX_LANES], order[MAX_LANES:]
    quiet = [key for key in shown if totals[key] <= MAX_MARKS]
    marks: dict[str | None, list[MarkInput]] = defaultdict(list)
    limit = sum(totals[key] for key in quiet)
    for m in lane_marks(session, f, split, quiet, limit=limit):
        marks[m.lane].append(
            MarkInput(
                m.slug,
                urls.event(m.slug),
                m.title,
                m.type,
                m.date_start,
                m.date_end,
                m.precision,
                date_label(m.date_start, m.date_end, m.precision, m.edtf),
            )
        )
    parameter = "type" if split == Split.TYPE else "country"

    def lane_href(key: str | None) -> str | None:
        if key is None:
            return None
        if split == Split.TYPE:
            return page(query.set(type=key))
        return urls.country(key)

    def zoom(key: str | None, first: date, last: date) -> str:
        changes: dict[str, str | None] = {"start": first.isoformat(), "end": last.isoformat()}
        if lane_param and key is not None:
            changes[parameter] = key
        return page(query.set(**changes))

    lanes = [
        LaneInput(
            key=key,
            label=_lane_label(split, key, names),
            href=lane_href(key),
            total=totals[key],
            days=days[key],
            marks=marks.get(key, []) if key in quiet else None,
        )
        for key in shown
    ]
    periods = [
        PeriodInput(p.name, urls.period(p.slug), p.date_start, p.date_end)
        for p in periods_overlapping(session, window.start, window.end)
    ]
    per = "event type" if split == Split.TYPE else "country"
    chart = draw_timeline(
        window,
        lanes,
        periods,
        zoom=zoom,
        typed_lanes=split == Split.TYPE,
        title=f"Timeline, one lane per {per}",
    )
    return TimelineSection(
        heading=heading,
        chart=chart,
        legend=legend(types, query, page),
        years=_year_links(f, years, query, page, fit=fit),
        all_years=Link(
            "All years", page(query.set(start=None, end=None)), current=f.start is f.end is None
        ),
        lanes=[
            Link("By country", page(query.set(lanes="country")), current=split == Split.COUNTRY),
            Link("By event type", page(query.set(lanes="type")), current=split == Split.TYPE),
        ],
        hidden_lanes=[
            Link(
                _lane_label(split, key, names),
                lane_href(key) or page(query),
                note=f"{totals[key]:,}",
            )
            for key in hidden
        ],
    )


def legend(types: list[FacetCount], query: QueryState, page: PageHref) -> list[LegendItem]:
    """Every event type with its shape, colour, count, and a link that toggles it."""
    counts = {c.value: c.count for c in types}
    chosen = query.get("type")
    items = []
    for style in TYPE_STYLES.values():
        items.append(
            LegendItem(
                badge=badge(style.value),
                definition=style.definition,
                count=counts.get(style.value, 0),
                href=page(query.toggle("type", style.value)),
                selected=style.value in chosen,
            )
        )
    return items


def _year_links(
    f: EventFilter, years: list[FacetCount], query: QueryState, page: PageHref, *, fit: bool
) -> list[Link]:
    counts = {int(c.value): c.count for c in years}
    known = [y for y, n in counts.items() if n]
    first, last = min(known, default=FIRST_YEAR), max(known, default=LAST_YEAR)
    if not fit:
        first, last = min(first, FIRST_YEAR), max(last, LAST_YEAR)
    links = []
    for year in range(first, last + 1):
        current = f.start == date(year, 1, 1) and f.end == date(year, 12, 31)
        links.append(
            Link(
                str(year),
                page(query.set(start=str(year), end=str(year))),
                current=current,
                note=f"{counts.get(year, 0):,}",
            )
        )
    return links


def refused_alert(errors: list[ParameterError]) -> list[Alert]:
    if not errors:
        return []
    return [
        Alert(
            "error",
            "Some parameters could not be used and were left out",
            [f"{e.name}: {e.message}" for e in errors],
        )
    ]


@router.get("/", response_class=HTMLResponse, name="timeline_page")
def read_timeline_page(request: Request, session: SessionDep, editor: CurrentEditor) -> Response:
    """The timeline of the whole chronology, or of any filter of it."""
    urls = PageUrls(request)
    parsed = parse_query(request.query_params, TimelinePageParams)
    params = parsed.params
    pf = page_filter(session, params, editor)
    errors = parsed.errors + pf.errors
    query = filter_params_state(params, pf.errors)
    f = pf.filter
    names = country_names(session)

    def page(q: QueryState) -> str:
        return urls.timeline(q)

    aggregates = aggregates_of(request, session)
    split = params.lanes or Split.COUNTRY
    # Lane counts hold the facet of their own field when the filter leaves it free: reuse them.
    years = aggregates.facets(f, (Facet.YEAR,))["year"]
    rows = aggregates.lanes(f, split, lane_unit(window_of(f, years)))
    if split == Split.COUNTRY and not f.countries:
        aggregates.put_facet(f, Facet.COUNTRY, facet_from_lanes(rows, names))
    if split == Split.TYPE and not f.types:
        aggregates.put_facet(f, Facet.TYPE, facet_from_lanes(rows, {}))
    facets = aggregates.facets(f, (Facet.TYPE, Facet.COUNTRY, Facet.ACTOR, Facet.PLACE, Facet.YEAR))
    listing = chronology(
        session,
        f,
        sort=params.sort,
        limit=params.limit,
        cursor=params.cursor,
        query=query,
        page=page,
        urls=urls,
        names=names,
    )
    errors += listing.errors
    section = timeline_section(
        session,
        aggregates,
        f,
        split=split,
        query=query,
        page=page,
        urls=urls,
        names=names,
        years=facets["year"],
        types=facets["type"],
        heading="Timeline",
    )
    active = active_filters(session, query, page, facets=facets)
    form = filter_form(
        action=urls.timeline(),
        query=query,
        facets=facets,
        errors=errors,
        page=page,
        active=active,
        lanes=split.value,
        sort=params.sort,
    )
    described = ", ".join(link.label.replace(": ", " ", 1) for link in active)
    total = listing.total
    context = TimelinePage(
        title=f"Timeline: {described}" if described else "Timeline",
        heading="Sahel crisis timeline, 2012–2024",
        intro=(
            f"{total:,} dated, cited events"
            + (" match these filters." if active else " of the Mali–Mauritania–Sahel crisis.")
        ),
        alerts=refused_alert(errors),
        timeline=section,
        filters=form,
        chronology=listing.block,
        downloads=downloads(urls, query),
        json_href=urls.api("events", query.only((*FILTER_NAMES, "sort"))),
        map_href=urls.map(query.only(FILTER_NAMES)),
    )
    return render(
        request,
        "web/timeline.html",
        context,
        alternate=context.json_href,
        status=400 if errors else 200,
    )
