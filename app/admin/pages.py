"""Rendering admin pages: every page gets who is signed in, the CSRF token of its forms, the
notice left by the previous action, and the count of candidates waiting; the session cookie is
(re)sent when the request changed it. Redirects after a POST are 303, so a reload never resends.

Notices are chosen from a fixed list by a key in the query string, never taken from it as text,
so a link cannot make the admin display words of someone else's choosing.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func
from sqlmodel import Session, select

from app.auth import current_user
from app.csrf import csrf_token
from app.models import Event
from app.models.taxonomy import EventStatus
from app.sessions import save_session
from app.templating import templates

NOTICES = {
    "signed-in": "Welcome back.",
    "signed-out": "You are signed out.",
    "created": "The event was created.",
    "saved": "Your changes were saved.",
    "unchanged": "Nothing had changed, so nothing was saved.",
    "deleted": "The event was deleted. It no longer appears on the public pages or in the API; "
    "you can restore it below.",
    "restored": "The event was restored.",
    "reverted": "The event was reverted; the revert is itself a revision, below.",
    "merged": "The events were merged: this one now has every citation of both.",
    "reviewed": "The review was recorded.",
    "reference-saved": "Saved.",
    "reference-created": "Created.",
    "reference-merged": "Merged: the duplicate's name is now an alias of this entry.",
    "user-created": "The account was created.",
    "user-saved": "The account was changed; its sessions were ended.",
    "token-revoked": "The token was revoked: it no longer works.",
}


def candidates_waiting(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(Event).where(Event.status == EventStatus.CANDIDATE)
    ).one()


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    user = current_user(request)
    waiting = None
    if user is not None:
        with Session(request.app.state.engine) as session:
            waiting = candidates_waiting(session)
    notice = NOTICES.get(request.query_params.get("notice", ""))
    full = {
        "user": user,
        "csrf_token": csrf_token(request),
        "notice": notice,
        "waiting": waiting,
        **(context or {}),
    }
    response = templates.TemplateResponse(request, template, full, status_code=status_code)
    save_session(request, response)
    return response


def redirect(
    request: Request, url: str, *, notice: str | None = None, **params: str | int
) -> RedirectResponse:
    query = {k: str(v) for k, v in params.items()}
    if notice is not None:
        assert notice in NOTICES, notice
        query["notice"] = notice
    target = f"{url}?{urlencode(query)}" if query else url
    response = RedirectResponse(target, status_code=303)
    save_session(request, response)
    return response


def safe_next(value: str | None) -> str:
    """Where to go after signing in: an admin page of this site, never another site."""
    if value and value.startswith("/admin") and not value.startswith("//") and "\\" not in value:
        return value
    return "/admin"
