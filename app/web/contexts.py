"""What each page's template receives: one dataclass per page, and the parts they share.

Views decide, templates display: every label, date text, grouping, link and count is computed
before rendering, and a template only reads these fields. A page is rendered with its
dataclass's fields as the template's variables (app.web.rendering), and tests/web check each
page's real context against its dataclass and each template's variables against it.
"""

from dataclasses import dataclass
from datetime import date

from app.web.chart import TimelineChart


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool = False
    note: str = ""  # a count or a hint printed beside the link


@dataclass(frozen=True)
class Alert:
    kind: str  # "error", "warning" or "info"
    title: str
    items: list[str]


@dataclass(frozen=True)
class TypeBadge:
    value: str
    label: str
    symbol: str


@dataclass(frozen=True)
class EventItem:
    """An event in a list: what the chronology shows of it."""

    href: str
    title: str
    summary: str
    date_label: str
    type: TypeBadge
    countries: list[str]  # names
    sources: int
    notes: list[str]  # "planned", "sources disagree on the date"...


@dataclass(frozen=True)
class MonthGroup:
    heading: str
    anchor: str
    events: list[EventItem]


@dataclass(frozen=True)
class YearGroup:
    heading: str
    anchor: str
    months: list[MonthGroup]


@dataclass(frozen=True)
class Chronology:
    heading: str
    summary: str  # "Events 1–100 of 2,345, earliest first"
    years: list[YearGroup]
    orders: list[Link]  # earliest first / latest first
    next_href: str | None
    first_href: str | None  # back to the first page, when not on it
    empty: str  # what to say when there is no event


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str


@dataclass(frozen=True)
class FacetField:
    name: str  # the query parameter
    legend: str
    options: list[FacetOption]  # shown
    more: list[FacetOption]  # folded away under "more"
    omitted: int  # values with fewer events, not listed


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class FilterForm:
    action: str
    start: str
    end: str
    q: str
    precision: list[Choice]
    lanes: list[Choice]
    sort: list[Choice]
    facets: list[FacetField]
    hidden: list[tuple[str, str]]  # parameters the form keeps without showing them
    active: list[Link]  # each active filter, linked to the page without it
    clear_href: str
    invalid: list[str]  # parameters whose values were refused


@dataclass(frozen=True)
class LegendItem:
    badge: TypeBadge
    definition: str
    count: int
    href: str  # this type added to or removed from the filter
    selected: bool


@dataclass(frozen=True)
class TimelineSection:
    heading: str
    chart: TimelineChart
    legend: list[LegendItem]
    years: list[Link]  # zoom to one year
    all_years: Link
    lanes: list[Link]  # one lane per country / per type
    hidden_lanes: list[Link]  # lanes left out of a crowded chart


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    description: str


@dataclass(frozen=True)
class TimelinePage:
    title: str
    heading: str
    intro: str
    alerts: list[Alert]
    timeline: TimelineSection
    filters: FilterForm
    chronology: Chronology
    downloads: list[Download]
    json_href: str
    map_href: str


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    href: str | None = None


@dataclass(frozen=True)
class Citation:
    anchor: str
    quote: str
    document_title: str
    document_href: str  # the quote's spot in the document
    offsets: str


@dataclass(frozen=True)
class Revision:
    at: str
    when: date
    author: str
    action: str
    changes: list[str]


@dataclass(frozen=True)
class EventPage:
    title: str
    alerts: list[Alert]
    badge: TypeBadge
    date_label: str
    summary: str
    facts: list[Fact]
    actors: list[Link]
    places: list[Link]
    countries: list[Link]
    tags: list[Link]
    citations: list[Citation]
    related: list[EventItem]
    nearby: list[EventItem]
    revisions: list[Revision]
    json_href: str
    timeline_href: str


@dataclass(frozen=True)
class TextPiece:
    """A run of the document's text: plain, or inside one or more cited spans."""

    text: str
    anchors: list[str]  # ids of the citations starting here (the first is the <mark>'s id)
    event_href: str | None  # the innermost cited event
    event_title: str
    type: str | None


@dataclass(frozen=True)
class CitedSpan:
    anchor: str
    href: str  # the spot in the text
    event_href: str
    event_title: str
    badge: TypeBadge
    quote: str


@dataclass(frozen=True)
class DocumentPage:
    title: str
    alerts: list[Alert]
    facts: list[Fact]
    pieces: list[TextPiece]
    spans: list[CitedSpan]
    timeline: TimelineSection
    json_href: str
    events_href: str


@dataclass(frozen=True)
class EntityPage:
    """An actor, place, country or period: its facts, its own timeline and chronology."""

    title: str
    kind: str  # "Actor", "Place", "Country", "Period"
    alerts: list[Alert]
    facts: list[Fact]
    description: str
    timeline: TimelineSection
    chronology: Chronology
    active: list[Link]  # further filters, each linked to the page without it
    downloads: list[Download]
    json_href: str
    timeline_href: str  # these events on the main timeline, with its filters
    map_href: str


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None


@dataclass(frozen=True)
class IndexPage:
    title: str
    intro: str
    alerts: list[Alert]
    columns: list[Column]
    rows: list[list[Cell]]
    summary: str
    next_href: str | None
    first_href: str | None
    json_href: str


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    path: str
    href: str
    label_x: float
    label_y: float
    show_label: bool


@dataclass(frozen=True)
class MapPoint:
    href: str
    label: str
    x: float
    y: float
    r: float
    text: str
    type: str | None  # the one type of all its events, else None (a neutral circle)
    symbol: str | None


@dataclass(frozen=True)
class MapRow:
    place: str
    href: str
    country: str
    events: int
    types: str


@dataclass(frozen=True)
class MapPage:
    title: str
    alerts: list[Alert]
    width: float
    height: float
    shapes: list[MapShape]
    points: list[MapPoint]
    rows: list[MapRow]
    outside: list[MapRow]  # places off the map (Paris, Moscow...)
    unlocated: int  # events with no place that has coordinates
    total: int
    legend: list[LegendItem]
    filters: FilterForm
    description: str
    source: str
    json_href: str
    timeline_href: str


@dataclass(frozen=True)
class ErrorPage:
    title: str
    status: int
    message: str
    details: list[str]
