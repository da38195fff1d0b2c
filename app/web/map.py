"""The map: the region's countries, and the filtered events at the places where they happened.

One mark per place (never per event), sized by its number of events: a place whose events are
all of one type is drawn with that type's shape and colour, a place of mixed types as a neutral
circle. Each mark opens the timeline of that place under the same filters; the table under the
map says the same in words.
"""

import math

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.api.deps import CurrentEditor, SessionDep
from app.api.params import EventFilterParams
from app.exports.base import ExportFormat
from app.queries.filters import Facet
from app.queries.stats import PlaceCount
from app.web.cache import aggregates_of
from app.web.chart import count_text
from app.web.chronology import country_names
from app.web.contexts import MapPage, MapPoint, MapRow, MapShape
from app.web.filters import active_filters, filter_form, filter_params_state
from app.web.geo import PROJECTION, country_shapes
from app.web.palette import type_style
from app.web.params import FILTER_NAMES, page_filter, parse_query
from app.web.rendering import render
from app.web.timeline import legend, refused_alert
from app.web.urls import PageUrls, QueryState

router = APIRouter(include_in_schema=False)

MIN_RADIUS, MAX_RADIUS = 4.0, 16.0
SOURCE = "Boundaries: Natural Earth 1:50m via world-atlas 2.0.2 (public domain, ISC)."


def _types_text(place: PlaceCount) -> str:
    ordered = sorted(place.types.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{n:,} {type_style(t).label.lower()}" for t, n in ordered)


def _row(place: PlaceCount, urls: PageUrls, names: dict[str, str]) -> MapRow:
    return MapRow(
        place=place.name,
        href=urls.place(place.slug),
        country=names.get(place.country or "", place.country or "—"),
        events=place.events,
        types=_types_text(place),
    )


@router.get("/map", response_class=HTMLResponse, name="map_page")
def read_map_page(request: Request, session: SessionDep, editor: CurrentEditor) -> Response:
    """The filtered events on a map of the region, one mark per place."""
    urls = PageUrls(request)
    parsed = parse_query(request.query_params, EventFilterParams)
    pf = page_filter(session, parsed.params, editor)
    errors = parsed.errors + pf.errors
    query = filter_params_state(parsed.params, pf.errors)
    f = pf.filter
    names = country_names(session)

    def page(q: QueryState) -> str:
        return urls.map(q)

    aggregates = aggregates_of(request, session)
    places, located = aggregates.places(f)
    total = aggregates.count(f)
    facets = aggregates.facets(f, (Facet.TYPE, Facet.COUNTRY, Facet.ACTOR, Facet.PLACE))
    inside = [p for p in places if PROJECTION.contains(p.lon, p.lat)]
    outside = [p for p in places if not PROJECTION.contains(p.lon, p.lat)]
    biggest = max((p.events for p in inside), default=1)
    points = []
    # Biggest first, so smaller marks are drawn on top and stay reachable.
    for p in sorted(inside, key=lambda p: -p.events):
        x, y = PROJECTION.point(p.lon, p.lat)
        r = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(p.events / biggest)
        single = next(iter(p.types)) if len(p.types) == 1 else None
        style = type_style(single) if single else None
        # One event: its type's own mark; several of one type: a circle of that colour.
        symbol = style.symbol if style and p.events == 1 else None
        country = names.get(p.country or "", "")
        where = f"{p.name}, {country}" if country else p.name
        events = "event" if p.events == 1 else "events"
        text = count_text(p.events)
        points.append(
            MapPoint(
                href=urls.timeline(query.set(place=p.slug)),
                label=f"{where}: {p.events:,} {events} ({_types_text(p)})",
                x=x,
                y=y,
                r=round(r, 1),
                text=text if len(text) * 6.2 <= 2 * r - 2 else "",
                type=style.value if style else None,
                symbol=symbol,
            )
        )
    shapes = [
        MapShape(
            code=s.code,
            name=s.name,
            path=s.path,
            href=urls.country(s.code),
            label_x=s.label[0],
            label_y=s.label[1],
            show_label=s.code in names and s.code not in ("GMB", "GNB", "TGO", "MLT", "GNQ"),
        )
        for s in country_shapes()
    ]
    active = active_filters(session, query, page, facets=facets)
    described = ", ".join(link.label.replace(": ", " ", 1) for link in active)
    unlocated = max(total - located, 0)
    context = MapPage(
        title=f"Map: {described}" if described else "Map",
        alerts=refused_alert(errors),
        width=1000.0,
        height=PROJECTION.height,
        shapes=shapes,
        points=points,
        rows=[_row(p, urls, names) for p in inside],
        outside=[_row(p, urls, names) for p in outside],
        unlocated=unlocated,
        total=total,
        legend=legend(facets["type"], query, page),
        filters=filter_form(
            action=urls.map(), query=query, facets=facets, errors=errors, page=page, active=active
        ),
        description=(
            f"{located:,} of {total:,} events at {len(places):,} places"
            f" ({len(outside):,} outside the area shown). Each mark is a place, its size the "
            "number of its events; one type's shape and colour when all its events share it, "
            "a grey circle otherwise. The table below lists the same places."
        ),
        source=SOURCE,
        json_href=urls.api("events", query.only(FILTER_NAMES).set(format=ExportFormat.GEOJSON)),
        timeline_href=urls.timeline(query.only(FILTER_NAMES)),
    )
    return render(
        request,
        "web/map.html",
        context,
        alternate=context.json_href,
        alternate_type="application/geo+json",
        status=400 if errors else 200,
    )
