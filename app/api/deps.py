"""Dependencies shared by the routers: the session, the engine, the editor and the filter.

`get_current_editor` is the one place the read API learns who is asking: an editor or administrator
signed in to the admin (session cookie) or a script with an API token (app.auth). Anyone else sees
published events only. Every status check goes through `visible_statuses`.
"""

from collections.abc import Iterator, Sequence
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlmodel import Session

from app.api.params import EventFilterParams
from app.auth import current_user, token_user
from app.errors import Forbidden, InvalidParameters
from app.models.taxonomy import EventStatus
from app.queries.filters import EventFilter
from app.queries.references import unknown_references


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_current_editor(request: Request) -> str | None:
    """The username of the signed-in editor or of the API token's account, or None."""
    user = current_user(request) or token_user(request)
    return user.username if user is not None else None


SessionDep = Annotated[Session, Depends(get_session)]
EngineDep = Annotated[Engine, Depends(get_engine)]
CurrentEditor = Annotated[str | None, Depends(get_current_editor)]

PUBLIC: tuple[str, ...] = (EventStatus.PUBLISHED.value,)


def visible_statuses(requested: Sequence[str], editor: str | None) -> tuple[str, ...]:
    """The statuses a request may read: `requested`, or published ones when it names none.

    Raises Forbidden (403) when someone who is not a signed-in editor asks for unpublished ones.
    """
    wanted = tuple(dict.fromkeys(str(s) for s in requested)) or PUBLIC
    if editor is None and set(wanted) - set(PUBLIC):
        raise Forbidden(
            "only signed-in editors can read events that are not published "
            f"(asked for status {', '.join(wanted)}); leave `status` out for published events"
        )
    return wanted


def readable_statuses(editor: str | None) -> tuple[str, ...]:
    """The statuses of events a reader may open by id, and see counted and cited."""
    return tuple(EventStatus) if editor is not None else PUBLIC


def event_filter(session: Session, params: EventFilterParams, editor: str | None) -> EventFilter:
    """The EventFilter of a request's parameters.

    Raises Forbidden for unpublished statuses without an editor, and InvalidParameters (400)
    naming every country, actor, place, document or period the database does not know.
    """
    f = params.to_filter(visible_statuses(params.status, editor))
    errors = unknown_references(session, f)
    if errors:
        raise InvalidParameters(errors)
    return f
