"""Resolving gazetteer mentions in a clause to the actors, places and countries it involves.

Three ambiguities are settled here, with the event's date and the words around a mention:
an alias valid only for a time window ("the junta" is Mali's military government from August
2020) applies only to events in its window; a capital after a locative preposition ("a
delegation to Bamako") is the city, elsewhere ("Bamako accused...") its government; and when
several entries share an alias, the one whose country the clause names wins.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from app.extraction.gazetteer import EntityMention, Gazetteer, _Alias

_LOCATIVE = re.compile(
    r"\b(?:in|at|to|from|into|near|outside|around|toward|towards|across|via|of|between|"
    r"reaching|reached|visited|visit|capital|city|town)\s*$",
    re.I,
)


_COORDINATION = re.compile(r"\s*(?:,|and|or|, and)\s*")


@dataclass
class Involved:
    """Who and where a clause speaks of, in order of first mention."""

    actors: list[tuple[str, int]] = field(default_factory=list)  # actor id, offset
    places: list[tuple[str, int]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    _country_at: dict[str, int] = field(default_factory=dict)
    # Where a country is named as such ("in Niger"), not through a demonym or an actor.
    _named_at: list[int] = field(default_factory=list)
    # Countries named by their name or a demonym ("French troops"), with offsets, in order.
    country_mentions: list[tuple[str, int]] = field(default_factory=list)
    actor_countries: dict[str, str] = field(default_factory=dict)  # actor id -> its country

    def _add_country(self, code: str, offset: int) -> None:
        if code and code not in self.countries:
            self.countries.append(code)
            self._country_at[code] = offset

    def place_is_nearest(self, offset: int) -> bool:
        """Whether a place, rather than a country, is the location named nearest `offset`."""
        if not self.places:
            return False
        place = min(abs(at - offset) for _, at in self.places)
        country = min((abs(at - offset) for at in self._named_at), default=place + 1)
        return place <= country

    def nearest_first(self, offset: int) -> "Involved":
        """The same, each list ordered by distance to `offset` (the trigger): in "Troops left
        Gao for Bamako after the coup in Niamey", the coup is Niamey's."""
        return Involved(
            sorted(self.actors, key=lambda item: abs(item[1] - offset)),
            sorted(self.places, key=lambda item: abs(item[1] - offset)),
            sorted(self.countries, key=lambda code: abs(self._country_at[code] - offset)),
            dict(self._country_at),
            list(self._named_at),
            list(self.country_mentions),
            dict(self.actor_countries),
        )


def _in_window(alias: _Alias, when: date) -> bool:
    return (alias.valid_from is None or alias.valid_from <= when) and (
        alias.valid_to is None or when <= alias.valid_to
    )


def _country_of(gazetteer: Gazetteer, alias: _Alias) -> str:
    if alias.kind == "country":
        return alias.key
    if alias.kind == "place":
        return gazetteer.places[alias.key].country
    return gazetteer.actors[alias.key].country


def resolve(gazetteer: Gazetteer, text: str, mentions: list[EntityMention], when: date) -> Involved:
    """The actors, places and countries that `mentions` (found in `text`) stand for at `when`."""
    named_countries = {
        c.key for m in mentions for c in m.candidates if c.kind == "country" and c.via == "name"
    } | {c.key for m in mentions for c in m.candidates if c.kind == "country"}
    involved = Involved()
    previous_place_end = -1
    for mention in mentions:
        candidates = [c for c in mention.candidates if _in_window(c, when)]
        if not candidates:
            continue
        # "in Bamako and Ouagadougou": a name coordinated with a place is a place too.
        coordinated = previous_place_end >= 0 and _COORDINATION.fullmatch(
            text, previous_place_end, mention.start
        )
        locative = coordinated or _LOCATIVE.search(text, max(0, mention.start - 24), mention.start)
        metonyms = [c for c in candidates if c.via == "metonym"]
        places = [c for c in candidates if c.kind == "place"]
        if metonyms and places:
            candidates = places if locative else metonyms
        if len(candidates) > 1:
            preferred = [c for c in candidates if _country_of(gazetteer, c) in named_countries]
            candidates = preferred or candidates
        chosen = candidates[0]
        if chosen.kind == "actor":
            if all(a != chosen.key for a, _ in involved.actors):
                involved.actors.append((chosen.key, mention.start))
                involved.actor_countries[chosen.key] = _country_of(gazetteer, chosen)
        elif chosen.kind == "place":
            previous_place_end = mention.end
            if all(p != chosen.key for p, _ in involved.places):
                involved.places.append((chosen.key, mention.start))
        involved._add_country(_country_of(gazetteer, chosen), mention.start)
        if chosen.kind == "country":
            involved.country_mentions.append((chosen.key, mention.start))
            if chosen.via == "name":
                involved._named_at.append(mention.start)
    return involved
