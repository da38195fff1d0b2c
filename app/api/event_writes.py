"""The write API: create, change and delete events with an API token (`Authorization: Bearer`).

The same validation as the admin's forms (app.editing), with every problem listed in one
problem+json 400. Changes are revisions by the API in the token's account's name. PATCH needs
`If-Match` with the version the client read (from a response's `version` or ETag): a different
version is 412, none at all is 428, so a script never overwrites an editor's change it has not
seen. DELETE is a soft delete (the event can be restored in the admin); If-Match is optional.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.security import HTTPBearer
from sqlmodel import Session

from app.api.problems import problems
from app.api.urls import Urls
from app.auth import TokenUser
from app.editing.drafts import CitationDraft, EventDraft, LinkDraft, RelationDraft
from app.editing.events import Author, Saved, create_event, delete_event, update_event
from app.errors import (
    EditConflict,
    InvalidParameters,
    NotFound,
    ParameterError,
    PreconditionFailed,
    PreconditionRequired,
)
from app.models.taxonomy import AuthorKind, EventStatus
from app.queries.events import get_event
from app.schemas.event_writes import EventCreate, EventPatch, EventStored, LinkWrite
from app.schemas.events import event_public

# Documents the bearer scheme in OpenAPI; app.auth.require_token does the checking.
_bearer = HTTPBearer(auto_error=False, description="An API token issued in the admin.")
router = APIRouter(tags=["writing events"], dependencies=[Depends(_bearer)])

EventId = Annotated[str, Path(description="The event's id (its slug).", max_length=160)]
IfMatch = Annotated[
    str | None,
    Header(
        description='The version you read, e.g. "3" (the `version` field, or the ETag of your '
        "last write). Required.",
        max_length=40,
    ),
]
OptionalIfMatch = Annotated[
    str | None,
    Header(
        description="The version you read; when sent, it must be the current one.", max_length=40
    ),
]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _links(rows: list[LinkWrite] | None) -> tuple[LinkDraft, ...] | None:
    if rows is None:
        return None
    return tuple(LinkDraft(r.id, r.role, r.new_kind, r.create) for r in rows)


def draft_of(body: EventPatch) -> EventDraft:
    """The draft of a JSON body: fields it leaves out stay None (unchanged); null clears."""
    sent = body.model_fields_set
    fatalities = body.fatalities
    values: dict[str, object] = {}
    for name in ("title", "summary", "type", "date", "status", "occurrence"):
        if name in sent:
            values[name] = _text(getattr(body, name))
    if "confidence" in sent:
        values["confidence"] = _text(body.confidence)
    if "fatalities" in sent:
        for key in ("best", "low", "high"):
            values[f"fatalities_{key}"] = _text(getattr(fatalities, key) if fatalities else None)
    if "flags" in sent:
        values["flags"] = tuple(body.flags or ())
    if "tags" in sent:
        values["tags"] = tuple(body.tags or ())
    for name in ("actors", "places", "countries"):
        if name in sent:
            values[name] = _links(getattr(body, name) or [])
    if "relations" in sent:
        values["relations"] = tuple(RelationDraft(r.kind, r.event) for r in body.relations or [])
    if "citations" in sent:
        values["citations"] = tuple(
            CitationDraft(c.document, c.quote, c.start) for c in body.citations or []
        )
    return EventDraft(**values)  # type: ignore[arg-type]


def _version(if_match: str) -> int | None:
    """The version an If-Match names ("3", W/"3" or 3); None for "*" (any)."""
    value = if_match.strip().removeprefix("W/").strip('"')
    if value == "*":
        return None
    if not value.isdigit():
        raise InvalidParameters(
            [ParameterError("If-Match", 'use the version you read, e.g. "3"', if_match, "header")]
        )
    return int(value)


def _stored(request: Request, response: Response, saved: Saved) -> EventStored:
    with Session(request.app.state.engine) as session:
        record = get_event(session, saved.slug, tuple(EventStatus))
    assert record is not None
    public = event_public(record, Urls(request).event_page(saved.slug))
    response.headers["ETag"] = f'"{record.event.version}"'
    return EventStored(**public.model_dump(), version=record.event.version)


def _author(user: TokenUser) -> Author:
    return Author(AuthorKind.API, user.username)


def _body_errors(exc: InvalidParameters) -> InvalidParameters:
    return InvalidParameters(
        [ParameterError(e.name, e.message, e.value, "body") for e in exc.errors]
    )


@router.post(
    "/events",
    status_code=201,
    response_model=EventStored,
    responses=problems(400, 401),
)
def create_event_from_api(
    request: Request, response: Response, body: EventCreate, user: TokenUser
) -> EventStored:
    """Create an event. The date is read as the admin's date field reads it; actors, places
    and countries by id, name or alias; each citation's quote must be in its document.
    Answers 201 with the event, its `version`, and its address in `Location`."""
    try:
        saved = create_event(
            engine=request.app.state.engine, draft=draft_of(body), author=_author(user)
        )
    except InvalidParameters as exc:
        raise _body_errors(exc) from None
    response.headers["Location"] = Urls(request).api(f"events/{saved.slug}")
    return _stored(request, response, saved)


@router.patch(
    "/events/{id}",
    response_model=EventStored,
    responses=problems(400, 401, 404, 412, 428),
)
def update_event_from_api(
    request: Request,
    response: Response,
    id: EventId,
    body: EventPatch,
    user: TokenUser,
    if_match: IfMatch = None,
) -> EventStored:
    """Change the fields sent (a list sent replaces the whole list). `If-Match` must name the
    current version: 412 when the event changed since you read it, 428 when it is missing."""
    if if_match is None:
        raise PreconditionRequired(
            'send If-Match with the version you read (e.g. If-Match: "3"), so that no change '
            "made since is overwritten"
        )
    expected = _version(if_match)
    engine = request.app.state.engine
    if expected is None:
        with Session(engine) as session:
            current = get_event(session, id, tuple(EventStatus))
        if current is None:
            raise NotFound(f"no event has the id {id!r}")
        expected = current.event.version
    try:
        saved = update_event(
            engine, slug=id, draft=draft_of(body), expected_version=expected, author=_author(user)
        )
    except EditConflict as exc:
        raise PreconditionFailed(
            f"the event is at version {exc.current}, not {exc.expected}: it changed since you "
            "read it; read it again and reapply your change"
        ) from None
    except InvalidParameters as exc:
        raise _body_errors(exc) from None
    return _stored(request, response, saved)


@router.delete(
    "/events/{id}",
    status_code=204,
    response_class=Response,
    responses=problems(400, 401, 404, 412),
)
def delete_event_from_api(
    request: Request, id: EventId, user: TokenUser, if_match: OptionalIfMatch = None
) -> Response:
    """Delete an event (softly: it leaves the public pages and the API, and an editor can
    restore it). Answers 204."""
    expected = _version(if_match) if if_match else None
    try:
        delete_event(
            request.app.state.engine, slug=id, author=_author(user), expected_version=expected
        )
    except EditConflict as exc:
        raise PreconditionFailed(
            f"the event is at version {exc.current}, not {exc.expected}"
        ) from None
    return Response(status_code=204)
