"""The conflict screen: when an editor saves an event someone else changed meanwhile, what each
of them changed since the version the editor started from, and a choice per group of fields.

A group only the other editor changed defaults to their value (keeping it loses nothing of
yours); a group both changed defaults to yours and is marked; a group only you changed needs no
choice. Choosing and saving again goes through the normal save, against the newest version.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.admin.event_forms import GROUP_FIELDS, EventForm
from app.admin.formatting import LABELS, Describer
from app.editing.state import State, read_state, state_at_version
from app.editing.validation import prepare
from app.errors import InvalidParameters
from app.models import Event, Revision


@dataclass(frozen=True)
class ConflictRow:
    group: str
    label: str
    base: str
    theirs: str
    yours: str
    both_changed: bool
    default: str  # "mine" or "theirs"


@dataclass(frozen=True)
class ConflictView:
    version: int  # the version saved meanwhile, which the next save must name
    started_from: int
    who: str
    when: datetime | None
    rows: list[ConflictRow]


def _part(state: State | None, group: str) -> list[object] | None:
    if state is None:
        return None
    return [state.get(name) for name in GROUP_FIELDS[group]]


def conflict_view(engine: Engine, *, slug: str, started_from: int, form: EventForm) -> ConflictView:
    with Session(engine) as session:
        event = session.exec(select(Event).where(col(Event.slug) == slug)).one()
        theirs = read_state(session, event)
        base = state_at_version(session, event, started_from, theirs)
        try:
            yours: State | None = prepare(session, form.draft(), current=base, slug=slug).state
        except InvalidParameters:
            yours = None
        latest = session.exec(
            select(Revision)
            .where(Revision.event_id == event.id)
            .order_by(col(Revision.event_version).desc(), col(Revision.id).desc())
        ).first()
        describe = Describer(session)
        describe.prefetch(
            (name, state[name])
            for state in (theirs, base, yours)
            if state is not None
            for name in state
        )
        rows = []
        for group in GROUP_FIELDS:
            if _part(theirs, group) == _part(base, group):
                continue  # they did not change it: yours stands
            if yours is not None and _part(yours, group) == _part(theirs, group):
                continue  # you both made the same change
            both = yours is None or _part(yours, group) != _part(base, group)
            rows.append(
                ConflictRow(
                    group=group,
                    label=LABELS[group],
                    base=describe.group(group, base),
                    theirs=describe.group(group, theirs),
                    yours=describe.group(group, yours) if yours else "(see the form below)",
                    both_changed=both,
                    default="mine" if both else "theirs",
                )
            )
        return ConflictView(
            version=event.version,
            started_from=started_from,
            who=f"{latest.author} ({latest.author_kind})" if latest else "someone",
            when=latest.at if latest else None,
            rows=rows,
        )
