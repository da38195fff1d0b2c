"""The filter form, the list of active filters, and the download links of a filtered page.

Every control is named as the API's parameter, so the form submits (GET) a URL the API would
read the same way, and a download link is the API export of exactly the query on screen.
Options carry their facet counts: how many events choosing them would give under the other
filters (app.queries.facets).
"""

from sqlmodel import Session, col, select

from app.api.params import EventFilterParams
from app.errors import ParameterError
from app.exports.base import ExportFormat
from app.models import Actor, Document, Period, Place
from app.models.taxonomy import Precision
from app.queries.facets import FacetCount
from app.web.contexts import Choice, Download, FacetField, FacetOption, FilterForm, Link
from app.web.palette import type_label
from app.web.params import FILTER_NAMES
from app.web.urls import PageHref, PageUrls, QueryState

VISIBLE_OPTIONS = 8
MAX_OPTIONS = 60
# Parameters the form has a control for; the others ride along as hidden inputs.
_CONTROLS = ("start", "end", "q", "precision", "lanes", "sort", "type", "country", "actor", "place")
_LEGENDS = {"type": "Event type", "country": "Country", "actor": "Actor", "place": "Place"}
_PRECISIONS = {
    "": "Any precision",
    Precision.DAY: "to the day",
    Precision.PART_OF_MONTH: "to part of a month or better",
    Precision.MONTH: "to the month or better",
    Precision.SEASON: "to the season or better",
    Precision.RANGE: "to a range of dates or better",
    Precision.YEAR: "to the year or better",
}
_LABELS = {
    "start": "From",
    "end": "Until",
    "type": "Type",
    "country": "Country",
    "actor": "Actor",
    "place": "Place",
    "document": "Source",
    "period": "Period",
    "tag": "Tag",
    "q": "Search",
    "precision": "Dated",
    "min_fatalities": "At least killed",
    "max_fatalities": "At most killed",
    "updated_since": "Changed since",
    "status": "Status",
}
_FORMATS = (
    (ExportFormat.CSV, "CSV", "a spreadsheet: one row per event"),
    (ExportFormat.NDJSON, "NDJSON", "one JSON event per line"),
    (ExportFormat.GEOJSON, "GeoJSON", "events with a known place, for a GIS"),
    (ExportFormat.TIMELINEJS, "TimelineJS", "for Knight Lab's TimelineJS"),
    (ExportFormat.ICS, "iCalendar", "for a calendar application"),
)


def _options(
    name: str, counts: list[FacetCount], chosen: list[str], labels: dict[str, str]
) -> FacetField:
    seen = {c.value for c in counts}
    everything = [
        FacetOption(c.value, labels.get(c.value, c.label), c.count, c.value in chosen, "")
        for c in counts
    ]
    # A chosen value with no event under the other filters still shows, so it can be unticked.
    everything += [FacetOption(v, labels.get(v, v), 0, True, "") for v in chosen if v not in seen]
    # A long tail is cut (its values stay reachable from their index page), never a chosen one.
    kept = [o for i, o in enumerate(everything) if i < MAX_OPTIONS or o.selected]
    omitted = len(everything) - len(kept)
    everything = kept
    numbered = [
        FacetOption(o.value, o.label, o.count, o.selected, f"f-{name}-{i}")
        for i, o in enumerate(everything)
    ]
    shown = [o for i, o in enumerate(numbered) if i < VISIBLE_OPTIONS or o.selected]
    more = [o for i, o in enumerate(numbered) if i >= VISIBLE_OPTIONS and not o.selected]
    return FacetField(name, _LEGENDS[name], shown, more, omitted)


def filter_form(
    *,
    action: str,
    query: QueryState,
    facets: dict[str, list[FacetCount]],
    errors: list[ParameterError],
    page: PageHref,
    active: list[Link],
    lanes: str | None = None,
    sort: str | None = None,
) -> FilterForm:
    """The form for `query` (the parameters in force), with the facet counts of `facets`."""
    type_labels = {c.value: type_label(c.value) for c in facets.get("type", [])}
    fields = [
        _options(name, facets[name], query.get(name), type_labels if name == "type" else {})
        for name in ("type", "country", "actor", "place")
        if name in facets
    ]
    precision = query.first("precision")
    hidden = [
        (name, value)
        for name, value in query.pairs
        if name not in _CONTROLS and name not in ("cursor",)
    ]
    return FilterForm(
        action=action,
        start=query.first("start"),
        end=query.first("end"),
        q=query.first("q"),
        precision=[Choice(v, label, v == precision) for v, label in _PRECISIONS.items()],
        lanes=[]
        if lanes is None
        else [
            Choice("country", "One lane per country", lanes == "country"),
            Choice("type", "One lane per event type", lanes == "type"),
        ],
        sort=[]
        if sort is None
        else [
            Choice("date", "Earliest first", sort == "date"),
            Choice("-date", "Latest first", sort == "-date"),
        ],
        facets=fields,
        hidden=hidden,
        active=active,
        clear_href=page(query.only(("lanes",))),
        invalid=sorted({e.name for e in errors}),
    )


def active_filters(
    session: Session,
    query: QueryState,
    page: PageHref,
    *,
    facets: dict[str, list[FacetCount]] | None = None,
    fixed: tuple[str, ...] = (),
) -> list[Link]:
    """Each filter in force, named for a person, linked to the page without it."""
    labels = _value_labels(session, query, facets or {})
    links = []
    for name, value in query.pairs:
        if name not in FILTER_NAMES or name in fixed:
            continue
        shown = labels.get((name, value), value)
        links.append(Link(f"{_LABELS.get(name, name)}: {shown}", page(query.without(name, value))))
    return links


def _value_labels(
    session: Session, query: QueryState, facets: dict[str, list[FacetCount]]
) -> dict[tuple[str, str], str]:
    labels: dict[tuple[str, str], str] = {}
    for name, counts in facets.items():
        for c in counts:
            labels[(name, c.value)] = c.label
    for value in query.get("type"):
        labels[("type", value)] = type_label(value)
    for value in query.get("precision"):
        labels[("precision", value)] = _PRECISIONS.get(value, value)
    lookups = (
        ("actor", col(Actor.slug), col(Actor.name)),
        ("place", col(Place.slug), col(Place.name)),
        ("document", col(Document.slug), col(Document.title)),
        ("period", col(Period.slug), col(Period.name)),
    )
    for name, key, label in lookups:
        wanted = [v for v in query.get(name) if (name, v) not in labels]
        if wanted:
            for slug, text in session.exec(select(key, label).where(key.in_(wanted))):
                labels[(name, str(slug))] = str(text)
    return labels


def downloads(urls: PageUrls, query: QueryState) -> list[Download]:
    """The API exports of exactly the events `query` filters (its filters and order)."""
    kept = query.only((*FILTER_NAMES, "sort"))
    return [
        Download(label, urls.api("events", kept.set(format=fmt.value)), description)
        for fmt, label, description in _FORMATS
    ]


def filter_params_state(params: EventFilterParams, errors: list[ParameterError]) -> QueryState:
    """The parameters of `params` that differ from their defaults, without refused values."""
    state = QueryState.of(params)
    for e in errors:
        if e.name in FILTER_NAMES and e.value is not None:
            state = state.without(e.name, str(e.value))
    return state
