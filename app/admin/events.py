"""Events in the admin: the list, the form to create or edit one (with a date preview and a check
without saving), delete and restore, and the conflict screen when someone saved meanwhile.

Routes are thin: the form becomes an EventDraft (app.admin.event_forms) and app.editing does the
rest; an InvalidParameters shows the form again with every error at its field and every value as
typed, an EditConflict shows what the other editor changed (app.admin.conflicts).
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from app.accounts import Principal
from app.admin.conflicts import ConflictView, conflict_view
from app.admin.deps import EDITORS, EngineDep, Form, text
from app.admin.event_forms import GROUPS, Choices, CitationRow, EventForm, choices
from app.admin.pages import redirect, render
from app.auth import EditorUser
from app.editing.dates import DatePreview, read_date
from app.editing.events import (
    Author,
    create_event,
    delete_event,
    restore_event,
    update_event,
)
from app.editing.state import read_state
from app.editing.validation import prepare
from app.errors import BadRequest, EditConflict, InvalidParameters, NotFound
from app.models import Event
from app.models.taxonomy import AuthorKind, EventStatus
from app.schemas.events import date_label

router = APIRouter(prefix="/admin", dependencies=EDITORS, include_in_schema=False)
PAGE_SIZE = 50


def editor(user: Principal) -> Author:
    return Author(AuthorKind.EDITOR, user.username)


@dataclass(frozen=True)
class EventLine:
    slug: str
    title: str
    type: str
    date: str
    status: str
    confidence: float
    updated_at: str


@router.get("/events", name="admin.events")
def read_events(
    request: Request,
    engine: EngineDep,
    q: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    where: list[Any] = []
    if status:
        where.append(col(Event.status) == status)
    if q.strip():
        pattern = f"%{q.strip().lower()}%"
        where.append(or_(func.lower(Event.title).like(pattern), col(Event.slug).like(pattern)))
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(Event).where(*where)).one()
        rows = session.exec(
            select(Event)
            .where(*where)
            .order_by(col(Event.updated_at).desc(), col(Event.id).desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).all()
        lines = [
            EventLine(
                e.slug,
                e.title,
                e.type,
                date_label(e.date_start, e.date_end, e.precision, e.edtf),
                e.status,
                e.confidence,
                e.updated_at.strftime("%Y-%m-%d %H:%M"),
            )
            for e in rows
        ]
    return render(
        request,
        "admin/events.html",
        {
            "lines": lines,
            "total": total,
            "q": q,
            "status": status,
            "page": page,
            "pages": max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
            "statuses": [s.value for s in EventStatus],
        },
    )


@dataclass(frozen=True)
class EventFormPage:
    """Everything admin/event_form.html shows."""

    form: EventForm
    choices: Choices
    action: str  # the URL the form posts to
    event: Event | None  # None for a new event
    version: int | None  # the version the form was read at
    preview: DatePreview | None
    checked: bool  # "Check" found nothing wrong
    conflict: ConflictView | None = None
    accepting: bool = False  # edit-then-accept from the review queue


def _page(
    request: Request,
    session: Session,
    form: EventForm,
    *,
    event: Event | None,
    version: int | None,
    status_code: int = 200,
    checked: bool = False,
    conflict: ConflictView | None = None,
    accepting: bool = False,
) -> HTMLResponse:
    action = (
        str(request.url_for("admin.update_event", slug=event.slug))
        if event
        else str(request.url_for("admin.create_event"))
    )
    page = EventFormPage(
        form=form.for_display(),
        choices=choices(session, deleted=form.status == EventStatus.DELETED),
        action=action,
        event=event,
        version=version,
        preview=form.preview(),
        checked=checked,
        conflict=conflict,
        accepting=accepting,
    )
    return render(request, "admin/event_form.html", {"page": page}, status_code=status_code)


def _event(session: Session, slug: str) -> Event:
    event = session.exec(select(Event).where(col(Event.slug) == slug)).first()
    if event is None:
        raise NotFound(f"no event has the id {slug!r}")
    return event


@router.get("/events/new", name="admin.new_event_form")
def read_new_event_form(
    request: Request, engine: EngineDep, document: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    form = EventForm()
    if document:
        form.citations.append(_citation_for(document))
    with Session(engine) as session:
        return _page(request, session, form, event=None, version=None)


def _citation_for(document: str) -> CitationRow:
    return CitationRow(document=document)


def _check(session: Session, form: EventForm, event: Event | None) -> list[Any]:
    """The problems saving would report, found without saving."""
    try:
        current = read_state(session, event) if event else None
        prepare(session, form.draft(), current=current, slug=event.slug if event else None)
    except InvalidParameters as exc:
        return list(exc.errors)
    return []


@router.post("/events/new", name="admin.create_event")
def create_event_from_form(
    request: Request, form: Form, engine: EngineDep, user: EditorUser
) -> Response:
    typed = EventForm.from_form(form)
    if text(form, "action") == "check":
        with Session(engine) as session:
            errors = _check(session, typed, None)
            return _page(
                request,
                session,
                typed.with_errors(errors),
                event=None,
                version=None,
                checked=not errors,
                status_code=400 if errors else 200,
            )
    try:
        saved = create_event(engine, draft=typed.draft(), author=editor(user))
    except InvalidParameters as exc:
        with Session(engine) as session:
            return _page(
                request,
                session,
                typed.with_errors(exc.errors),
                event=None,
                version=None,
                status_code=400,
            )
    return redirect(
        request, str(request.url_for("admin.edit_event_form", slug=saved.slug)), notice="created"
    )


@router.get("/events/{slug}/edit", name="admin.edit_event_form")
def read_edit_event_form(
    request: Request, slug: str, engine: EngineDep, accept: bool = False
) -> HTMLResponse:
    """The form of a stored event; with `accept`, its status is set to published, ready for an
    editor to correct it and accept it in one save (from the review queue)."""
    with Session(engine) as session:
        event = _event(session, slug)
        form = EventForm.from_state(session, read_state(session, event))
        if accept and event.status == EventStatus.CANDIDATE:
            form.status = EventStatus.PUBLISHED.value
        return _page(request, session, form, event=event, version=event.version, accepting=accept)


def _resolve(engine: EngineDep, slug: str, typed: EventForm, form: Any) -> EventForm:
    """Apply the conflict screen's choices: groups marked "theirs" take the stored values."""
    chosen = [g for g in GROUPS if text(form, f"resolve_{g}") == "theirs"]
    if not chosen:
        return typed
    with Session(engine) as session:
        theirs = EventForm.from_state(session, read_state(session, _event(session, slug)))
    for group in chosen:
        typed.take(theirs, group)
    return typed


@router.post("/events/{slug}/edit", name="admin.update_event")
def update_event_from_form(
    request: Request, slug: str, form: Form, engine: EngineDep, user: EditorUser
) -> Response:
    version_text = text(form, "version")
    if not version_text.isdigit():
        raise BadRequest("this form does not say which version it edits; reload the event")
    version = int(version_text)
    typed = _resolve(engine, slug, EventForm.from_form(form), form)
    accepting = text(form, "accepting") == "1"
    if text(form, "action") == "check":
        with Session(engine) as session:
            event = _event(session, slug)
            errors = _check(session, typed, event)
            return _page(
                request,
                session,
                typed.with_errors(errors),
                event=event,
                version=version,
                checked=not errors,
                status_code=400 if errors else 200,
                accepting=accepting,
            )
    try:
        saved = update_event(
            engine,
            slug=slug,
            draft=typed.draft(),
            expected_version=version,
            author=editor(user),
        )
    except InvalidParameters as exc:
        with Session(engine) as session:
            return _page(
                request,
                session,
                typed.with_errors(exc.errors),
                event=_event(session, slug),
                version=version,
                status_code=400,
                accepting=accepting,
            )
    except EditConflict as exc:
        conflict = conflict_view(engine, slug=slug, started_from=exc.expected, form=typed)
        with Session(engine) as session:
            return _page(
                request,
                session,
                typed,
                event=_event(session, slug),
                version=conflict.version,
                conflict=conflict,
                status_code=409,
                accepting=accepting,
            )
    notice = "saved" if saved.changed else "unchanged"
    if accepting and saved.changed:
        return redirect(request, str(request.url_for("admin.review")), notice="reviewed")
    return redirect(
        request, str(request.url_for("admin.edit_event_form", slug=slug)), notice=notice
    )


def _version(form: Any) -> int | None:
    value = text(form, "version")
    return int(value) if value.isdigit() else None


@router.post("/events/{slug}/delete", name="admin.delete_event")
def delete_event_from_form(
    request: Request, slug: str, form: Form, engine: EngineDep, user: EditorUser
) -> RedirectResponse:
    delete_event(engine, slug=slug, author=editor(user), expected_version=_version(form))
    return redirect(
        request, str(request.url_for("admin.edit_event_form", slug=slug)), notice="deleted"
    )


@router.post("/events/{slug}/restore", name="admin.restore_event")
def restore_event_from_form(
    request: Request, slug: str, form: Form, engine: EngineDep, user: EditorUser
) -> RedirectResponse:
    restore_event(engine, slug=slug, author=editor(user), expected_version=_version(form))
    return redirect(
        request, str(request.url_for("admin.edit_event_form", slug=slug)), notice="restored"
    )


@router.get("/date-preview", name="admin.date_preview")
def read_date_preview(text: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    """What the date field's text reads as: bounds, precision, EDTF and label, or the error."""
    try:
        preview = read_date(text)
    except ValueError as exc:
        return JSONResponse({"ok": False, "error": str(exc)})
    return JSONResponse(
        {
            "ok": True,
            "start": preview.start.isoformat(),
            "end": preview.end.isoformat(),
            "precision": preview.precision,
            "edtf": preview.edtf,
            "label": preview.label,
        }
    )
