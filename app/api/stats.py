"""Statistics over the filtered events: counts per year or month, as the web timeline draws."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.api.deps import CurrentEditor, SessionDep, event_filter
from app.api.params import TimelineParams
from app.api.problems import problems
from app.schemas.stats import TimelineBucket, TimelineStatsPublic
from app.web.cache import aggregates_of

router = APIRouter(tags=["stats"])


@router.get("/stats/timeline", response_model=TimelineStatsPublic, responses=problems(400, 403))
def read_timeline_stats(
    request: Request,
    params: Annotated[TimelineParams, Query()],
    session: SessionDep,
    editor: CurrentEditor,
) -> TimelineStatsPublic:
    """Events per year or month under the same filters as /api/v1/events, optionally split by
    type or country. An event counts in the period of its first possible day."""
    f = event_filter(session, params, editor)
    # Remembered until the data changes, with the pages' counts (app/web/cache.py).
    buckets = aggregates_of(request, session).timeline(f, params.interval, params.split)
    return TimelineStatsPublic(
        interval=params.interval.value,
        split=params.split.value if params.split else None,
        total=sum(b.total for b in buckets),
        buckets=[
            TimelineBucket(period=b.label, start=b.start, end=b.end, total=b.total, counts=b.counts)
            for b in buckets
        ],
    )
