"""Checking a draft against the database and turning it into the event's next state.

`prepare` reads (never writes) and raises InvalidParameters listing every problem at once, each
named for its field (`title`, `date`, `actors[2]`, `citations[0]`...) with a message for the
person who typed it. What it returns is the complete state to store (app.editing.state) plus the
actors, places and countries to create first. The forms and the write API call it through
app.editing.events, so both check exactly the same things.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from app.editing.dates import date_text, read_date
from app.editing.drafts import CitationDraft, EventDraft, LinkDraft, RelationDraft
from app.editing.lookup import (
    actor_index,
    country_index,
    document_by_slug,
    event_by_slug,
    find_country,
    fold,
    free_slug,
    place_index,
    split_country,
)
from app.editing.quotes import find_quote, longest_found_prefix
from app.editing.state import State, citation_key, link_key
from app.errors import InvalidParameters, ParameterError
from app.models import Actor, Place
from app.models.taxonomy import ActorKind, EventStatus, EventType, Occurrence, RelationKind, Role

KNOWN_FLAGS = ("dates_disagree", "fatalities_disagree")
EDITABLE_STATUSES = (EventStatus.CANDIDATE, EventStatus.PUBLISHED, EventStatus.REJECTED)
MAX_TITLE, MAX_SUMMARY, MAX_TAG, MAX_FATALITIES = 300, 20_000, 80, 10_000_000
_TAG = re.compile(r"[\w.-]+")


@dataclass(frozen=True)
class NewActor:
    slug: str
    name: str
    kind: str


@dataclass(frozen=True)
class NewPlace:
    slug: str
    name: str


@dataclass(frozen=True)
class NewCountry:
    code: str
    name: str


@dataclass
class Prepared:
    """The state to store, and the reference entries to create before linking them."""

    state: State
    new_actors: list[NewActor] = field(default_factory=list)
    new_places: list[NewPlace] = field(default_factory=list)
    new_countries: list[NewCountry] = field(default_factory=list)


def _initial_state() -> State:
    return {
        "summary": "",
        "status": EventStatus.PUBLISHED.value,
        "occurrence": Occurrence.OCCURRED.value,
        "confidence": 1.0,
        "fatalities_best": None,
        "fatalities_low": None,
        "fatalities_high": None,
        "flags": [],
        "tags": [],
        "actors": [],
        "places": [],
        "countries": [],
        "relations": [],
        "citations": [],
    }


class _Checker:
    def __init__(self, session: Session, current: State | None, slug: str | None) -> None:
        self.session = session
        self.current = current
        self.slug = slug
        self.errors: list[ParameterError] = []
        self.state: State = dict(current) if current is not None else _initial_state()
        self.prepared = Prepared(self.state)

    def error(self, name: str, message: str, value: Any = None) -> None:
        self.errors.append(ParameterError(name, message, value, "body"))

    # -- scalar fields -------------------------------------------------------------------

    def title(self, value: str | None) -> None:
        if value is None:
            if self.current is None:
                self.error("title", "give the event a title")
            return
        title = " ".join(value.split())
        if not title:
            self.error("title", "give the event a title", value)
        elif len(title) > MAX_TITLE:
            self.error("title", f"use at most {MAX_TITLE} characters (this has {len(title)})")
        else:
            self.state["title"] = title

    def summary(self, value: str | None) -> None:
        if value is None:
            return
        summary = value.strip()
        if len(summary) > MAX_SUMMARY:
            self.error("summary", f"use at most {MAX_SUMMARY:,} characters")
        else:
            self.state["summary"] = summary

    def choice(self, name: str, value: str | None, allowed: Sequence[str], noun: str) -> None:
        if value is None or value == "":
            if self.current is None and name not in self.state:
                self.error(name, f"choose the {noun}")
            return
        if value not in allowed:
            self.error(name, f"unknown {noun} {value!r}; use one of: {', '.join(allowed)}", value)
        else:
            self.state[name] = value

    def status(self, value: str | None) -> None:
        allowed = [s.value for s in EDITABLE_STATUSES]
        if self.current is not None and self.current["status"] == EventStatus.DELETED:
            allowed.append(EventStatus.DELETED.value)
        self.choice("status", value, allowed, "status")

    def date(self, value: str | None) -> None:
        if value is None:
            if self.current is None:
                self.error("date", 'give the date, e.g. "early May 2024"')
            return
        current = self.current
        if current is not None and " ".join(value.split()) == date_text(
            date.fromisoformat(current["date_start"]),
            date.fromisoformat(current["date_end"]),
            current["precision"],
            current["edtf"],
        ):
            return  # the stored date, as the form showed it
        try:
            preview = read_date(value)
        except ValueError as exc:
            self.error("date", str(exc), value)
            return
        self.state.update(
            date_start=preview.start.isoformat(),
            date_end=preview.end.isoformat(),
            precision=preview.precision,
            edtf=preview.edtf,
        )

    def confidence(self, value: str | None) -> None:
        if value is None or value.strip() == "":
            return
        try:
            number = float(value)
        except ValueError:
            self.error("confidence", f"{value!r} is not a number; use 0 to 1, e.g. 0.8", value)
            return
        if not 0 <= number <= 1:
            self.error("confidence", "use a number from 0 to 1", value)
        else:
            self.state["confidence"] = number

    def fatalities(self, draft: EventDraft) -> None:
        for name in ("fatalities_best", "fatalities_low", "fatalities_high"):
            value: str | None = getattr(draft, name)
            if value is None:
                continue
            if value.strip() == "":
                self.state[name] = None
                continue
            try:
                number = int(value.strip().replace(",", ""))
            except ValueError:
                self.error(name, f"{value!r} is not a whole number", value)
                continue
            if not 0 <= number <= MAX_FATALITIES:
                self.error(name, f"use a number from 0 to {MAX_FATALITIES:,}", value)
            else:
                self.state[name] = number
        best, low, high = (self.state[f"fatalities_{k}"] for k in ("best", "low", "high"))
        if low is not None and high is not None and low > high:
            self.error("fatalities_low", "the lowest figure is above the highest")
        for bound, name in ((low, "fatalities_low"), (high, "fatalities_high")):
            if best is None or bound is None:
                continue
            if (name == "fatalities_low" and bound > best) or (
                name == "fatalities_high" and bound < best
            ):
                side = "above" if name == "fatalities_low" else "below"
                self.error(name, f"this figure is {side} the best estimate ({best})")

    def flags(self, value: Sequence[str] | None) -> None:
        if value is None:
            return
        unknown = [f for f in value if f not in KNOWN_FLAGS]
        if unknown:
            self.error("flags", f"unknown flag {unknown[0]!r}; use {', '.join(KNOWN_FLAGS)}")
        else:
            self.state["flags"] = sorted(set(value))

    def tags(self, value: Sequence[str] | None) -> None:
        if value is None:
            return
        tags = set()
        for raw in value:
            tag = "-".join(raw.lower().split())
            if not tag:
                continue
            if len(tag) > MAX_TAG or not _TAG.fullmatch(tag):
                self.error(
                    "tags",
                    f"{raw!r} is not a tag: use letters, digits, '-', '.' and '_', "
                    f"at most {MAX_TAG} characters",
                    raw,
                )
            else:
                tags.add(tag)
        self.state["tags"] = sorted(tags)

    # -- links ---------------------------------------------------------------------------

    def _role(self, name: str, role: str, default: Role) -> str | None:
        chosen = role or default.value
        if chosen not in set(Role):
            self.error(name, f"unknown role {role!r}; use one of: {', '.join(Role)}", role)
            return None
        return chosen

    def actors(self, rows: Sequence[LinkDraft] | None) -> None:
        if rows is None:
            return
        index = actor_index(self.session)
        keys: set[str] = set()
        new: dict[str, NewActor] = {}
        for i, row in enumerate(rows):
            name = f"actors[{i}]"
            if not row.ref.strip():
                continue
            role = self._role(name, row.role, Role.PARTY)
            found = index.find(row.ref)
            slug = None
            if len(found) > 1:
                self.error(name, _ambiguous("actor", row.ref, [a.slug for a in found]), row.ref)
            elif found:
                slug = found[0].slug
            elif row.new_kind:
                if row.new_kind not in set(ActorKind):
                    self.error(name, f"unknown kind {row.new_kind!r}", row.new_kind)
                elif fold(row.ref) in new:
                    slug = new[fold(row.ref)].slug
                else:
                    label = " ".join(row.ref.split())[:200]
                    taken = {a.slug for a in new.values()}
                    slug = free_slug(self.session, Actor, label, taken)
                    new[fold(row.ref)] = NewActor(slug, label, row.new_kind)
            else:
                self.error(
                    name,
                    f"no actor is called {row.ref.strip()!r}: pick one from the suggestions, "
                    'or choose a kind under "new" to create it',
                    row.ref,
                )
            if slug and role:
                keys.add(link_key(slug, role))
        self.state["actors"] = sorted(keys)
        self.prepared.new_actors = list(new.values())

    def places(self, rows: Sequence[LinkDraft] | None) -> None:
        if rows is None:
            return
        index = place_index(self.session)
        keys: set[str] = set()
        new: dict[str, NewPlace] = {}
        for i, row in enumerate(rows):
            name = f"places[{i}]"
            if not row.ref.strip():
                continue
            role = self._role(name, row.role, Role.LOCATION)
            found = index.find(row.ref)
            slug = None
            if len(found) > 1:
                self.error(name, _ambiguous("place", row.ref, [p.slug for p in found]), row.ref)
            elif found:
                slug = found[0].slug
            elif row.create:
                if fold(row.ref) in new:
                    slug = new[fold(row.ref)].slug
                else:
                    label = " ".join(row.ref.split())[:200]
                    taken = {p.slug for p in new.values()}
                    slug = free_slug(self.session, Place, label, taken)
                    new[fold(row.ref)] = NewPlace(slug, label)
            else:
                self.error(
                    name,
                    f"no place is called {row.ref.strip()!r}: pick one from the suggestions, "
                    'or tick "new" to create it',
                    row.ref,
                )
            if slug and role:
                keys.add(link_key(slug, role))
        self.state["places"] = sorted(keys)
        self.prepared.new_places = list(new.values())

    def countries(self, rows: Sequence[LinkDraft] | None) -> None:
        if rows is None:
            return
        index = country_index(self.session)
        keys: set[str] = set()
        new: dict[str, NewCountry] = {}
        for i, row in enumerate(rows):
            name = f"countries[{i}]"
            if not row.ref.strip():
                continue
            role = self._role(name, row.role, Role.LOCATION)
            found = find_country(index, row.ref)
            code = None
            if len(found) > 1:
                self.error(name, _ambiguous("country", row.ref, [c.code for c in found]), row.ref)
            elif found:
                code = found[0].code
            else:
                label, typed_code = split_country(row.ref)
                if row.create and typed_code and label:
                    code = typed_code
                    new[code] = NewCountry(code, label[:120])
                else:
                    self.error(
                        name,
                        f"no country is called {row.ref.strip()!r}: pick one from the "
                        "suggestions, or type a new one with its ISO code, e.g. "
                        '"Western Sahara (ESH)", and tick "new"',
                        row.ref,
                    )
            if code and role:
                keys.add(link_key(code, role))
        self.state["countries"] = sorted(keys)
        self.prepared.new_countries = list(new.values())

    def relations(self, rows: Sequence[RelationDraft] | None) -> None:
        if rows is None:
            return
        keys: set[str] = set()
        for i, row in enumerate(rows):
            name = f"relations[{i}]"
            if not row.event.strip():
                continue
            if row.kind not in set(RelationKind):
                allowed = ", ".join(RelationKind)
                self.error(name, f"unknown relation {row.kind!r}; use one of: {allowed}")
                continue
            other = event_by_slug(self.session, row.event)
            if other is None:
                self.error(name, f"no event has the id {row.event.strip()!r}", row.event)
            elif other.slug == self.slug:
                self.error(name, "an event cannot be related to itself", row.event)
            else:
                keys.add(link_key(row.kind, other.slug))
        self.state["relations"] = sorted(keys)

    def citations(self, rows: Sequence[CitationDraft] | None) -> None:
        if rows is None:
            return
        keys: set[str] = set()
        for i, row in enumerate(rows):
            name = f"citations[{i}]"
            if not row.document.strip() and not row.quote.strip():
                continue
            document = document_by_slug(self.session, row.document) if row.document else None
            if document is None:
                self.error(name, "choose the document the quote comes from", row.document)
                continue
            if not row.quote.strip():
                self.error(name, f"paste the words of {document.title!r} that report the event")
                continue
            span = find_quote(document.text, row.quote, row.start)
            if span is None:
                found = longest_found_prefix(document.text, row.quote)
                where = (
                    f"its first words are there, up to {found[-60:]!r}; check what follows"
                    if found
                    else "not even its first word is there"
                )
                self.error(
                    name, f"this quote is not in {document.title!r}: {where}", row.quote[:200]
                )
                continue
            assert document.id is not None
            keys.add(citation_key(document.slug, *span))
        self.state["citations"] = sorted(keys)


def _ambiguous(noun: str, typed: str, slugs: list[str]) -> str:
    return (
        f"{typed.strip()!r} names more than one {noun} ({', '.join(sorted(slugs))}); "
        "type the one you mean"
    )


def prepare(
    session: Session, draft: EventDraft, *, current: State | None, slug: str | None = None
) -> Prepared:
    """The state `draft` gives an event now in state `current` (None: a new event), with the
    references to create. Raises InvalidParameters listing every problem."""
    check = _Checker(session, current, slug)
    check.title(draft.title)
    check.summary(draft.summary)
    check.choice("type", draft.type, [t.value for t in EventType], "event type")
    check.date(draft.date)
    check.status(draft.status)
    check.choice("occurrence", draft.occurrence, [o.value for o in Occurrence], "occurrence")
    check.confidence(draft.confidence)
    check.fatalities(draft)
    check.flags(draft.flags)
    check.tags(draft.tags)
    check.actors(draft.actors)
    check.places(draft.places)
    check.countries(draft.countries)
    check.relations(draft.relations)
    check.citations(draft.citations)
    if check.errors:
        raise InvalidParameters(check.errors)
    return check.prepared
