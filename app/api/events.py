"""Events: the filtered, faceted, paged list with its exports, and one event by id."""

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlmodel import Session

from app.api.deps import CurrentEditor, EngineDep, SessionDep, event_filter, readable_statuses
from app.api.params import EventsParams
from app.api.problems import problems
from app.api.urls import Urls
from app.errors import NotFound
from app.exports import EXPORTERS, Era, ExportContext, ExportFormat
from app.exports.base import in_chunks
from app.exports.timelinejs import TimelineDocument
from app.queries.events import EventQuery, get_event, read_page, stream_events
from app.queries.references import periods_overlapping
from app.schemas.events import EventPublic, EventsPublic, event_public, facets_public
from app.web.cache import aggregates_of

router = APIRouter(tags=["events"])

EventId = Annotated[
    str, Path(description="The event's id (its slug).", examples=["2020-08-18-coup-in-mali"])
]

_EXPORTS: dict[str, Any] = {
    "text/csv": {"schema": {"type": "string"}, "example": "event_id,start,end,…"},
    "application/x-ndjson": {"schema": {"type": "string"}},
    "application/geo+json": {"schema": {"type": "object"}},
    "text/calendar": {"schema": {"type": "string"}, "example": "BEGIN:VCALENDAR\r\n…"},
}


@router.get(
    "/events",
    response_model=EventsPublic | TimelineDocument,
    responses={
        200: {
            "description": "A page of events (JSON), or with `format`, every matching event "
            "as a CSV, NDJSON, GeoJSON, TimelineJS or iCalendar download.",
            "content": _EXPORTS,
        },
        **problems(400, 403),
    },
)
def read_events(
    request: Request,
    params: Annotated[EventsParams, Query()],
    session: SessionDep,
    engine: EngineDep,
    editor: CurrentEditor,
) -> Any:
    """Events matching every filter given, as pages of JSON or as a download.

    Filters combine: values of one parameter are alternatives (`type=coup&type=treaty`), different
    parameters must all hold. Pages follow each other through the `next` URL; `total` counts
    every page. `facets` adds counts per value, as in Datasette. With `format` the response is a
    file of every matching event, streamed whatever its size.
    """
    urls = Urls(request)
    query = EventQuery(event_filter(session, params, editor), params.sort)
    if params.format != ExportFormat.JSON:
        return _export(params.format, query, engine, session, urls)
    # Counts are remembered until the data changes (app/web/cache.py).
    aggregates = aggregates_of(request, session)
    page = read_page(
        session, query, limit=params.limit, cursor=params.cursor, count=aggregates.count
    )
    return EventsPublic(
        items=[event_public(r, urls.event_page(r.event.slug)) for r in page.records],
        total=page.total,
        next=urls.with_cursor(page.next_cursor),
        facets=facets_public(aggregates.facets(query.filter, tuple(params.facets))),
    )


def _export(
    fmt: ExportFormat, query: EventQuery, engine: Engine, session: Session, urls: Urls
) -> StreamingResponse:
    """Every event of `query` as a file in `fmt`, streamed (see app.exports)."""
    f = query.filter
    eras = [
        Era(p.slug, p.name, p.date_start, p.date_end, p.description)
        for p in periods_overlapping(session, f.start, f.end)
    ]
    context = ExportContext("Sahel Chronicle: events", urls.current(), eras)
    chosen = EXPORTERS[fmt]

    def events() -> Iterator[EventPublic]:
        for record in stream_events(engine, query):
            yield event_public(record, urls.event_page(record.event.slug))

    return StreamingResponse(
        in_chunks(chosen.write(events(), context)),
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{chosen.filename}"'},
    )


@router.get("/events/{id}", response_model=EventPublic, responses=problems(404))
def read_event(
    request: Request, response: Response, id: EventId, session: SessionDep, editor: CurrentEditor
) -> EventPublic:
    """One event with its actors, places, sources and date label. With an API token, the
    ETag is the event's version, to send back as If-Match when changing it."""
    record = get_event(session, id, readable_statuses(editor))
    if record is None:
        raise NotFound(f"no published event has the id {id!r}")
    if editor is not None:
        response.headers["ETag"] = f'"{record.event.version}"'
    return event_public(record, Urls(request).event_page(record.event.slug))
