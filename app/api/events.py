"""JSON routes for events (the full filterable API is built on app.queries)."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import col, func, select

from app.api.deps import SessionDep
from app.models import Event

router = APIRouter(tags=["events"])


@router.get("/events")
def read_events(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Events per page.")] = 100,
) -> dict[str, object]:
    """Published events in date order, with the total count."""
    published = col(Event.status) == "published"
    total = session.exec(select(func.count()).select_from(Event).where(published)).one()
    rows = session.exec(
        select(Event).where(published).order_by(col(Event.date_start), col(Event.id)).limit(limit)
    ).all()
    items = [
        {
            "id": e.slug,
            "title": e.title,
            "summary": e.summary,
            "type": e.type,
            "date": {
                "start": e.date_start,
                "end": e.date_end,
                "precision": e.precision,
                "edtf": e.edtf,
            },
        }
        for e in rows
    ]
    return {"items": items, "total": total}
