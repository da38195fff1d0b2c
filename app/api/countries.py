"""Countries, by ISO 3166-1 alpha-3 code, with event counts."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.api.params import PageParams
from app.api.problems import problems
from app.api.urls import Urls
from app.errors import NotFound
from app.models import Country
from app.queries.references import Counted, get_counted, read_counted_page
from app.schemas.references import CountriesPublic, CountryPublic

router = APIRouter(tags=["countries"])

CountryId = Annotated[
    str, Path(description="ISO 3166-1 alpha-3 code (any case).", examples=["MLI"])
]


def _public(counted: Counted, urls: Urls) -> CountryPublic:
    country: Country = counted.row
    return CountryPublic(
        id=country.code,
        name=country.name,
        lat=country.lat,
        lon=country.lon,
        events=counted.events,
        events_url=urls.events_of("country", country.code),
    )


@router.get("/countries", response_model=CountriesPublic, responses=problems(400))
def read_countries(
    request: Request,
    params: Annotated[PageParams, Query()],
    session: SessionDep,
    editor: CurrentEditor,
) -> CountriesPublic:
    """Every country, by code, with its number of published events."""
    urls = Urls(request)
    page = read_counted_page(
        session, "country", readable_statuses(editor), limit=params.limit, cursor=params.cursor
    )
    return CountriesPublic(
        items=[_public(c, urls) for c in page.items],
        total=page.total,
        next=urls.with_cursor(page.next_cursor),
    )


@router.get("/countries/{id}", response_model=CountryPublic, responses=problems(404))
def read_country(
    request: Request, id: CountryId, session: SessionDep, editor: CurrentEditor
) -> CountryPublic:
    """One country and its number of published events."""
    counted = get_counted(session, "country", id.upper(), readable_statuses(editor))
    if counted is None:
        raise NotFound(f"no country has the code {id!r}")
    return _public(counted, Urls(request))
