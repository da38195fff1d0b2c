"""Finding the actor, place, country, document or event an editor typed, and naming new ones.

Editors type what they see in the suggestions (app.admin.suggest): a name, an alias, a slug, or
for countries "Mali (MLI)". Matching ignores case and accents; a slug merged into another entry
(app.reference.retired_slugs) finds the entry it was merged into. A name shared by two entries is
ambiguous and must be typed as its slug. Read-only: nothing here writes.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlmodel import Session, col, select

from app.ingest import slugify
from app.models import Actor, Country, Document, Event, Place
from app.reference import resolve_retired, retired_slugs

T = TypeVar("T")
_CODE_IN_PARENS = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{3})\)\s*$")


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how typed names are compared."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


@dataclass
class Index(Generic[T]):
    """Entries by slug and by folded name or alias; `find` says which one a text names."""

    by_slug: dict[str, T] = field(default_factory=dict)
    by_name: dict[str, list[T]] = field(default_factory=lambda: defaultdict(list))
    retired: dict[str, str] = field(default_factory=dict)

    def add(self, slug: str, entry: T, names: list[str]) -> None:
        self.by_slug[slug] = entry
        for name in {fold(n) for n in names if n.strip()}:
            if entry not in self.by_name[name]:
                self.by_name[name].append(entry)

    def find(self, text: str) -> list[T]:
        """The entries `text` names: one, none, or several when it is ambiguous."""
        typed = text.strip()
        slug = resolve_retired(typed, self.retired)
        if slug in self.by_slug:
            return [self.by_slug[slug]]
        names = self.by_name.get(fold(typed), [])
        return list(names)


def actor_index(session: Session) -> Index[Actor]:
    index: Index[Actor] = Index(retired=retired_slugs(session, "actor"))
    for actor in session.exec(select(Actor)):
        index.add(actor.slug, actor, [actor.name, *actor.aliases])
    return index


def place_index(session: Session) -> Index[Place]:
    index: Index[Place] = Index(retired=retired_slugs(session, "place"))
    for place in session.exec(select(Place)):
        index.add(place.slug, place, [place.name, *place.aliases])
    return index


def country_index(session: Session) -> Index[Country]:
    index: Index[Country] = Index()
    for country in session.exec(select(Country)):
        index.add(country.code, country, [country.name, country.code, *country.aliases])
    return index


def split_country(text: str) -> tuple[str, str | None]:
    """ "Mali (MLI)" → ("Mali", "MLI"); "Mali" → ("Mali", None)."""
    match = _CODE_IN_PARENS.match(text)
    if match is None:
        return text.strip(), None
    return match["name"].strip(), match["code"].upper()


def find_country(index: Index[Country], text: str) -> list[Country]:
    name, code = split_country(text)
    if code is not None:
        return [index.by_slug[code]] if code in index.by_slug else []
    return index.find(name.upper()) if name.upper() in index.by_slug else index.find(name)


def free_slug(
    session: Session, model: type[Actor] | type[Place], name: str, taken: set[str]
) -> str:
    """A slug for a new entry called `name`, unused in the database and in `taken`."""
    base = slugify(name, 100)
    used = set(session.exec(select(model.slug).where(col(model.slug).startswith(base))).all())
    used |= taken
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug


def document_by_slug(session: Session, slug: str) -> Document | None:
    return session.exec(select(Document).where(Document.slug == slug.strip())).first()


def event_by_slug(session: Session, slug: str) -> Event | None:
    return session.exec(select(Event).where(Event.slug == slug.strip())).first()
