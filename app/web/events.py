"""The event page: every detail of one event, its citations, related events and history."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.errors import NotFound
from app.models import Revision
from app.models.taxonomy import EventStatus
from app.queries.events import get_event
from app.queries.history import event_history
from app.queries.records import EventRecord
from app.queries.related import nearby_events, related_events
from app.schemas.events import date_label
from app.web import contexts
from app.web.chronology import badge, country_names, event_item
from app.web.contexts import Citation, EventPage, Fact, Link
from app.web.rendering import render
from app.web.urls import PageUrls, QueryState

router = APIRouter(include_in_schema=False)

_PRECISIONS = {
    "day": "to the day",
    "part_of_month": "to part of a month",
    "month": "to the month",
    "season": "to the season",
    "range": "a range of dates",
    "year": "to the year",
}
_FLAGS = {
    "dates_disagree": "Its sources disagree on the date.",
    "fatalities_disagree": "Its sources disagree on the number killed.",
}


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    text = str(value)
    return text if len(text) <= 160 else text[:159] + "…"


def _changes(revision: Revision) -> list[str]:
    lines = []
    for field, change in sorted(revision.changes.items()):
        if isinstance(change, list) and len(change) == 2:
            old, new = change
            if old is None:
                lines.append(f"{field}: {_value(new)}")
            else:
                lines.append(f"{field}: {_value(old)} → {_value(new)}")
        else:
            lines.append(f"{field}: {_value(change)}")
    return lines


def _facts(record: EventRecord) -> list[Fact]:
    e = record.event
    style = badge(e.type)
    facts = [
        Fact("Type", style.label),
        Fact("Date", date_label(e.date_start, e.date_end, e.precision, e.edtf)),
        Fact("Known", _PRECISIONS.get(e.precision, e.precision)),
        Fact(
            "Day bounds",
            e.date_start.isoformat()
            if e.date_start == e.date_end
            else f"{e.date_start.isoformat()} to {e.date_end.isoformat()}",
        ),
        Fact("EDTF", e.edtf),
        Fact(
            "Occurrence",
            "planned (announced, not yet done)" if e.occurrence == "planned" else "occurred",
        ),
    ]
    if e.fatalities_best is not None or e.fatalities_low is not None:
        spread = ""
        if e.fatalities_low is not None and e.fatalities_high is not None:
            spread = f" (sources say {e.fatalities_low:,}–{e.fatalities_high:,})"
        best = f"{e.fatalities_best:,}" if e.fatalities_best is not None else "unknown"
        facts.append(Fact("Killed", best + spread))
    facts.append(Fact("Confidence", f"{e.confidence:.2f}"))
    if e.status != EventStatus.PUBLISHED:
        facts.append(Fact("Status", e.status))
    facts += [
        Fact("Id", e.slug),
        Fact("Last changed", f"{e.updated_at:%Y-%m-%d %H:%M} UTC (version {e.version})"),
    ]
    return facts


def _revision(revision: Revision) -> contexts.Revision:
    who = (
        revision.author
        if revision.author_kind == "editor"
        else (f"{revision.author_kind}: {revision.author}")
    )
    return contexts.Revision(
        at=f"{revision.at:%Y-%m-%d %H:%M} UTC",
        when=revision.at.date(),
        author=who,
        action=revision.action,
        changes=_changes(revision),
    )


@router.get("/events/{id}", response_class=HTMLResponse, name="event_page")
def read_event_page(
    request: Request, id: str, session: SessionDep, editor: CurrentEditor
) -> Response:
    """One event with everything known about it."""
    statuses = readable_statuses(editor)
    record = get_event(session, id, statuses)
    if record is None:
        raise NotFound(f"No published event has the id {id!r}.")
    urls = PageUrls(request)
    names = country_names(session)
    e = record.event
    assert e.id is not None
    related = related_events(session, e, statuses)
    nearby = nearby_events(session, e, statuses, exclude={r.event.slug for r in related})
    alerts = [contexts.Alert("warning", text, []) for flag in e.flags if (text := _FLAGS.get(flag))]
    if e.status != EventStatus.PUBLISHED:
        alerts.insert(0, contexts.Alert("warning", f"This event is {e.status}, not published.", []))
    page = EventPage(
        title=e.title,
        alerts=alerts,
        badge=badge(e.type),
        date_label=date_label(e.date_start, e.date_end, e.precision, e.edtf),
        summary=e.summary,
        facts=_facts(record),
        actors=[Link(a.name, urls.actor(a.slug), note=a.role) for a in record.actors],
        places=[Link(p.name, urls.place(p.slug)) for p in record.places],
        countries=[Link(names.get(c, c), urls.country(c)) for c in record.countries],
        tags=[Link(t, urls.timeline(QueryState((("tag", t),)))) for t in record.tags],
        citations=[
            Citation(
                anchor=f"c-{s.citation}",
                quote=s.quote,
                document_title=s.title,
                document_href=urls.document(s.document, s.citation),
                offsets=f"characters {s.start:,}–{s.end:,} of {s.filename}",
            )
            for s in record.sources
        ],
        related=[event_item(r, urls, names) for r in related],
        nearby=[event_item(r, urls, names) for r in nearby],
        revisions=[_revision(r) for r in event_history(session, e.id)],
        json_href=urls.api(f"events/{e.slug}"),
        timeline_href=urls.timeline(
            QueryState((("start", str(e.date_start.year)), ("end", str(e.date_end.year))))
        ),
    )
    return render(request, "web/event.html", page, alternate=page.json_href)
