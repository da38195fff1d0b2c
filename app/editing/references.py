"""Reference data an editor maintains: actors, places (with coordinates) and periods.

Create, edit, and merge a duplicate into the entry to keep. Each function owns its transaction,
raises InvalidParameters naming every bad field, and records a ReferenceRevision (who, when, what
changed), which also tells API clients that the data changed (app.queries.freshness). Renaming an
actor or moving a place changes how its events read, so their `updated_at` is raised and the
changes feed lists them. A merge moves every event link of the duplicate to the entry kept, adds
the duplicate's name and aliases to its aliases (so the ingestion recognises both), deletes the
duplicate and remembers its slug (app.reference: the ingestion will not bring it back).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from app.db import retry_when_busy, write_session
from app.editing.dates import read_date
from app.editing.lookup import country_index, find_country, fold
from app.errors import InvalidParameters, NotFound, ParameterError
from app.ingest import slugify
from app.models import (
    Actor,
    Event,
    EventActor,
    EventPlace,
    Period,
    Place,
    ReferenceRevision,
)
from app.models.base import utcnow
from app.models.taxonomy import ActorKind

Entry = Actor | Place | Period
_MODELS: dict[str, type[Actor] | type[Place] | type[Period]] = {
    "actor": Actor,
    "place": Place,
    "period": Period,
}


@dataclass(frozen=True)
class ReferenceDraft:
    """An actor, place or period form as typed; fields a kind lacks are ignored."""

    name: str = ""
    kind: str = ""  # actor: one of ActorKind; place: town, region, camp...
    country: str = ""  # "Mali", "MLI" or "Mali (MLI)"; empty for none
    aliases: str = ""  # one per line
    description: str = ""
    admin_region: str = ""
    lat: str = ""
    lon: str = ""
    start: str = ""  # periods: typed dates
    end: str = ""


def _aliases(text: str, name: str) -> list[str]:
    seen = {fold(name)}
    aliases = []
    for line in text.replace(";", "\n").splitlines():
        alias = " ".join(line.split())
        if alias and fold(alias) not in seen:
            seen.add(fold(alias))
            aliases.append(alias)
    return aliases


def _coordinate(errors: list[ParameterError], name: str, text: str, limit: float) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        errors.append(ParameterError(name, f"{text!r} is not a number", text, "form"))
        return None
    if not -limit <= value <= limit:
        errors.append(
            ParameterError(name, f"use a number from -{limit:g} to {limit:g}", text, "form")
        )
        return None
    return round(value, 6)


def _values(session: Session, kind: str, draft: ReferenceDraft) -> dict[str, Any]:
    """The column values of `draft`. Raises InvalidParameters listing every problem."""
    errors: list[ParameterError] = []
    name = " ".join(draft.name.split())
    if not name:
        errors.append(ParameterError("name", "give a name", draft.name, "form"))
    elif len(name) > 200:
        errors.append(ParameterError("name", "use at most 200 characters", None, "form"))
    country = None
    if draft.country.strip():
        found = find_country(country_index(session), draft.country)
        if len(found) != 1:
            errors.append(
                ParameterError(
                    "country",
                    f"no country is called {draft.country.strip()!r}",
                    draft.country,
                    "form",
                )
            )
        else:
            country = found[0].code
    values: dict[str, Any] = {"name": name, "country_code": country}
    if kind == "actor":
        if draft.kind not in set(ActorKind):
            errors.append(
                ParameterError("kind", f"choose one of: {', '.join(ActorKind)}", draft.kind, "form")
            )
        values.update(
            kind=draft.kind,
            aliases=_aliases(draft.aliases, name),
            description=draft.description.strip(),
        )
    elif kind == "place":
        lat = _coordinate(errors, "lat", draft.lat, 90)
        lon = _coordinate(errors, "lon", draft.lon, 180)
        if (lat is None) != (lon is None) and not any(e.name in ("lat", "lon") for e in errors):
            errors.append(
                ParameterError(
                    "lat" if lat is None else "lon",
                    "give both coordinates, or neither",
                    None,
                    "form",
                )
            )
        if len(draft.kind.strip()) > 32 or len(draft.admin_region.strip()) > 200:
            errors.append(ParameterError("kind", "too long", None, "form"))
        values.update(
            kind=draft.kind.strip(),
            admin_region=draft.admin_region.strip(),
            lat=lat,
            lon=lon,
            aliases=_aliases(draft.aliases, name),
        )
    else:
        start = end = None
        for field_name, typed in (("start", draft.start), ("end", draft.end)):
            try:
                bounds = read_date(typed)
            except ValueError as exc:
                errors.append(ParameterError(field_name, str(exc), typed, "form"))
                continue
            if field_name == "start":
                start = bounds.start
            else:
                end = bounds.end
        if start is not None and end is not None and end < start:
            errors.append(ParameterError("end", "the period ends before it starts", None, "form"))
        values.update(date_start=start, date_end=end, description=draft.description.strip())
    if errors:
        raise InvalidParameters(errors)
    return values


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _get(session: Session, kind: str, slug: str) -> Entry:
    model = _MODELS[kind]
    entry = cast(Entry | None, session.exec(select(model).where(col(model.slug) == slug)).first())
    if entry is None:
        raise NotFound(f"there is no {kind} {slug!r}")
    return entry


def _free_slug(session: Session, kind: str, name: str) -> str:
    model = _MODELS[kind]
    base = slugify(name, 100)
    taken = set(session.exec(select(model.slug).where(col(model.slug).startswith(base))).all())
    taken |= {
        s
        for s in session.exec(
            select(ReferenceRevision.retired_slug).where(ReferenceRevision.kind == kind)
        ).all()
        if s
    }
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _touch_events(session: Session, kind: str, entry_id: int) -> None:
    link = EventActor if kind == "actor" else EventPlace
    column = col(EventActor.actor_id) if kind == "actor" else col(EventPlace.place_id)
    ids = select(link.event_id).where(column == entry_id)
    session.execute(
        update(Event)
        .where(col(Event.id).in_(ids))
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


@retry_when_busy
def create_reference(engine: Engine, *, kind: str, draft: ReferenceDraft, author: str) -> str:
    """A new actor, place or period; returns its slug."""
    with write_session(engine) as session:
        values = _values(session, kind, draft)
        slug = _free_slug(session, kind, values["name"])
        session.add(_MODELS[kind](slug=slug, **values))
        session.add(
            ReferenceRevision(
                author=author,
                kind=kind,
                slug=slug,
                action="create",
                changes={k: [None, _plain(v)] for k, v in values.items()},
            )
        )
        session.commit()
        return slug


@retry_when_busy
def update_reference(
    engine: Engine, *, kind: str, slug: str, draft: ReferenceDraft, author: str
) -> bool:
    """Change an entry; returns False when nothing changed."""
    with write_session(engine) as session:
        entry = _get(session, kind, slug)
        values = _values(session, kind, draft)
        changes = {
            name: [_plain(getattr(entry, name)), _plain(value)]
            for name, value in values.items()
            if getattr(entry, name) != value
        }
        if not changes:
            return False
        for name, value in values.items():
            setattr(entry, name, value)
        session.add(entry)
        assert entry.id is not None
        if kind in ("actor", "place"):
            _touch_events(session, kind, entry.id)
        session.add(
            ReferenceRevision(author=author, kind=kind, slug=slug, action="update", changes=changes)
        )
        session.commit()
        return True


@retry_when_busy
def merge_reference(engine: Engine, *, kind: str, duplicate: str, into: str, author: str) -> None:
    """Merge the entry `duplicate` into `into` (see the module's docstring)."""
    if duplicate == into:
        raise InvalidParameters(
            [ParameterError("into", "choose another entry to merge into", into, "form")]
        )
    with write_session(engine) as session:
        gone = _get(session, kind, duplicate)
        kept = _get(session, kind, into)
        assert gone.id is not None and kept.id is not None
        changes: dict[str, Any] = {"merged": [duplicate, None]}
        if isinstance(gone, Actor | Place) and isinstance(kept, Actor | Place):
            aliases = _aliases("\n".join([*kept.aliases, gone.name, *gone.aliases]), kept.name)
            if aliases != kept.aliases:
                changes["aliases"] = [kept.aliases, aliases]
                kept.aliases = aliases
            if isinstance(kept, Place) and isinstance(gone, Place) and kept.lat is None:
                if gone.lat is not None:
                    changes["lat"], changes["lon"] = [None, gone.lat], [None, gone.lon]
                    kept.lat, kept.lon = gone.lat, gone.lon
            session.add(kept)
            _relink(session, kind, gone.id, kept.id)
            _touch_events(session, kind, kept.id)
        session.delete(gone)
        session.add(
            ReferenceRevision(
                author=author,
                kind=kind,
                slug=into,
                action="merge",
                changes=changes,
                retired_slug=duplicate,
            )
        )
        session.commit()


def _relink(session: Session, kind: str, gone_id: int, kept_id: int) -> None:
    if kind == "actor":
        actor_rows = session.exec(select(EventActor).where(EventActor.actor_id == gone_id)).all()
        have = set(
            session.exec(
                select(EventActor.event_id, EventActor.role).where(EventActor.actor_id == kept_id)
            ).all()
        )
        for row in actor_rows:
            if (row.event_id, row.role) not in have:
                session.add(EventActor(event_id=row.event_id, actor_id=kept_id, role=row.role))
            session.delete(row)
    else:
        place_rows = session.exec(select(EventPlace).where(EventPlace.place_id == gone_id)).all()
        have = set(
            session.exec(
                select(EventPlace.event_id, EventPlace.role).where(EventPlace.place_id == kept_id)
            ).all()
        )
        for prow in place_rows:
            if (prow.event_id, prow.role) not in have:
                session.add(EventPlace(event_id=prow.event_id, place_id=kept_id, role=prow.role))
            session.delete(prow)
    session.flush()
