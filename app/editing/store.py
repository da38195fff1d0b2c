"""Writing an event's state (app.editing.state) into its row and link tables, inside the caller's
transaction. Called only by app.editing.events and app.editing.merging, which own the
transaction, the version check and the revision.
"""

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, delete, select

from app.editing.state import (
    DATE_FIELDS,
    SCALARS,
    State,
    link_key,
    parse_citation_key,
    parse_link_key,
)
from app.editing.validation import Prepared
from app.errors import InvalidParameters, ParameterError
from app.models import (
    Actor,
    Citation,
    Country,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    EventRelation,
    EventTag,
    Place,
    ReferenceRevision,
)
from app.reference import resolve_retired, retired_slugs


def create_references(session: Session, prepared: Prepared, author: str, at: datetime) -> None:
    """Add the actors, places and countries the draft named for the first time."""
    for actor in prepared.new_actors:
        session.add(Actor(slug=actor.slug, name=actor.name, kind=actor.kind))
        _log(session, author, at, "actor", actor.slug, {"name": [None, actor.name]})
    for place in prepared.new_places:
        session.add(Place(slug=place.slug, name=place.name))
        _log(session, author, at, "place", place.slug, {"name": [None, place.name]})
    for country in prepared.new_countries:
        session.add(Country(code=country.code, name=country.name))
        _log(session, author, at, "country", country.code, {"name": [None, country.name]})
    session.flush()


def _log(
    session: Session,
    author: str,
    at: datetime,
    kind: str,
    slug: str,
    changes: dict[str, list[str | None]],
) -> None:
    session.add(
        ReferenceRevision(
            at=at, author=author, kind=kind, slug=slug, action="create", changes=changes
        )
    )


def write_state(session: Session, event: Event, target: State) -> None:
    """Make the event's columns and links those of `target`. Raises InvalidParameters when it
    names an actor, place, country, event or document that no longer exists (a revert to a
    state from before a merge or deletion)."""
    assert event.id is not None
    for name in SCALARS:
        value = target[name]
        if name in DATE_FIELDS[:2]:
            value = date.fromisoformat(value)
        elif name == "flags":
            value = list(value)
        setattr(event, name, value)
    session.add(event)
    errors: list[ParameterError] = []
    _write_tags(session, event.id, target["tags"])
    _write_links(session, event.id, target["actors"], errors, link=EventActor, entity=Actor)
    _write_links(session, event.id, target["places"], errors, link=EventPlace, entity=Place)
    _write_countries(session, event.id, target["countries"], errors)
    _write_relations(session, event.id, target["relations"], errors)
    _write_citations(session, event.id, target["citations"], errors)
    if errors:
        raise InvalidParameters(errors)
    session.flush()


def _write_tags(session: Session, event_id: int, wanted: Sequence[str]) -> None:
    have = set(session.exec(select(EventTag.tag).where(EventTag.event_id == event_id)).all())
    for tag in have - set(wanted):
        session.exec(
            delete(EventTag).where(col(EventTag.event_id) == event_id, col(EventTag.tag) == tag)
        )
    session.add_all(EventTag(event_id=event_id, tag=t) for t in set(wanted) - have)


def _ids(
    session: Session, model: type[Actor] | type[Place], kind: str, slugs: set[str]
) -> dict[str, int]:
    rows = session.exec(select(model.slug, model.id).where(col(model.slug).in_(slugs))).all()
    found = {slug: id_ for slug, id_ in rows if id_ is not None}
    missing = slugs - set(found)
    if missing:
        retired = retired_slugs(session, kind)
        finals = {s: resolve_retired(s, retired) for s in missing}
        rows = session.exec(
            select(model.slug, model.id).where(col(model.slug).in_(set(finals.values())))
        ).all()
        now = {slug: id_ for slug, id_ in rows if id_ is not None}
        found.update({s: now[f] for s, f in finals.items() if f in now})
    return found


def _write_links(
    session: Session,
    event_id: int,
    wanted: Sequence[str],
    errors: list[ParameterError],
    *,
    link: type[EventActor] | type[EventPlace],
    entity: type[Actor] | type[Place],
) -> None:
    """Make the event's actor or place links exactly `wanted` ("slug:role" keys): delete the
    others, add the missing ones, and report every slug that no longer exists."""
    kind = "actor" if entity is Actor else "place"
    pairs = [parse_link_key(k) for k in wanted]
    ids = _ids(session, entity, kind, {slug for slug, _ in pairs})
    found = session.exec(select(link).where(link.event_id == event_id)).all()
    rows = [row for row in found if isinstance(row, EventActor | EventPlace)]
    want: set[tuple[int, str]] = set()
    for slug, role in pairs:
        if slug not in ids:
            errors.append(ParameterError(f"{kind}s", f"the {kind} {slug!r} no longer exists"))
        else:
            want.add((ids[slug], role))

    target_column = "actor_id" if link is EventActor else "place_id"

    def key(row: EventActor | EventPlace) -> tuple[int, str]:
        return (getattr(row, target_column), row.role)

    for row in rows:
        if key(row) not in want:
            session.delete(row)
    have = {key(row) for row in rows}
    for target, role in want - have:
        if link is EventActor:
            session.add(EventActor(event_id=event_id, actor_id=target, role=role))
        else:
            session.add(EventPlace(event_id=event_id, place_id=target, role=role))


def _write_countries(
    session: Session, event_id: int, wanted: Sequence[str], errors: list[ParameterError]
) -> None:
    pairs = {parse_link_key(k) for k in wanted}
    codes = {code for code, _ in pairs}
    known = set(session.exec(select(Country.code).where(col(Country.code).in_(codes))).all())
    for code in sorted(codes - known):
        errors.append(ParameterError("countries", f"the country {code!r} no longer exists"))
    rows = session.exec(select(EventCountry).where(EventCountry.event_id == event_id)).all()
    want = {(c, r) for c, r in pairs if c in known}
    for row in rows:
        if (row.country_code, row.role) not in want:
            session.delete(row)
    have = {(row.country_code, row.role) for row in rows}
    session.add_all(EventCountry(event_id=event_id, country_code=c, role=r) for c, r in want - have)


def _write_relations(
    session: Session, event_id: int, wanted: Sequence[str], errors: list[ParameterError]
) -> None:
    pairs = [parse_link_key(k) for k in wanted]  # (kind, slug)
    slugs = {slug for _, slug in pairs}
    ids = dict(session.exec(select(Event.slug, Event.id).where(col(Event.slug).in_(slugs))).all())
    rows = session.exec(
        select(EventRelation, Event.slug)
        .join(Event, col(Event.id) == col(EventRelation.to_event_id))
        .where(EventRelation.from_event_id == event_id)
    ).all()
    for _kind, slug in pairs:
        if slug not in ids:
            errors.append(ParameterError("relations", f"the event {slug!r} no longer exists"))
    want = {link_key(kind, slug) for kind, slug in pairs if slug in ids}
    have = set()
    for row, slug in rows:
        key = link_key(row.kind, slug)
        if key in want:
            have.add(key)
        else:
            session.delete(row)
    for key in want - have:
        kind, slug = parse_link_key(key)
        to_id = ids[slug]
        assert to_id is not None
        session.add(EventRelation(from_event_id=event_id, to_event_id=to_id, kind=kind))


def _write_citations(
    session: Session, event_id: int, wanted: Sequence[str], errors: list[ParameterError]
) -> None:
    spans = [parse_citation_key(k) for k in wanted]
    documents = {
        d.slug: d
        for d in session.exec(
            select(Document).where(col(Document.slug).in_({slug for slug, _, _ in spans}))
        )
    }
    rows = session.exec(
        select(Citation, Document.slug)
        .join(Document, col(Document.id) == col(Citation.document_id))
        .where(Citation.event_id == event_id)
    ).all()
    want = set(spans)
    have = set()
    for row, slug in rows:
        key = (slug, row.char_start, row.char_end)
        if key in want:
            have.add(key)
        else:
            session.delete(row)
    for slug, start, end in sorted(want - have):
        document = documents.get(slug)
        if document is None or document.id is None or end > len(document.text):
            errors.append(ParameterError("citations", f"the document {slug!r} no longer exists"))
            continue
        session.add(
            Citation(
                event_id=event_id,
                document_id=document.id,
                quote=document.text[start:end],
                char_start=start,
                char_end=end,
                method="editor",
            )
        )
