"""The revision history of an event: every change, newest first, with its author and diff."""

from sqlmodel import Session, col, select

from app.models import Revision


def event_history(session: Session, event_id: int, *, limit: int = 200) -> list[Revision]:
    """The revisions of event `event_id`, newest first (at most `limit`)."""
    return list(
        session.exec(
            select(Revision)
            .where(col(Revision.event_id) == event_id)
            .order_by(col(Revision.at).desc(), col(Revision.id).desc())
            .limit(limit)
        ).all()
    )
