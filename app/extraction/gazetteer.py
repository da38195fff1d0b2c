"""Gazetteers: the countries, places and actors of data/*.toml, and finding them in text.

Matching works on word n-grams: names and text are folded (case, accents, punctuation) the same
way and looked up in one dictionary, which is linear in the text. Three rules keep it honest:
an alias written in capitals (`FAMa`, `US`) must match its case exactly; an alias that starts with
a capital must start with one in the text (so `Ber` the town is not `ber`); and a lower-case
alias (`the junta`) matches any case. Aliases may hold only for a time window, and a capital can
stand for its government (a metonym): both are resolved later, with the event's date and context.
"""

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from app.extraction.words import words_of

EntityKind = Literal["country", "place", "actor"]
MatchVia = Literal["name", "alias", "demonym", "metonym"]

_WORD = re.compile(r"[^\W_]+")
_MAX_NGRAM = 8


@lru_cache(maxsize=1 << 16)
def fold(value: str) -> str:
    """Lower case, no accents, words separated by single spaces: the matching key."""
    if value.isascii():  # most names: nothing to decompose
        return " ".join(_WORD.findall(value.lower()))
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain.casefold()))


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    country: str
    kind: str
    admin_region: str = ""
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str
    aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Alias:
    kind: EntityKind
    key: str  # country code, place id or actor id
    surface: str
    via: MatchVia
    valid_from: date | None = None
    valid_to: date | None = None

    exact_case: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # An acronym-like alias ("AES", "MINUSMA", "G5 Sahel"): two capitals or more, the second
        # letter not lower case. Computed once: matching asks per mention.
        letters = "".join(filter(str.isalpha, self.surface))
        exact = sum(map(str.isupper, letters)) >= 2 and not letters[1:2].islower()
        object.__setattr__(self, "exact_case", exact)

    def accepts(self, found: str) -> bool:
        if self.exact_case:
            return _WORD.findall(found) == _WORD.findall(self.surface)
        if self.surface[:1].isupper():
            return found[:1].isupper()
        return True


@dataclass(frozen=True)
class EntityMention:
    """A name found in text, with every entry it may stand for (resolved by the caller)."""

    start: int
    end: int
    text: str
    candidates: tuple[_Alias, ...]


@dataclass
class Gazetteer:
    countries: dict[str, Country] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    _index: dict[str, list[_Alias]] = field(default_factory=dict)
    # The first word of every alias, with the word counts of the aliases starting with it,
    # longest first: most words of a text start no name, and are passed over with one look-up;
    # "the" is tried only at the lengths of "the junta", "the army" and the like.
    _starts: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def _add(self, surface: str, alias: _Alias) -> None:
        key = fold(surface)
        if not key:
            return
        entries = self._index.setdefault(key, [])
        if alias not in entries:
            entries.append(alias)
        words = key.split()
        if len(words) <= _MAX_NGRAM:
            lengths = set(self._starts.get(words[0], ())) | {len(words)}
            self._starts[words[0]] = tuple(sorted(lengths, reverse=True))

    def add_country(self, country: Country) -> None:
        self.countries[country.code] = country
        for surface in (country.name, *country.aliases):
            self._add(surface, _Alias("country", country.code, surface, "name"))
        for surface in country.demonyms:
            self._add(surface, _Alias("country", country.code, surface, "demonym"))

    def add_place(self, place: Place) -> None:
        self.places[place.id] = place
        for surface in (place.name, *place.aliases):
            self._add(surface, _Alias("place", place.id, surface, "name"))

    def add_actor(
        self, actor: Actor, windows: Iterable[tuple[str, date | None, date | None]] = ()
    ) -> None:
        self.actors[actor.id] = actor
        for surface in (actor.name, *actor.aliases):
            self._add(surface, _Alias("actor", actor.id, surface, "alias"))
        for surface in actor.metonyms:
            self._add(surface, _Alias("actor", actor.id, surface, "metonym"))
        for surface, valid_from, valid_to in windows:
            self._add(surface, _Alias("actor", actor.id, surface, "alias", valid_from, valid_to))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[EntityMention]:
        """Every gazetteer name in text[start:end], longest first, not overlapping, in order."""
        spans, folded = words_of(text[start:end] if start or end is not None else text)
        mentions: list[EntityMention] = []
        i, starts, count = 0, self._starts, len(folded)
        while i < count:
            for n in starts.get(folded[i], ()):
                if n > count - i:
                    continue
                entries = self._index.get(" ".join(folded[i : i + n]))
                if not entries:
                    continue
                first, last = start + spans[i][0], start + spans[i + n - 1][1]
                found = text[first:last]
                accepted = tuple(a for a in entries if a.accepts(found))
                if accepted:
                    mentions.append(EntityMention(first, last, found, accepted))
                    i += n
                    break
            else:
                i += 1
        return mentions


def _optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _optional_float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def load_gazetteer(data_dir: Path) -> Gazetteer:
    """Read countries.toml, places.toml and actors.toml from `data_dir`.

    Raises ValueError naming the file and entry when an entry lacks a required field.
    """
    gazetteer = Gazetteer()
    for name, loader in (
        ("countries", _load_countries),
        ("places", _load_places),
        ("actors", _load_actors),
    ):
        path = data_dir / f"{name}.toml"
        with path.open("rb") as handle:
            content = tomllib.load(handle)
        try:
            loader(gazetteer, content)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: bad entry ({exc})") from exc
    return gazetteer


def _load_countries(gazetteer: Gazetteer, content: dict[str, list[dict[str, object]]]) -> None:
    for row in content.get("country", []):
        gazetteer.add_country(
            Country(
                code=str(row["code"]),
                name=str(row["name"]),
                aliases=tuple(map(str, row.get("aliases", []))),  # type: ignore[call-overload]
                demonyms=tuple(map(str, row.get("demonyms", []))),  # type: ignore[call-overload]
                lat=_optional_float(row.get("lat")),
                lon=_optional_float(row.get("lon")),
            )
        )


def _load_places(gazetteer: Gazetteer, content: dict[str, list[dict[str, object]]]) -> None:
    for row in content.get("place", []):
        gazetteer.add_place(
            Place(
                id=str(row["id"]),
                name=str(row["name"]),
                country=str(row.get("country", "")),
                kind=str(row.get("kind", "")),
                admin_region=str(row.get("admin_region", "")),
                lat=_optional_float(row.get("lat")),
                lon=_optional_float(row.get("lon")),
                aliases=tuple(map(str, row.get("aliases", []))),  # type: ignore[call-overload]
                countries=tuple(map(str, row.get("countries", []))),  # type: ignore[call-overload]
            )
        )


def _load_actors(gazetteer: Gazetteer, content: dict[str, list[dict[str, object]]]) -> None:
    for row in content.get("actor", []):
        windows = [
            (str(w["alias"]), _optional_date(w.get("from")), _optional_date(w.get("to")))
            for w in row.get("windowed_aliases", [])  # type: ignore[attr-defined]
        ]
        gazetteer.add_actor(
            Actor(
                id=str(row["id"]),
                name=str(row["name"]),
                kind=str(row["kind"]),
                country=str(row.get("country", "")),
                aliases=tuple(map(str, row.get("aliases", []))),  # type: ignore[call-overload]
                metonyms=tuple(map(str, row.get("metonyms", []))),  # type: ignore[call-overload]
            ),
            windows,
        )
