"""The changes feed: which events to fetch again or drop since a researcher's last pull."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.api.deps import SessionDep
from app.api.params import ChangesParams
from app.api.problems import problems
from app.api.urls import Urls
from app.queries.changes import read_changes
from app.schemas.changes import ChangePublic, ChangesPublic

router = APIRouter(tags=["changes"])


@router.get("/changes", response_model=ChangesPublic, responses=problems(400))
def read_changes_since(
    request: Request, params: Annotated[ChangesParams, Query()], session: SessionDep
) -> ChangesPublic:
    """The ids of events created, updated or deleted at or after `since`, oldest change first.

    To keep a local copy in sync: fetch `/api/v1/events/{id}` for each created or updated id,
    drop each deleted one, and next time ask again with the largest `updated_at` you received.
    """
    urls = Urls(request)
    page = read_changes(session, params.since, limit=params.limit, cursor=params.cursor)
    return ChangesPublic(
        items=[
            ChangePublic(id=c.slug, change=c.change.value, updated_at=c.updated_at)
            for c in page.items
        ],
        total=page.total,
        next=urls.with_cursor(page.next_cursor),
    )
