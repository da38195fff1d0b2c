"""Named periods (the timeline's background bands) with the number of events within them."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.api.params import PageParams
from app.api.problems import problems
from app.api.urls import Urls
from app.errors import NotFound
from app.models import Period
from app.queries.references import Counted, get_counted, read_counted_page
from app.schemas.references import PeriodPublic, PeriodsPublic

router = APIRouter(tags=["periods"])

PeriodId = Annotated[
    str, Path(description="The period's id (its slug).", examples=["mali-transition"])
]


def _public(counted: Counted, urls: Urls) -> PeriodPublic:
    period: Period = counted.row
    return PeriodPublic(
        id=period.slug,
        name=period.name,
        start=period.date_start,
        end=period.date_end,
        description=period.description,
        country=period.country_code,
        events=counted.events,
        events_url=urls.events_of("period", period.slug),
    )


@router.get("/periods", response_model=PeriodsPublic, responses=problems(400))
def read_periods(
    request: Request,
    params: Annotated[PageParams, Query()],
    session: SessionDep,
    editor: CurrentEditor,
) -> PeriodsPublic:
    """Every named period, by id, with the number of published events overlapping it."""
    urls = Urls(request)
    page = read_counted_page(
        session, "period", readable_statuses(editor), limit=params.limit, cursor=params.cursor
    )
    return PeriodsPublic(
        items=[_public(c, urls) for c in page.items],
        total=page.total,
        next=urls.with_cursor(page.next_cursor),
    )


@router.get("/periods/{id}", response_model=PeriodPublic, responses=problems(404))
def read_period(
    request: Request, id: PeriodId, session: SessionDep, editor: CurrentEditor
) -> PeriodPublic:
    """One named period and the number of published events overlapping it."""
    counted = get_counted(session, "period", id, readable_statuses(editor))
    if counted is None:
        raise NotFound(f"no period has the id {id!r}")
    return _public(counted, Urls(request))
