"""Reference data in the database: countries, places and actors from the gazetteers in data/.

Entries are added when missing and never overwritten: once in the database, an entry belongs
to the editors, who may rename it or add aliases in the admin. An entry an editor merged into
another (app.editing.references) is not added back: its slug stands for the entry it was merged
into, which the returned ids map it to.
"""

from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlmodel import Session, col, select

from app.extraction.gazetteer import Gazetteer
from app.models import Actor, Country, Place, ReferenceRevision


@dataclass
class ReferenceIds:
    """Database ids of gazetteer entries: place and actor slugs to ids."""

    places: dict[str, int] = field(default_factory=dict)
    actors: dict[str, int] = field(default_factory=dict)


def sync_reference_data(session: Session, gazetteer: Gazetteer) -> ReferenceIds:
    """Insert the gazetteer entries the database lacks; return every slug's id. Flushes only."""
    # Bulk inserts: a first ingestion adds hundreds of entries, which the unit of work would
    # insert one statement at a time.
    known_countries = set(session.exec(select(Country.code)).all())
    _insert(
        session,
        Country,
        [
            {
                "code": country.code,
                "name": country.name,
                "aliases": list(country.aliases),
                "demonyms": list(country.demonyms),
                "lat": country.lat,
                "lon": country.lon,
            }
            for country in gazetteer.countries.values()
            if country.code not in known_countries
        ],
    )
    valid = known_countries | set(gazetteer.countries)
    retired_places = retired_slugs(session, "place")
    retired_actors = retired_slugs(session, "actor")
    known_places = set(session.exec(select(Place.slug)).all()) | set(retired_places)
    _insert(
        session,
        Place,
        [
            {
                "slug": place.id,
                "name": place.name,
                "kind": place.kind,
                "country_code": place.country if place.country in valid else None,
                "admin_region": place.admin_region,
                "lat": place.lat,
                "lon": place.lon,
                "aliases": list(place.aliases),
            }
            for place in gazetteer.places.values()
            if place.id not in known_places
        ],
    )
    known_actors = set(session.exec(select(Actor.slug)).all()) | set(retired_actors)
    _insert(
        session,
        Actor,
        [
            {
                "slug": actor.id,
                "name": actor.name,
                "kind": actor.kind,
                "country_code": actor.country if actor.country in valid else None,
                "aliases": list(actor.aliases),
            }
            for actor in gazetteer.actors.values()
            if actor.id not in known_actors
        ],
    )
    places: dict[str, int] = dict(session.exec(select(Place.slug, col(Place.id))).all())  # type: ignore[arg-type]
    actors: dict[str, int] = dict(session.exec(select(Actor.slug, col(Actor.id))).all())  # type: ignore[arg-type]
    return ReferenceIds(
        places=_with_retired(places, retired_places), actors=_with_retired(actors, retired_actors)
    )


def _insert(
    session: Session,
    model: type[Country] | type[Place] | type[Actor],
    rows: list[dict[str, object]],
) -> None:
    if rows:
        session.execute(insert(model), rows)


def retired_slugs(session: Session, kind: str) -> dict[str, str]:
    """Slugs of entries of `kind` merged into another, each with the slug it was merged into."""
    rows = session.exec(
        select(ReferenceRevision.retired_slug, ReferenceRevision.slug)
        .where(
            ReferenceRevision.kind == kind,
            col(ReferenceRevision.retired_slug).is_not(None),
            ReferenceRevision.action == "merge",
        )
        .order_by(col(ReferenceRevision.id))
    ).all()
    return {retired: kept for retired, kept in rows if retired is not None}


def resolve_retired(slug: str, retired: dict[str, str]) -> str:
    """The slug `slug` stands for now, following merges (A into B, then B into C gives C)."""
    seen = {slug}
    while slug in retired and retired[slug] not in seen:
        slug = retired[slug]
        seen.add(slug)
    return slug


def _with_retired(ids: dict[str, int], retired: dict[str, str]) -> dict[str, int]:
    mapped = dict(ids)
    for slug in retired:
        final = resolve_retired(slug, retired)
        if slug not in ids and final in ids:
            mapped[slug] = ids[final]
    return mapped
