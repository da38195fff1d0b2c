"""Places below the country (towns, regions, camps, border areas) with event counts."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.api.params import PageParams
from app.api.problems import problems
from app.api.urls import Urls
from app.errors import NotFound
from app.models import Place
from app.queries.references import Counted, get_counted, read_counted_page
from app.schemas.references import PlacePublic, PlacesPublic

router = APIRouter(tags=["places"])

PlaceId = Annotated[str, Path(description="The place's id (its slug).", examples=["bamako"])]


def _public(counted: Counted, urls: Urls) -> PlacePublic:
    place: Place = counted.row
    return PlacePublic(
        id=place.slug,
        name=place.name,
        kind=place.kind,
        country=place.country_code,
        admin_region=place.admin_region,
        lat=place.lat,
        lon=place.lon,
        aliases=list(place.aliases),
        events=counted.events,
        events_url=urls.events_of("place", place.slug),
    )


@router.get("/places", response_model=PlacesPublic, responses=problems(400))
def read_places(
    request: Request,
    params: Annotated[PageParams, Query()],
    session: SessionDep,
    editor: CurrentEditor,
) -> PlacesPublic:
    """Every place of the gazetteer, by id, with coordinates and its number of published events."""
    urls = Urls(request)
    page = read_counted_page(
        session, "place", readable_statuses(editor), limit=params.limit, cursor=params.cursor
    )
    return PlacesPublic(
        items=[_public(c, urls) for c in page.items],
        total=page.total,
        next=urls.with_cursor(page.next_cursor),
    )


@router.get("/places/{id}", response_model=PlacePublic, responses=problems(404))
def read_place(
    request: Request, id: PlaceId, session: SessionDep, editor: CurrentEditor
) -> PlacePublic:
    """One place, with coordinates and its number of published events."""
    counted = get_counted(session, "place", id, readable_statuses(editor))
    if counted is None:
        raise NotFound(f"no place has the id {id!r}")
    return _public(counted, Urls(request))
