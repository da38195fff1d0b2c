"""Merging a duplicate event into another, keeping every citation and both histories.

The event kept gains what the duplicate had that it lacked: citations (moved, with the
extraction's readings), actors, places, countries, tags, relations and flags, the higher
confidence, and a toll when it had none; its own title, date and summary stay. The duplicate is
soft-deleted, never removed, so its history stays whole; each event gets a "merge" revision
naming the other (`merged_from`, `merged_into`), by which the history page shows the
duplicate's revisions beside those of the event kept. One transaction; the duplicate's version
is checked as any edit's.
"""

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.db import retry_when_busy, write_session
from app.editing.events import Author, Saved, claim, record
from app.editing.state import State, diff, parse_link_key, read_state
from app.editing.store import write_state
from app.errors import InvalidParameters, ParameterError
from app.models import Citation, Document
from app.models.base import utcnow
from app.models.taxonomy import EventStatus


def _merged_state(kept: State, duplicate: State, kept_slug: str, duplicate_slug: str) -> State:
    state = dict(kept)
    for name in ("tags", "actors", "places", "countries", "citations", "flags"):
        state[name] = sorted(set(kept[name]) | set(duplicate[name]))
    relations = set(kept["relations"])
    for key in duplicate["relations"]:
        _, other = parse_link_key(key)
        if other not in (kept_slug, duplicate_slug):
            relations.add(key)
    state["relations"] = sorted(relations)
    state["confidence"] = max(kept["confidence"], duplicate["confidence"])
    if kept["fatalities_best"] is None and duplicate["fatalities_best"] is not None:
        for name in ("fatalities_best", "fatalities_low", "fatalities_high"):
            state[name] = duplicate[name]
    return state


@retry_when_busy
def merge_events(
    engine: Engine, *, duplicate: str, into: str, duplicate_version: int, author: Author
) -> Saved:
    """Merge the event `duplicate` (at `duplicate_version`) into the event `into`.

    Raises InvalidParameters for a merge into itself or into a deleted event, NotFound for an
    unknown slug, EditConflict when the duplicate changed since it was read."""
    if duplicate == into:
        raise InvalidParameters(
            [ParameterError("into", "an event cannot be merged into itself", into, "form")]
        )
    at = utcnow()
    with write_session(engine) as session:
        source = claim(session, duplicate, duplicate_version, at)
        target = claim(session, into, None, at)
        problems = []
        if target.status == EventStatus.DELETED:
            problems.append("the event to merge into is deleted: restore it first")
        if source.status == EventStatus.DELETED:
            problems.append("this event is deleted already")
        if problems:
            raise InvalidParameters([ParameterError("into", p, into, "form") for p in problems])
        assert source.id is not None and target.id is not None
        source_before, target_before = read_state(session, source), read_state(session, target)
        target_after = _merged_state(target_before, source_before, target.slug, source.slug)
        _move_citations(session, source.id, target.id)
        write_state(session, target, target_after)
        source_after = dict(source_before, status=EventStatus.DELETED.value, citations=[])
        write_state(session, source, source_after)
        kept_changes: dict[str, Any] = diff(target_before, read_state(session, target))
        kept_changes["merged_from"] = [None, source.slug]
        gone_changes: dict[str, Any] = diff(source_before, read_state(session, source))
        gone_changes["merged_into"] = [None, target.slug]
        record(session, target, author=author, action="merge", changes=kept_changes, at=at)
        record(session, source, author=author, action="merge", changes=gone_changes, at=at)
        session.commit()
        return Saved(target.slug, target.version)


def _move_citations(session: Session, source_id: int, target_id: int) -> None:
    """Give the kept event the duplicate's citations, rows and all (the readings of dates and
    tolls the extraction made stay with them); a quote both cite stays once."""
    have = set(
        session.exec(
            select(Citation.document_id, Citation.char_start, Citation.char_end).where(
                Citation.event_id == target_id
            )
        ).all()
    )
    for citation in session.exec(
        select(Citation)
        .join(Document, col(Document.id) == col(Citation.document_id))
        .where(Citation.event_id == source_id)
    ).all():
        if (citation.document_id, citation.char_start, citation.char_end) in have:
            session.delete(citation)
        else:
            citation.event_id = target_id
            session.add(citation)
    session.flush()
