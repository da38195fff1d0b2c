"""Query parameters of the API, declared once with their descriptions, checked all at once.

Each endpoint takes one model; FastAPI validates every parameter together, so a request with
three bad parameters gets three messages (app.api.problems turns them into one problem+json).
Repeatable parameters also accept comma-separated values (`type=coup,treaty`). These checks need
no database; `to_filter` then gives the `EventFilter` that app.queries reads, and unknown
countries, actors and the like are refused against the database by app.api.deps.
"""

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from app.exports.base import ExportFormat
from app.extraction.temporal_bounds import DateBounds, day_bounds, month_bounds, year_bounds
from app.models.taxonomy import EventStatus, EventType, Precision
from app.queries.filters import EventFilter, EventSort, Facet
from app.queries.search import parse_search
from app.queries.stats import Interval, Split

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_FATALITIES = 10_000_000
# Query-cost limits: each bounds work a single request can ask of the database, far above what
# a researcher's query needs, and a request over one is refused (400) naming the parameter.
# Values of one filter (types, countries, actors...): each is a term of an IN list, and actor,
# place, document and period values are each looked up to refuse unknown ones; periods each add
# a date range. The region has 13 event types and about 20 countries: 50 chooses all of either.
MAX_FILTER_VALUES = 50
# Facets: each is one aggregate scan of the matching events (the slowest part of a page: about
# 0.1 s per facet at 100k events, docs/benchmarks.md). The six there are may all be asked for,
# once each; a repeat would repeat the scan for nothing.
MAX_FACETS = len(Facet)
# Full-text search: the query is at most 500 characters and 20 words, phrases' words and
# alternatives (OR) included. Each word is one more index lookup and intersection, each OR one
# more query to rank; 20 is several times a long phrase, and well under what a client could
# otherwise send in a URL.
MAX_QUERY_LENGTH = 500
MAX_QUERY_WORDS = 20
# No limit on the date window of a search or an export: lists are keyset pages, so a page deep
# in a wide window costs what the first does, and an export streams with flat memory whatever
# its size; what a search costs grows with its words, bounded above.
_DAY_MONTH_YEAR = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What a window edge looks like (the schema documents it; window_bounds checks the calendar).
WINDOW_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def _split(value: Any) -> Any:
    """`a,b` and repeated parameters alike become one list of non-empty values."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return value
    return [part.strip() for item in value for part in str(item).split(",") if part.strip()]


def _plain(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value


def _upper(value: str) -> str:
    return value.upper()


Name = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$"),
    AfterValidator(_plain),
]
CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$"), AfterValidator(_upper)]


_AT_MOST = f" At most {MAX_FILTER_VALUES} values."


def _names(description: str, example: str) -> Any:
    return Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description=description + _AT_MOST,
        examples=[[example]],
    )


def window_bounds(value: str) -> DateBounds:
    """The bounds of a year (`2022`), a month (`2022-01`) or a day (`2022-01-15`).

    Raises ValueError, with the forms it accepts, for anything else or a day that does not exist.
    """
    match = _DAY_MONTH_YEAR.fullmatch(value)
    if match is None:
        raise ValueError(
            f"{value!r} is not a date: use a year (2022), a month (2022-01) or a day (2022-01-15)"
        )
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        if match.group(3):
            return day_bounds(year, month, day)
        if match.group(2):
            return month_bounds(year, month)
        return year_bounds(year)
    except ValueError:
        raise ValueError(f"{value!r} is not a date that exists") from None


def _aware(value: datetime | None) -> datetime | None:
    """Timestamps without a time zone are UTC; others are converted to UTC."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the timestamp is out of range") from None


class EventFilterParams(BaseModel):
    """Which events: every filter of the event list, the timeline stats and the exports."""

    model_config = ConfigDict(extra="forbid")

    start: str | None = Field(
        default=None,
        description="Keep events that happen on or after this day, month or year: `2022`, "
        "`2022-01` or `2022-01-15`. An event matches when its date bounds overlap the window.",
        examples=["2022", "2022-01", "2022-01-15"],
        json_schema_extra={"pattern": WINDOW_PATTERN},
    )
    end: str | None = Field(
        default=None,
        description="Keep events that happen on or before this day, month or year (the whole "
        "month or year is included): `2023`, `2023-06` or `2023-06-30`.",
        examples=["2023", "2023-06", "2023-06-30"],
        json_schema_extra={"pattern": WINDOW_PATTERN},
    )
    type: Annotated[list[EventType], BeforeValidator(_split)] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Event types (see /api/v1/types). Repeat or separate with commas: any of "
        "them matches." + _AT_MOST,
        examples=[["coup", "border_incident"]],
    )
    country: Annotated[list[CountryCode], BeforeValidator(_split)] = _names(
        "ISO 3166-1 alpha-3 country codes (see /api/v1/countries); any of them matches.", "MLI"
    )
    actor: Annotated[list[Name], BeforeValidator(_split)] = _names(
        "Actor ids (see /api/v1/actors); events involving any of them match.", "fama"
    )
    place: Annotated[list[Name], BeforeValidator(_split)] = _names(
        "Place ids (see /api/v1/places); events at any of them match.", "adel-bagrou"
    )
    document: Annotated[list[Name], BeforeValidator(_split)] = _names(
        "Document ids (see /api/v1/documents); events cited in any of them match.",
        "001-46d044e6bc364c25",
    )
    period: Annotated[list[Name], BeforeValidator(_split)] = _names(
        "Period ids (see /api/v1/periods); events whose dates overlap any of them match.",
        "mali-transition",
    )
    tag: Annotated[list[Name], BeforeValidator(_split)] = _names(
        "Tags; events with any of them match.", "border-crisis-2024"
    )
    q: Annotated[str, AfterValidator(_plain)] | None = Field(
        default=None,
        max_length=MAX_QUERY_LENGTH,
        description='Full-text search in titles, summaries and quotes. Every word and "quoted '
        'phrase" must match; OR separates alternatives (`wagner OR "africa corps"`). At most '
        f"{MAX_QUERY_LENGTH} characters and {MAX_QUERY_WORDS} words.",
        examples=["wagner", '"border incident" OR incursion'],
    )
    precision: Precision | None = Field(
        default=None,
        description="Keep events dated at least this precisely (day < part_of_month < month < "
        "season < range < year): `month` keeps day-, part-of-month- and month-precise events.",
        examples=["month"],
    )
    status: Annotated[list[EventStatus], BeforeValidator(_split)] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Statuses to include; `published` when absent. Other statuses are for "
        "signed-in editors only (403 otherwise)." + _AT_MOST,
        examples=[["published"]],
    )
    min_fatalities: int | None = Field(
        default=None,
        ge=0,
        le=MAX_FATALITIES,
        description="Keep events whose best fatality estimate is at least this.",
        examples=[10],
    )
    max_fatalities: int | None = Field(
        default=None,
        ge=0,
        le=MAX_FATALITIES,
        description="Keep events whose best fatality estimate is at most this.",
        examples=[100],
    )
    updated_since: datetime | None = Field(
        default=None,
        description="Keep events created or changed at or after this moment (ISO 8601; UTC "
        "when no offset is given): what changed since your last pull.",
        examples=["2024-06-01T00:00:00Z"],
    )

    @field_validator("start", "end")
    @classmethod
    def _check_window(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        bounds = window_bounds(value)
        start = info.data.get("start")
        if info.field_name == "end" and start is not None:
            first = window_bounds(start).start
            if bounds.end < first:
                raise ValueError(f"the window ends ({value}) before it starts ({start})")
        return value

    @field_validator("q")
    @classmethod
    def _check_q(cls, value: str | None) -> str | None:
        if value is None:
            return None
        search = parse_search(value)
        if search.empty:
            raise ValueError("the search has no word to look for")
        words = sum(len(phrase) for group in search.alternatives for phrase in group)
        if words > MAX_QUERY_WORDS:
            raise ValueError(
                f"the search has {words} words, over the maximum, {MAX_QUERY_WORDS}: "
                "search for fewer words"
            )
        return value

    @field_validator("max_fatalities")
    @classmethod
    def _check_fatalities(cls, value: int | None, info: ValidationInfo) -> int | None:
        low = info.data.get("min_fatalities")
        if value is not None and low is not None and value < low:
            raise ValueError(f"max_fatalities {value} is below min_fatalities {low}")
        return value

    @field_validator("updated_since")
    @classmethod
    def _check_updated_since(cls, value: datetime | None) -> datetime | None:
        return _aware(value)

    def to_filter(self, statuses: tuple[str, ...]) -> EventFilter:
        """The EventFilter these parameters describe, over events of `statuses`."""
        return EventFilter(
            start=window_bounds(self.start).start if self.start else None,
            end=window_bounds(self.end).end if self.end else None,
            types=tuple(dict.fromkeys(self.type)),
            countries=tuple(dict.fromkeys(self.country)),
            actors=tuple(dict.fromkeys(self.actor)),
            places=tuple(dict.fromkeys(self.place)),
            documents=tuple(dict.fromkeys(self.document)),
            periods=tuple(dict.fromkeys(self.period)),
            q=self.q,
            precision=self.precision,
            statuses=statuses,
            min_fatalities=self.min_fatalities,
            max_fatalities=self.max_fatalities,
            tags=tuple(dict.fromkeys(self.tag)),
            updated_since=self.updated_since,
        )


_LIMIT = Field(
    default=DEFAULT_LIMIT,
    ge=1,
    le=MAX_LIMIT,
    description=f"Items per page, at most {MAX_LIMIT}.",
    examples=[100],
)
_CURSOR = Field(
    default=None,
    max_length=2000,
    description="Where the page starts: copy it from the `next` URL of the previous page.",
)


class EventsParams(EventFilterParams):
    """The event list: filters, then order, page, facets and export format."""

    sort: EventSort = Field(
        default=EventSort.DATE,
        description="`date` (earliest first, the default), `-date` (latest first), `updated` "
        "(least recently changed first: resumable syncs), `-updated`, or `relevance` (best "
        "full-text match first; needs `q`).",
    )
    limit: int = _LIMIT
    cursor: str | None = _CURSOR
    facets: Annotated[list[Facet], BeforeValidator(_split)] = Field(
        default_factory=list,
        max_length=MAX_FACETS,
        description="Count events per value of these fields under the same filters, each "
        "ignoring its own filter: type, country, actor, place, year, precision. Each at most "
        "once.",
        examples=[["type", "country"]],
    )
    format: ExportFormat = Field(
        default=ExportFormat.JSON,
        description="`json` (pages, the default), or download every matching event at once "
        "(no page limit; `limit`, `cursor` and `facets` are ignored) as `csv`, `ndjson`, "
        "`geojson` (events with a located place), `timelinejs` (Knight Lab TimelineJS) or "
        "`ics` (iCalendar).",
    )

    @field_validator("facets")
    @classmethod
    def _check_facets(cls, value: list[Facet]) -> list[Facet]:
        repeated = [str(f) for f in dict.fromkeys(value) if value.count(f) > 1]
        if repeated:
            raise ValueError(
                f"each facet may be asked for once; {', '.join(map(repr, repeated))} is repeated"
            )
        return value

    @field_validator("sort")
    @classmethod
    def _check_sort(cls, value: EventSort, info: ValidationInfo) -> EventSort:
        if value == EventSort.RELEVANCE and not info.data.get("q"):
            raise ValueError("sort=relevance ranks a full-text search: give `q` too")
        return value


class TimelineParams(EventFilterParams):
    """The timeline counts: the event filters, then how to bucket and split."""

    interval: Interval = Field(
        default=Interval.YEAR, description="Count per `year` (the default) or per `month`."
    )
    split: Split | None = Field(
        default=None, description="Also count per `type` or per `country` within each period."
    )


class PageParams(BaseModel):
    """A page of a list."""

    model_config = ConfigDict(extra="forbid")

    limit: int = _LIMIT
    cursor: str | None = _CURSOR


class ChangesParams(PageParams):
    since: datetime = Field(
        description="Report events created, changed or deleted at or after this moment (ISO "
        "8601; UTC when no offset is given). Use the largest `updated_at` you have seen.",
        examples=["2024-06-01T00:00:00Z"],
    )

    @field_validator("since")
    @classmethod
    def _check_since(cls, value: datetime) -> datetime:
        aware = _aware(value)
        assert aware is not None
        return aware
