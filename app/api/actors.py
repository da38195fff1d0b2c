"""Actors (states, forces, armed groups, organizations, missions, persons) with event counts."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.api.params import PageParams
from app.api.problems import problems
from app.api.urls import Urls
from app.errors import NotFound
from app.models import Actor
from app.queries.references import Counted, get_counted, read_counted_page
from app.schemas.references import ActorPublic, ActorsPublic

router = APIRouter(tags=["actors"])

ActorId = Annotated[str, Path(description="The actor's id (its slug).", examples=["fama"])]


def _public(counted: Counted, urls: Urls) -> ActorPublic:
    actor: Actor = counted.row
    return ActorPublic(
        id=actor.slug,
        name=actor.name,
        kind=actor.kind,
        country=actor.country_code,
        aliases=list(actor.aliases),
        description=actor.description,
        events=counted.events,
        events_url=urls.events_of("actor", actor.slug),
    )


@router.get("/actors", response_model=ActorsPublic, responses=problems(400))
def read_actors(
    request: Request,
    params: Annotated[PageParams, Query()],
    session: SessionDep,
    editor: CurrentEditor,
) -> ActorsPublic:
    """Every actor of the gazetteer, by id, with its number of published events."""
    urls = Urls(request)
    page = read_counted_page(
        session, "actor", readable_statuses(editor), limit=params.limit, cursor=params.cursor
    )
    return ActorsPublic(
        items=[_public(c, urls) for c in page.items],
        total=page.total,
        next=urls.with_cursor(page.next_cursor),
    )


@router.get("/actors/{id}", response_model=ActorPublic, responses=problems(404))
def read_actor(
    request: Request, id: ActorId, session: SessionDep, editor: CurrentEditor
) -> ActorPublic:
    """One actor, with its aliases and number of published events."""
    counted = get_counted(session, "actor", id, readable_statuses(editor))
    if counted is None:
        raise NotFound(f"no actor has the id {id!r}")
    return _public(counted, Urls(request))
