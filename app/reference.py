"""Reference data in the database: countries, places and actors from the gazetteers in data/.

Entries are added when missing and never overwritten: once in the database, an entry belongs
to the editors, who may rename it or add aliases in the admin.
"""

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.extraction.gazetteer import Gazetteer
from app.models import Actor, Country, Place


@dataclass
class ReferenceIds:
    """Database ids of gazetteer entries: place and actor slugs to ids."""

    places: dict[str, int] = field(default_factory=dict)
    actors: dict[str, int] = field(default_factory=dict)


def sync_reference_data(session: Session, gazetteer: Gazetteer) -> ReferenceIds:
    """Insert the gazetteer entries the database lacks; return every slug's id. Flushes only."""
    known_countries = set(session.exec(select(Country.code)).all())
    for country in gazetteer.countries.values():
        if country.code not in known_countries:
            session.add(
                Country(
                    code=country.code,
                    name=country.name,
                    aliases=list(country.aliases),
                    demonyms=list(country.demonyms),
                    lat=country.lat,
                    lon=country.lon,
                )
            )
    session.flush()
    valid = known_countries | set(gazetteer.countries)
    known_places = set(session.exec(select(Place.slug)).all())
    for place in gazetteer.places.values():
        if place.id not in known_places:
            session.add(
                Place(
                    slug=place.id,
                    name=place.name,
                    kind=place.kind,
                    country_code=place.country if place.country in valid else None,
                    admin_region=place.admin_region,
                    lat=place.lat,
                    lon=place.lon,
                    aliases=list(place.aliases),
                )
            )
    known_actors = set(session.exec(select(Actor.slug)).all())
    for actor in gazetteer.actors.values():
        if actor.id not in known_actors:
            session.add(
                Actor(
                    slug=actor.id,
                    name=actor.name,
                    kind=actor.kind,
                    country_code=actor.country if actor.country in valid else None,
                    aliases=list(actor.aliases),
                )
            )
    session.flush()
    return ReferenceIds(
        places=dict(session.exec(select(Place.slug, col(Place.id))).all()),  # type: ignore[arg-type]
        actors=dict(session.exec(select(Actor.slug, col(Actor.id))).all()),  # type: ignore[arg-type]
    )
