"""Actors, places, countries and periods: an index page for each, and a page for each one.

A page for one actor (place, country, period) is the timeline page of the filter `actor=<id>`:
its facts, its own timeline and chronology, and the same filters and downloads, so any view of
it is a URL the API reads the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session
from starlette.responses import Response

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.errors import InvalidParameters, NotFound, ParameterError
from app.extraction.temporal_bounds import interval_bounds
from app.models import Actor, Country, Period, Place
from app.queries.filters import Facet
from app.queries.references import Counted, CountedPage, get_counted, read_counted_page
from app.queries.stats import Split
from app.web.cache import aggregates_of
from app.web.chart import Window
from app.web.chronology import chronology, country_names
from app.web.contexts import Cell, Column, EntityPage, Fact, IndexPage
from app.web.filters import active_filters, downloads, filter_params_state
from app.web.params import (
    FILTER_NAMES,
    IndexPageParams,
    TimelinePageParams,
    page_filter,
    parse_query,
)
from app.web.rendering import render
from app.web.timeline import refused_alert, timeline_section
from app.web.urls import PageUrls, QueryState

router = APIRouter(include_in_schema=False)


def read_index(
    session: Session, kind: str, params: IndexPageParams, statuses: tuple[str, ...]
) -> tuple[CountedPage, list[ParameterError]]:
    """A page of an index; the first page, with the cursor's error, when the cursor is bad."""
    try:
        return read_counted_page(
            session, kind, statuses, limit=params.limit, cursor=params.cursor
        ), []
    except InvalidParameters as exc:
        return read_counted_page(session, kind, statuses, limit=params.limit), exc.errors


@dataclass(frozen=True)
class Kind:
    name: str  # as in app.queries.references: "actor", "place", "country", "period"
    path: str  # "/actors"
    title: str  # "Actors"
    parameter: str  # the filter parameter: "actor"
    attribute: str  # the EventFilter field: "actors"
    lanes: Split  # the default lanes of one entity's timeline
    intro: str


ACTOR = Kind(
    "actor",
    "/actors",
    "Actors",
    "actor",
    "actors",
    Split.COUNTRY,
    "States, armed forces, armed groups, organizations, missions and persons named in events.",
)
PLACE = Kind(
    "place",
    "/places",
    "Places",
    "place",
    "places",
    Split.TYPE,
    "Towns, regions, camps and border areas where events happened, with their coordinates.",
)
COUNTRY = Kind(
    "country",
    "/countries",
    "Countries",
    "country",
    "countries",
    Split.TYPE,
    "Every country of the gazetteer, with the number of events in it.",
)
PERIOD = Kind(
    "period",
    "/periods",
    "Periods",
    "period",
    "periods",
    Split.COUNTRY,
    "Named periods of the crisis, drawn as background bands on every timeline.",
)


def _index_page(
    request: Request,
    session: SessionDep,
    editor: str | None,
    kind: Kind,
    columns: list[Column],
    row: Callable[[Counted, PageUrls, dict[str, str]], list[Cell]],
) -> Response:
    urls = PageUrls(request)
    parsed = parse_query(request.query_params, IndexPageParams)
    params = parsed.params
    listing, errors = read_index(session, kind.name, params, readable_statuses(editor))
    errors = parsed.errors + errors
    names = country_names(session)
    query = QueryState.of(params)
    page = IndexPage(
        title=kind.title,
        intro=kind.intro,
        alerts=refused_alert(errors),
        columns=columns,
        rows=[row(item, urls, names) for item in listing.items],
        summary=f"{listing.total:,} {kind.title.lower()}."
        + (f" This page shows {len(listing.items):,}." if listing.next_cursor else ""),
        next_href=urls.path(kind.path, query.set(cursor=listing.next_cursor))
        if listing.next_cursor
        else None,
        first_href=urls.path(kind.path, query.set()) if params.cursor else None,
        json_href=urls.api(kind.path.lstrip("/")),
    )
    return render(
        request, "web/index.html", page, alternate=page.json_href, status=400 if errors else 200
    )


def _events_cell(kind: Kind, key: str, events: int, urls: PageUrls) -> Cell:
    return Cell(f"{events:,}", urls.timeline(QueryState(((kind.parameter, key),))))


def _country_cell(code: str | None, urls: PageUrls, names: dict[str, str]) -> Cell:
    if code is None:
        return Cell("—")
    return Cell(names.get(code, code), urls.country(code))


def _coordinates(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return "unknown"
    return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"


@router.get("/actors", response_class=HTMLResponse, name="actors_page")
def read_actors_page(request: Request, session: SessionDep, editor: CurrentEditor) -> Response:
    def row(item: Counted, urls: PageUrls, names: dict[str, str]) -> list[Cell]:
        a: Actor = item.row
        return [
            Cell(a.name, urls.actor(a.slug)),
            Cell(a.kind.replace("_", " ")),
            _country_cell(a.country_code, urls, names),
            _events_cell(ACTOR, a.slug, item.events, urls),
        ]

    columns = [Column("Name"), Column("Kind"), Column("Country"), Column("Events", True)]
    return _index_page(request, session, editor, ACTOR, columns, row)


@router.get("/places", response_class=HTMLResponse, name="places_page")
def read_places_page(request: Request, session: SessionDep, editor: CurrentEditor) -> Response:
    def row(item: Counted, urls: PageUrls, names: dict[str, str]) -> list[Cell]:
        p: Place = item.row
        return [
            Cell(p.name, urls.place(p.slug)),
            Cell(p.kind),
            _country_cell(p.country_code, urls, names),
            Cell(p.admin_region or "—"),
            Cell(_coordinates(p.lat, p.lon)),
            _events_cell(PLACE, p.slug, item.events, urls),
        ]

    columns = [
        Column("Name"),
        Column("Kind"),
        Column("Country"),
        Column("Region"),
        Column("Coordinates"),
        Column("Events", True),
    ]
    return _index_page(request, session, editor, PLACE, columns, row)


@router.get("/countries", response_class=HTMLResponse, name="countries_page")
def read_countries_page(request: Request, session: SessionDep, editor: CurrentEditor) -> Response:
    def row(item: Counted, urls: PageUrls, names: dict[str, str]) -> list[Cell]:
        c: Country = item.row
        return [
            Cell(c.name, urls.country(c.code)),
            Cell(c.code),
            _events_cell(COUNTRY, c.code, item.events, urls),
        ]

    columns = [Column("Name"), Column("Code"), Column("Events", True)]
    return _index_page(request, session, editor, COUNTRY, columns, row)


@router.get("/periods", response_class=HTMLResponse, name="periods_page")
def read_periods_page(request: Request, session: SessionDep, editor: CurrentEditor) -> Response:
    def row(item: Counted, urls: PageUrls, names: dict[str, str]) -> list[Cell]:
        p: Period = item.row
        return [
            Cell(p.name, urls.period(p.slug)),
            Cell(p.date_start.isoformat()),
            Cell(p.date_end.isoformat()),
            _country_cell(p.country_code, urls, names),
            _events_cell(PERIOD, p.slug, item.events, urls),
        ]

    columns = [
        Column("Name"),
        Column("From"),
        Column("Until"),
        Column("Country"),
        Column("Events", True),
    ]
    return _index_page(request, session, editor, PERIOD, columns, row)


def _entity_page(
    request: Request,
    session: Session,
    editor: str | None,
    kind: Kind,
    key: str,
    *,
    title: str,
    facts: list[Fact],
    description: str,
    page_path: str,
    default_window: Window | None = None,
) -> Response:
    """The page of one actor, place, country or period: the timeline page of `kind=key`."""
    urls = PageUrls(request)
    parsed = parse_query(request.query_params, TimelinePageParams)
    params = parsed.params
    pf = page_filter(session, params, editor)
    errors = parsed.errors + pf.errors
    forced: dict[str, Any] = {kind.attribute: (key,)}
    f = replace(pf.filter, **forced)
    query = filter_params_state(params, pf.errors).without(kind.parameter)
    names = country_names(session)

    def page(q: QueryState) -> str:
        return urls.path(page_path, q)

    aggregates = aggregates_of(request, session)
    facets = aggregates.facets(f, (Facet.YEAR, Facet.TYPE))
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
        heading="Its events",
    )
    errors += listing.errors
    split = params.lanes or kind.lanes
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
        heading="Its timeline",
        fit=default_window is None,
        lane_param=not (kind is COUNTRY and split == Split.COUNTRY),
        default_window=default_window,
    )
    on_main = query.set(**{kind.parameter: key})
    context = EntityPage(
        title=title,
        kind=kind.name.capitalize(),
        alerts=refused_alert(errors),
        facts=[*facts, Fact("Events", f"{listing.total:,}")],
        description=description,
        timeline=section,
        chronology=listing.block,
        active=active_filters(session, query, page, facets=facets),
        downloads=downloads(urls, on_main),
        json_href=urls.api(f"{kind.path.lstrip('/')}/{key}"),
        timeline_href=urls.timeline(on_main),
        map_href=urls.map(on_main.only(FILTER_NAMES)),
    )
    return render(
        request,
        "web/entity.html",
        context,
        alternate=context.json_href,
        status=400 if errors else 200,
    )


def _found(session: Session, kind: Kind, key: str, editor: str | None) -> Counted:
    counted = get_counted(session, kind.name, key, readable_statuses(editor))
    if counted is None:
        raise NotFound(f"No {kind.name} has the id {key!r}.")
    return counted


@router.get("/actors/{id}", response_class=HTMLResponse, name="actor_page")
def read_actor_page(
    request: Request, id: str, session: SessionDep, editor: CurrentEditor
) -> Response:
    """One actor: what it is, and its events on a timeline and in a list."""
    actor: Actor = _found(session, ACTOR, id, editor).row
    urls = PageUrls(request)
    names = country_names(session)
    facts = [Fact("Kind", actor.kind.replace("_", " "))]
    if actor.country_code:
        code = actor.country_code
        facts.append(Fact("Country", names.get(code, code), urls.country(code)))
    if actor.aliases:
        facts.append(Fact("Also called", ", ".join(actor.aliases)))
    return _entity_page(
        request,
        session,
        editor,
        ACTOR,
        actor.slug,
        title=actor.name,
        facts=facts,
        description=actor.description,
        page_path=f"/actors/{actor.slug}",
    )


@router.get("/places/{id}", response_class=HTMLResponse, name="place_page")
def read_place_page(
    request: Request, id: str, session: SessionDep, editor: CurrentEditor
) -> Response:
    """One place: where it is, and its events on a timeline and in a list."""
    place: Place = _found(session, PLACE, id, editor).row
    urls = PageUrls(request)
    names = country_names(session)
    facts = [Fact("Kind", place.kind or "place")]
    if place.country_code:
        code = place.country_code
        facts.append(Fact("Country", names.get(code, code), urls.country(code)))
    if place.admin_region:
        facts.append(Fact("Region", place.admin_region))
    facts.append(Fact("Coordinates", _coordinates(place.lat, place.lon)))
    if place.aliases:
        facts.append(Fact("Also called", ", ".join(place.aliases)))
    return _entity_page(
        request,
        session,
        editor,
        PLACE,
        place.slug,
        title=place.name,
        facts=facts,
        description="",
        page_path=f"/places/{place.slug}",
    )


@router.get("/countries/{code}", response_class=HTMLResponse, name="country_page")
def read_country_page(
    request: Request, code: str, session: SessionDep, editor: CurrentEditor
) -> Response:
    """One country and its events on a timeline and in a list."""
    country: Country = _found(session, COUNTRY, code.upper(), editor).row
    facts = [Fact("Code", country.code)]
    if country.aliases:
        facts.append(Fact("Also called", ", ".join(country.aliases)))
    return _entity_page(
        request,
        session,
        editor,
        COUNTRY,
        country.code,
        title=country.name,
        facts=facts,
        description="",
        page_path=f"/countries/{country.code}",
    )


@router.get("/periods/{id}", response_class=HTMLResponse, name="period_page")
def read_period_page(
    request: Request, id: str, session: SessionDep, editor: CurrentEditor
) -> Response:
    """One named period and the events within it."""
    period: Period = _found(session, PERIOD, id, editor).row
    urls = PageUrls(request)
    names = country_names(session)
    span = interval_bounds(period.date_start, period.date_end).label()
    facts = [
        Fact("Dates", span),
        Fact("From", period.date_start.isoformat()),
        Fact("Until", period.date_end.isoformat()),
    ]
    if period.country_code:
        code = period.country_code
        facts.append(Fact("Country", names.get(code, code), urls.country(code)))
    return _entity_page(
        request,
        session,
        editor,
        PERIOD,
        period.slug,
        title=period.name,
        facts=facts,
        description=period.description,
        page_path=f"/periods/{period.slug}",
        default_window=Window(period.date_start, period.date_end),
    )
