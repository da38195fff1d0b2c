"""The history page's data: every revision of an event, newest first, with its field-level
changes in words.

The revisions of events merged into this one are listed with it (the merge revision names them),
so the history of a merged event is whole in one place. Only the event's own revisions can be
reverted to: the others describe another event's states.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.admin.formatting import LABELS, Describer
from app.editing.state import LISTS
from app.models import Event, Revision


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    added: list[str]
    removed: list[str]


@dataclass(frozen=True)
class RevisionLine:
    id: int
    at: datetime
    author: str
    author_kind: str
    action: str
    version: int
    changes: list[FieldChange]
    of_event: str  # the slug of the event the revision belongs to
    own: bool  # False for the revisions of an event merged into this one
    current: bool  # the newest revision of this event: reverting to it would change nothing


def _merged_from(revisions: list[Revision]) -> list[str]:
    slugs = []
    for revision in revisions:
        change = revision.changes.get("merged_from")
        if isinstance(change, list) and len(change) == 2 and isinstance(change[1], str):
            slugs.append(change[1])
    return slugs


def _changes(describe: Describer, changes: dict[str, Any]) -> list[FieldChange]:
    lines = []
    for name, change in changes.items():
        if not (isinstance(change, list) and len(change) == 2):
            continue
        old, new = change
        if name in LISTS:
            old_items, new_items = set(old or []), set(new or [])
            lines.append(
                FieldChange(
                    name,
                    LABELS.get(name, name),
                    describe.value(name, old),
                    describe.value(name, new),
                    [describe.item(name, k) for k in sorted(new_items - old_items)],
                    [describe.item(name, k) for k in sorted(old_items - new_items)],
                )
            )
        else:
            lines.append(
                FieldChange(
                    name,
                    LABELS.get(name, name),
                    describe.value(name, old),
                    describe.value(name, new),
                    [],
                    [],
                )
            )
    return lines


def event_history(session: Session, event: Event) -> list[RevisionLine]:
    """The revisions of `event` and of the events merged into it, newest first."""
    assert event.id is not None
    own = list(session.exec(select(Revision).where(Revision.event_id == event.id)).all())
    merged_slugs = _merged_from(own)
    others: list[tuple[Revision, str]] = []
    seen = {event.slug}
    while merged_slugs:
        slug = merged_slugs.pop()
        if slug in seen:
            continue
        seen.add(slug)
        merged = session.exec(select(Event).where(col(Event.slug) == slug)).first()
        if merged is None:
            continue
        theirs = list(session.exec(select(Revision).where(Revision.event_id == merged.id)).all())
        others += [(r, slug) for r in theirs]
        merged_slugs += _merged_from(theirs)
    everything = [(r, event.slug) for r in own] + others
    describe = Describer(session)
    describe.prefetch(
        (name, value)
        for revision, _ in everything
        for name, change in revision.changes.items()
        if isinstance(change, list)
        for value in change
    )
    newest = max((r.event_version for r in own), default=0)
    lines = [
        RevisionLine(
            id=revision.id or 0,
            at=revision.at,
            author=revision.author,
            author_kind=revision.author_kind,
            action=revision.action,
            version=revision.event_version,
            changes=_changes(describe, revision.changes),
            of_event=slug,
            own=slug == event.slug,
            current=slug == event.slug and revision.event_version == newest,
        )
        for revision, slug in everything
    ]
    return sorted(lines, key=lambda r: (r.at, r.own, r.version, r.id), reverse=True)
