"""The one write path of events: create, update, delete, restore, review, revert.

Each function opens and commits its own transaction, so a change is stored whole or not at all;
validates what it is given (app.editing.validation, raising InvalidParameters listing every
problem); writes the event, its links and a Revision with the field-level diff, by `author`
(kind "editor" for the admin, "api" for the write API); raises the event's `version` and
`updated_at`. Functions that change an existing event take the version the caller read and raise
EditConflict when it has moved on: the version is claimed with one conditional UPDATE before
anything is read, so of two editors saving the same version one wins and the other is told,
on SQLite and PostgreSQL alike. NotFound is raised for an unknown slug. Each transaction is an
app.db.write_session, run again whole when SQLite's write lock stays taken (app.db.retry_when_busy).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import retry_when_busy, write_session
from app.editing.drafts import EventDraft
from app.editing.state import (
    SCALARS,
    State,
    diff,
    read_state,
    state_at_version,
)
from app.editing.store import create_references, write_state
from app.editing.validation import EDITABLE_STATUSES, prepare
from app.errors import EditConflict, InvalidParameters, NotFound, ParameterError
from app.ingest import slugify
from app.models import Event, Revision
from app.models.base import utcnow
from app.models.taxonomy import AuthorKind, EventStatus


@dataclass(frozen=True)
class Author:
    """Who makes a change: an editor in the admin, or the account of an API token."""

    kind: AuthorKind
    name: str


@dataclass(frozen=True)
class Saved:
    """The event after a write; `changed` is False when there was nothing to change."""

    slug: str
    version: int
    changed: bool = True


def claim(session: Session, slug: str, expected: int | None, at: datetime) -> Event:
    """Raise the event's version from `expected` (any, when None) and return the event.
    Raises NotFound, or EditConflict when its version is not `expected`."""
    condition = [col(Event.slug) == slug]
    if expected is not None:
        condition.append(col(Event.version) == expected)
    result = session.execute(
        update(Event)
        .where(*condition)
        .values(version=col(Event.version) + 1, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    event = session.exec(select(Event).where(col(Event.slug) == slug)).first()
    if event is None:
        raise NotFound(f"no event has the id {slug!r}")
    session.refresh(event)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise EditConflict(slug, expected or 0, event.version)
    return event


def record(
    session: Session,
    event: Event,
    *,
    author: Author,
    action: str,
    changes: dict[str, Any],
    at: datetime,
) -> None:
    assert event.id is not None
    session.add(
        Revision(
            event_id=event.id,
            at=at,
            author_kind=author.kind,
            author=author.name,
            action=action,
            changes=changes,
            event_version=event.version,
        )
    )


def _unique_slug(session: Session, base: str) -> str:
    taken = set(session.exec(select(Event.slug).where(col(Event.slug).startswith(base))).all())
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_event(engine: Engine, *, draft: EventDraft, author: Author) -> Saved:
    """A new event from `draft` (title, type and date required). Its slug is its first day and
    its title (`2024-05-04-clash-near-lere`), unique."""
    for attempt in range(3):
        try:
            return _create(engine, draft, author)
        except IntegrityError:  # a slug taken by a concurrent create: choose again
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@retry_when_busy
def _create(engine: Engine, draft: EventDraft, author: Author) -> Saved:
    at = utcnow()
    with write_session(engine) as session:
        prepared = prepare(session, draft, current=None)
        state = prepared.state
        base = f"{state['date_start']}-{slugify(state['title'])}"
        event = Event(
            slug=_unique_slug(session, base),
            title=state["title"],
            type=state["type"],
            date_start=date.fromisoformat(state["date_start"]),
            date_end=date.fromisoformat(state["date_end"]),
            precision=state["precision"],
            edtf=state["edtf"],
            created_at=at,
            updated_at=at,
        )
        session.add(event)
        session.flush()
        create_references(session, prepared, author.name, at)
        write_state(session, event, state)
        after = read_state(session, event)
        changes = {
            name: [None, value]
            for name, value in after.items()
            if name in SCALARS or value  # every column; the links that were given
        }
        record(session, event, author=author, action="create", changes=changes, at=at)
        session.commit()
        return Saved(event.slug, event.version)


def _action(before: State, after: State) -> str:
    deleted = EventStatus.DELETED.value
    if before["status"] == deleted and after["status"] != deleted:
        return "restore"
    if before["status"] != deleted and after["status"] == deleted:
        return "delete"
    return "update"


@retry_when_busy
def update_event(
    engine: Engine, *, slug: str, draft: EventDraft, expected_version: int, author: Author
) -> Saved:
    """Apply `draft` (the fields it sends) to the event at `expected_version`."""
    at = utcnow()
    with write_session(engine) as session:
        event = claim(session, slug, expected_version, at)
        before = read_state(session, event)
        prepared = prepare(session, draft, current=before, slug=slug)
        if not diff(before, prepared.state):
            session.rollback()
            return Saved(slug, expected_version, changed=False)
        create_references(session, prepared, author.name, at)
        write_state(session, event, prepared.state)
        after = read_state(session, event)
        record(
            session,
            event,
            author=author,
            action=_action(before, after),
            changes=diff(before, after),
            at=at,
        )
        session.commit()
        return Saved(slug, event.version)


@retry_when_busy
def _set_status(
    engine: Engine, slug: str, status: str, expected_version: int | None, author: Author
) -> Saved:
    at = utcnow()
    with write_session(engine) as session:
        event = claim(session, slug, expected_version, at)
        if event.status == status:
            unchanged = Saved(slug, event.version - 1, changed=False)
            session.rollback()
            return unchanged
        before = read_state(session, event)
        after = dict(before, status=status)
        write_state(session, event, after)
        record(
            session,
            event,
            author=author,
            action=_action(before, after),
            changes=diff(before, after),
            at=at,
        )
        session.commit()
        return Saved(slug, event.version)


def delete_event(
    engine: Engine, *, slug: str, author: Author, expected_version: int | None = None
) -> Saved:
    """Soft-delete: the event leaves the public pages and the API, and can be restored."""
    return _set_status(engine, slug, EventStatus.DELETED.value, expected_version, author)


def status_before_deletion(session: Session, event: Event) -> str:
    """The status a deleted event had before it was deleted (published when unknown)."""
    revisions = session.exec(
        select(Revision.changes)
        .where(Revision.event_id == event.id)
        .order_by(col(Revision.event_version).desc(), col(Revision.id).desc())
    ).all()
    for changes in revisions:
        status = changes.get("status")
        if isinstance(status, list) and len(status) == 2 and status[1] == EventStatus.DELETED:
            if status[0] in {s.value for s in EDITABLE_STATUSES}:
                return str(status[0])
    return EventStatus.PUBLISHED.value


def restore_event(
    engine: Engine, *, slug: str, author: Author, expected_version: int | None = None
) -> Saved:
    """Undo a deletion: the event takes back the status it had before."""
    with Session(engine) as session:
        event = session.exec(select(Event).where(col(Event.slug) == slug)).first()
        if event is None:
            raise NotFound(f"no event has the id {slug!r}")
        if event.status != EventStatus.DELETED:
            return Saved(slug, event.version, changed=False)
        status = status_before_deletion(session, event)
    return _set_status(engine, slug, status, expected_version, author)


@dataclass
class ReviewOutcome:
    """What a review of several candidates did: each slug done, changed meanwhile, or gone."""

    done: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@retry_when_busy
def review_events(
    engine: Engine, *, items: Sequence[tuple[str, int]], accept: bool, author: Author
) -> ReviewOutcome:
    """Accept (publish) or reject each (slug, version read) in one transaction. An event
    changed since it was read is left alone and reported in `conflicts`, not failed."""
    status = EventStatus.PUBLISHED.value if accept else EventStatus.REJECTED.value
    outcome = ReviewOutcome()
    at = utcnow()
    with write_session(engine) as session:
        for slug, version in items:
            current = session.exec(select(Event).where(col(Event.slug) == slug)).first()
            if current is None:
                outcome.missing.append(slug)
                continue
            if current.status == EventStatus.DELETED or current.version != version:
                outcome.conflicts.append(slug)
                continue
            if current.status == status:
                outcome.done.append(slug)
                continue
            try:
                event = claim(session, slug, version, at)
            except EditConflict:
                outcome.conflicts.append(slug)
                continue
            before = read_state(session, event)
            after = dict(before, status=status)
            write_state(session, event, after)
            record(
                session, event, author=author, action="update", changes=diff(before, after), at=at
            )
            outcome.done.append(slug)
        session.commit()
    return outcome


@retry_when_busy
def revert_event(
    engine: Engine, *, slug: str, revision_id: int, expected_version: int, author: Author
) -> Saved:
    """Bring the event back to its state just after revision `revision_id`: a new revision
    (action "revert") whose diff undoes every later one. Raises NotFound for a revision of
    another event, InvalidParameters when that state names something since deleted."""
    at = utcnow()
    with write_session(engine) as session:
        event = claim(session, slug, expected_version, at)
        revision = session.get(Revision, revision_id)
        if revision is None or revision.event_id != event.id:
            raise NotFound(f"event {slug!r} has no revision {revision_id}")
        before = read_state(session, event)
        target = state_at_version(session, event, revision.event_version, before)
        if not diff(before, target):
            session.rollback()
            return Saved(slug, expected_version, changed=False)
        try:
            write_state(session, event, target)
        except InvalidParameters as exc:
            raise InvalidParameters(
                [ParameterError("revision", e.message, revision_id, "form") for e in exc.errors]
            ) from None
        after = read_state(session, event)
        changes: dict[str, Any] = diff(before, after)
        changes["reverted_to"] = [None, revision.event_version]
        record(session, event, author=author, action="revert", changes=changes, at=at)
        session.commit()
        return Saved(slug, event.version)
