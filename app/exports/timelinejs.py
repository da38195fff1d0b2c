"""TimelineJS (Knight Lab) JSON: a file TimelineJS3 loads as is.

Each event gives a slide: `start_date` (year, and month and day as far as the precision goes),
`end_date` when it spans more than a day, `text` (headline and HTML body, escaped), `group` (its
type, TimelineJS's rows) and `unique_id` (its id). Named periods become `eras`. The models below
describe the format for the API documentation and for tests.
"""

import html
from collections.abc import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from app.exports.base import Era, ExportContext
from app.schemas.events import EventPublic


class TimelineDate(BaseModel):
    year: int
    month: int | None = None
    day: int | None = None
    display_date: str | None = None


class TimelineText(BaseModel):
    headline: str
    text: str = ""


class TimelineSlide(BaseModel):
    start_date: TimelineDate
    end_date: TimelineDate | None = None
    text: TimelineText
    group: str | None = None
    display_date: str | None = None
    unique_id: str | None = None


class TimelineEra(BaseModel):
    start_date: TimelineDate
    end_date: TimelineDate
    text: TimelineText


class TimelineDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": {"headline": "Sahel Chronicle", "text": "42 events"},
                    "events": [
                        {
                            "start_date": {"year": 2020, "month": 8, "day": 18},
                            "text": {"headline": "Coup in Mali", "text": "<p>…</p>"},
                            "group": "coup",
                            "display_date": "18 August 2020",
                            "unique_id": "2020-08-18-coup-in-mali",
                        }
                    ],
                    "eras": [],
                }
            ]
        }
    )

    title: TimelineText | None = Field(default=None, description="The title slide.")
    events: list[TimelineSlide]
    eras: list[TimelineEra] = []


def _dates(event: EventPublic) -> tuple[TimelineDate, TimelineDate | None]:
    """A day, a month or a year is a point written to that precision (so TimelineJS never shows
    a false "1 January"); anything longer is a span from its first to its last day."""
    start, end, precision = event.date.start, event.date.end, event.date.precision
    if precision == "day" or start == end:
        return TimelineDate(year=start.year, month=start.month, day=start.day), None
    if precision == "month":
        return TimelineDate(year=start.year, month=start.month), None
    if precision == "year":
        return TimelineDate(year=start.year), None
    first = TimelineDate(year=start.year, month=start.month, day=start.day)
    return first, TimelineDate(year=end.year, month=end.month, day=end.day)


def slide(event: EventPublic) -> TimelineSlide:
    """The TimelineJS slide of one event."""
    start, end = _dates(event)
    sources = "".join(
        f"<li>{html.escape(s.title)}: “{html.escape(s.quote)}”</li>" for s in event.sources
    )
    body = (
        f"<p>{html.escape(event.summary)}</p>"
        + (f"<ul>{sources}</ul>" if sources else "")
        + f'<p><a href="{html.escape(event.url)}">{html.escape(event.date.label)}</a></p>'
    )
    return TimelineSlide(
        start_date=start,
        end_date=end,
        text=TimelineText(headline=html.escape(event.title), text=body),
        group=event.type,
        display_date=event.date.label,
        unique_id=event.id,
    )


def era(period: Era) -> TimelineEra:
    start, end = period.start, period.end
    return TimelineEra(
        start_date=TimelineDate(year=start.year, month=start.month, day=start.day),
        end_date=TimelineDate(year=end.year, month=end.month, day=end.day),
        text=TimelineText(headline=html.escape(period.name), text=html.escape(period.description)),
    )


def write(events: Iterable[EventPublic], context: ExportContext) -> Iterator[str]:
    title = TimelineText(
        headline=html.escape(context.title),
        text=f'<p><a href="{html.escape(context.source_url)}">Source query</a></p>',
    )
    eras = ",".join(era(p).model_dump_json(exclude_none=True) for p in context.eras)
    yield f'{{"title":{title.model_dump_json()},"eras":[{eras}],"events":['
    first = True
    for event in events:
        yield ("\n" if first else ",\n") + slide(event).model_dump_json(exclude_none=True)
        first = False
    yield "\n]}\n"
