"""Event types, with the definition of each (app/models/taxonomy.py) and its event count."""

from typing import Annotated

from fastapi import APIRouter, Path, Request

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.api.problems import problems
from app.api.urls import Urls
from app.errors import NotFound
from app.models.taxonomy import EVENT_TYPE_DEFINITIONS, EventType
from app.queries.references import type_counts
from app.schemas.references import TypePublic, TypesPublic

router = APIRouter(tags=["types"])

TypeId = Annotated[str, Path(description="The type's id.", examples=["coup"])]


def _public(kind: EventType, events: int, urls: Urls) -> TypePublic:
    return TypePublic(
        id=kind.value,
        name=kind.value.replace("_", " ").capitalize(),
        definition=EVENT_TYPE_DEFINITIONS[kind],
        events=events,
        events_url=urls.events_of("type", kind.value),
    )


@router.get("/types", response_model=TypesPublic)
def read_types(request: Request, session: SessionDep, editor: CurrentEditor) -> TypesPublic:
    """Every event type, what it means, and its number of published events."""
    urls = Urls(request)
    counts = type_counts(session, readable_statuses(editor))
    items = [_public(kind, counts.get(kind.value, 0), urls) for kind in EventType]
    return TypesPublic(items=items, total=len(items), next=None)


@router.get("/types/{id}", response_model=TypePublic, responses=problems(404))
def read_type(
    request: Request, id: TypeId, session: SessionDep, editor: CurrentEditor
) -> TypePublic:
    """One event type, what it means, and its number of published events."""
    if id not in set(EventType):
        raise NotFound(f"no event type has the id {id!r}; see /api/v1/types")
    counts = type_counts(session, readable_statuses(editor))
    return _public(EventType(id), counts.get(id, 0), Urls(request))
