"""An event's history with field-level diffs, and reverting to any of its revisions (the revert
is itself a revision, so it can be reverted too)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session, col, select

from app.admin.deps import EDITORS, EngineDep, Form, text
from app.admin.events import editor
from app.admin.pages import redirect, render
from app.admin.revisions import event_history
from app.auth import EditorUser
from app.editing.events import revert_event
from app.errors import InvalidParameters, NotFound, ParameterError
from app.models import Event

router = APIRouter(prefix="/admin", dependencies=EDITORS, include_in_schema=False)


@router.get("/events/{slug}/history", name="admin.event_history")
def read_event_history(request: Request, slug: str, engine: EngineDep) -> HTMLResponse:
    with Session(engine) as session:
        event = session.exec(select(Event).where(col(Event.slug) == slug)).first()
        if event is None:
            raise NotFound(f"no event has the id {slug!r}")
        lines = event_history(session, event)
        return render(request, "admin/history.html", {"event": event, "lines": lines})


@router.post("/events/{slug}/revert", name="admin.revert_event")
def revert_event_from_form(
    request: Request, slug: str, form: Form, engine: EngineDep, user: EditorUser
) -> RedirectResponse:
    revision, version = text(form, "revision"), text(form, "version")
    if not (revision.isdigit() and version.isdigit()):
        raise InvalidParameters([ParameterError("revision", "choose a revision", revision)])
    saved = revert_event(
        engine,
        slug=slug,
        revision_id=int(revision),
        expected_version=int(version),
        author=editor(user),
    )
    return redirect(
        request,
        str(request.url_for("admin.event_history", slug=slug)),
        notice="reverted" if saved.changed else "unchanged",
    )
