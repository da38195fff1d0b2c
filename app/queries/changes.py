"""What changed since a moment, for researchers who keep a local copy in sync.

From the public's side an event is `created` (published, and created since then), `updated`
(published, created before and changed since), or `deleted` (no longer published — deleted,
rejected or sent back to review — changed since then, and published at some point according to
its revisions, so that candidates never seen by the public are not announced).
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, exists, func, or_
from sqlmodel import Session, col, select

from app.models import Event, Revision
from app.models.taxonomy import EventStatus
from app.queries.cursor import decode_cursor, encode_cursor


class Change(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


@dataclass(frozen=True)
class ChangedEvent:
    slug: str
    change: Change
    updated_at: datetime


@dataclass(frozen=True)
class ChangesPage:
    items: list[ChangedEvent]
    total: int
    next_cursor: str | None


def _was_published() -> ColumnElement[bool]:
    status_after = col(Revision.changes)[("status", 1)].as_string()
    return exists().where(
        col(Revision.event_id) == col(Event.id), status_after == EventStatus.PUBLISHED
    )


def _changed_since(since: datetime) -> ColumnElement[bool]:
    published = col(Event.status) == EventStatus.PUBLISHED
    return and_(col(Event.updated_at) >= since, or_(published, _was_published()))


def read_changes(
    session: Session, since: datetime, *, limit: int, cursor: str | None = None
) -> ChangesPage:
    """Events changed at or after `since` (timezone-aware), oldest change first, one page.

    Raises InvalidParameters when `cursor` was altered or belongs to another `since`.
    """
    digest = f"changes:{since.isoformat()}"
    where = [_changed_since(since)]
    if cursor:
        after_at, after_id = decode_cursor(cursor, digest, (datetime, int))
        where.append(
            or_(
                col(Event.updated_at) > after_at,
                and_(col(Event.updated_at) == after_at, col(Event.id) > after_id),
            )
        )
    change = case(
        (col(Event.status) != EventStatus.PUBLISHED, Change.DELETED.value),
        (col(Event.created_at) >= since, Change.CREATED.value),
        else_=Change.UPDATED.value,
    )
    rows = session.exec(
        select(col(Event.id), col(Event.slug), change, col(Event.updated_at))
        .where(*where)
        .order_by(col(Event.updated_at), col(Event.id))
        .limit(limit + 1)
    ).all()
    total = session.exec(select(func.count(col(Event.id))).where(_changed_since(since))).one()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last_id, _, _, last_at = rows[-1]
        assert last_id is not None
        next_cursor = encode_cursor(digest, (last_at, last_id))
    items = [ChangedEvent(slug, Change(kind), at) for _, slug, kind, at in rows]
    return ChangesPage(items, int(total), next_cursor)
