"""The event form: what its fields hold, built from a submitted form or a stored event, turned
into an EventDraft, and shown again with every error at its field and every value as typed.

Rows of actors, places, countries, relations and citations are parallel lists of fields
(`actor_ref`, `actor_role`, `actor_kind`...); a row's checkbox (`place_new`, `citation_remove`)
carries the row's index as its value, since unticked boxes are not sent. Errors named
`actors[2]` by the validation land on the third actor row.
"""

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from app.admin.deps import text, texts
from app.editing.dates import DatePreview, date_text, read_date
from app.editing.drafts import CitationDraft, EventDraft, LinkDraft, RelationDraft
from app.editing.lookup import actor_index, country_index, place_index
from app.editing.state import State, parse_citation_key, parse_link_key
from app.editing.validation import KNOWN_FLAGS
from app.errors import ParameterError
from app.models import Actor, Country, Document, Place
from app.models.taxonomy import ActorKind, EventStatus, EventType, Occurrence, RelationKind, Role

BLANK_ROWS = 2
_ROW_ERROR = re.compile(r"(?P<group>[a-z]+)\[(?P<index>\d+)\]")
# The groups of fields a conflict is resolved by, each with the form fields it covers.
GROUPS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "summary": ("summary",),
    "type": ("type",),
    "date": ("date",),
    "status": ("status",),
    "occurrence": ("occurrence",),
    "confidence": ("confidence",),
    "fatalities": ("fatalities_best", "fatalities_low", "fatalities_high"),
    "flags": ("flags",),
    "tags": ("tags",),
    "actors": ("actors",),
    "places": ("places",),
    "countries": ("countries",),
    "relations": ("relations",),
    "citations": ("citations",),
}
# The state fields each group stands for.
GROUP_FIELDS: dict[str, tuple[str, ...]] = {
    **{g: (g,) for g in GROUPS},
    "date": ("date_start", "date_end", "precision", "edtf"),
    "fatalities": ("fatalities_best", "fatalities_low", "fatalities_high"),
}


@dataclass
class LinkRow:
    ref: str = ""
    role: str = ""
    new_kind: str = ""
    create: bool = False
    error: str = ""


@dataclass
class RelationRow:
    kind: str = "follows"
    event: str = ""
    error: str = ""


@dataclass
class CitationRow:
    document: str = ""
    quote: str = ""
    start: str = ""
    remove: bool = False
    error: str = ""


@dataclass
class EventForm:
    title: str = ""
    summary: str = ""
    type: str = ""
    date: str = ""
    status: str = EventStatus.PUBLISHED.value
    occurrence: str = Occurrence.OCCURRED.value
    confidence: str = "1.0"
    fatalities_best: str = ""
    fatalities_low: str = ""
    fatalities_high: str = ""
    flags: list[str] = field(default_factory=list)
    tags: str = ""
    actors: list[LinkRow] = field(default_factory=list)
    places: list[LinkRow] = field(default_factory=list)
    countries: list[LinkRow] = field(default_factory=list)
    relations: list[RelationRow] = field(default_factory=list)
    citations: list[CitationRow] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    # -- from a request ------------------------------------------------------------------

    @classmethod
    def from_form(cls, form: FormData) -> "EventForm":
        def links(prefix: str) -> list[LinkRow]:
            refs, roles = texts(form, f"{prefix}_ref"), texts(form, f"{prefix}_role")
            kinds = texts(form, f"{prefix}_kind")
            new = set(texts(form, f"{prefix}_new"))
            return [
                LinkRow(
                    ref=ref,
                    role=roles[i] if i < len(roles) else "",
                    new_kind=kinds[i] if i < len(kinds) else "",
                    create=str(i) in new,
                )
                for i, ref in enumerate(refs)
            ]

        documents = texts(form, "citation_document")
        quotes, starts = texts(form, "citation_quote"), texts(form, "citation_start")
        removed = set(texts(form, "citation_remove"))
        kinds, others = texts(form, "relation_kind"), texts(form, "relation_event")
        return cls(
            title=text(form, "title"),
            summary=text(form, "summary"),
            type=text(form, "type"),
            date=text(form, "date"),
            status=text(form, "status"),
            occurrence=text(form, "occurrence"),
            confidence=text(form, "confidence"),
            fatalities_best=text(form, "fatalities_best"),
            fatalities_low=text(form, "fatalities_low"),
            fatalities_high=text(form, "fatalities_high"),
            flags=texts(form, "flags"),
            tags=text(form, "tags"),
            actors=links("actor"),
            places=links("place"),
            countries=links("country"),
            relations=[
                RelationRow(kind=kinds[i] if i < len(kinds) else "", event=other)
                for i, other in enumerate(others)
            ],
            citations=[
                CitationRow(
                    document=document,
                    quote=quotes[i] if i < len(quotes) else "",
                    start=starts[i] if i < len(starts) else "",
                    remove=str(i) in removed,
                )
                for i, document in enumerate(documents)
            ],
        )

    def draft(self) -> EventDraft:
        def links(rows: list[LinkRow]) -> tuple[LinkDraft, ...]:
            return tuple(LinkDraft(r.ref, r.role, r.new_kind, r.create) for r in rows)

        return EventDraft(
            title=self.title,
            summary=self.summary,
            type=self.type,
            date=self.date,
            status=self.status,
            occurrence=self.occurrence,
            confidence=self.confidence,
            fatalities_best=self.fatalities_best,
            fatalities_low=self.fatalities_low,
            fatalities_high=self.fatalities_high,
            flags=tuple(self.flags),
            tags=tuple(t for t in re.split(r"[,\n]", self.tags) if t.strip()),
            actors=links(self.actors),
            places=links(self.places),
            countries=links(self.countries),
            relations=tuple(RelationDraft(r.kind, r.event) for r in self.relations),
            citations=tuple(
                CitationDraft(r.document, r.quote, int(r.start) if r.start.isdigit() else None)
                for r in self.citations
                if not r.remove
            ),
        )

    # -- from the database ---------------------------------------------------------------

    @classmethod
    def from_state(cls, session: Session, state: State) -> "EventForm":
        """The form showing a stored state: names rather than slugs where they are unique."""
        actors, places, countries = (
            actor_index(session),
            place_index(session),
            country_index(session),
        )

        def shown(index_find: list[Actor] | list[Place], slug: str, name: str) -> str:
            return name if len(index_find) == 1 else slug

        def actor_rows() -> list[LinkRow]:
            rows = []
            for key in state["actors"]:
                slug, role = parse_link_key(key)
                actor = actors.by_slug.get(slug)
                label = shown(actors.find(actor.name), slug, actor.name) if actor else slug
                rows.append(LinkRow(label, role))
            return sorted(rows, key=lambda r: (r.ref.lower(), r.role))

        def place_rows() -> list[LinkRow]:
            rows = []
            for key in state["places"]:
                slug, role = parse_link_key(key)
                place = places.by_slug.get(slug)
                label = shown(places.find(place.name), slug, place.name) if place else slug
                rows.append(LinkRow(label, role))
            return sorted(rows, key=lambda r: (r.ref.lower(), r.role))

        def country_rows() -> list[LinkRow]:
            rows = []
            for key in state["countries"]:
                code, role = parse_link_key(key)
                country: Country | None = countries.by_slug.get(code)
                rows.append(LinkRow(f"{country.name} ({code})" if country else code, role))
            return sorted(rows, key=lambda r: (r.ref.lower(), r.role))

        citations = []
        spans = [parse_citation_key(k) for k in state["citations"]]
        texts_by_slug = _document_texts(session, {slug for slug, _, _ in spans})
        for slug, start, end in spans:
            quote = texts_by_slug.get(slug, "")[start:end]
            citations.append(CitationRow(slug, quote, str(start)))

        def shown_number(name: str) -> str:
            return "" if state[name] is None else str(state[name])

        return cls(
            title=state["title"],
            summary=state["summary"],
            type=state["type"],
            date=date_text(
                date.fromisoformat(state["date_start"]),
                date.fromisoformat(state["date_end"]),
                state["precision"],
                state["edtf"],
            ),
            status=state["status"],
            occurrence=state["occurrence"],
            confidence=f"{state['confidence']:g}",
            flags=list(state["flags"]),
            tags=", ".join(state["tags"]),
            actors=actor_rows(),
            places=place_rows(),
            countries=country_rows(),
            relations=[RelationRow(*parse_link_key(k)) for k in state["relations"]],
            citations=citations,
            fatalities_best=shown_number("fatalities_best"),
            fatalities_low=shown_number("fatalities_low"),
            fatalities_high=shown_number("fatalities_high"),
        )

    # -- showing it ----------------------------------------------------------------------

    def with_errors(self, errors: list[ParameterError]) -> "EventForm":
        """A copy with each error at its field or row (the first message of each)."""
        shown = replace(
            self,
            errors={},
            actors=[replace(r) for r in self.actors],
            places=[replace(r) for r in self.places],
            countries=[replace(r) for r in self.countries],
            relations=[replace(r) for r in self.relations],
            citations=[replace(r) for r in self.citations],
        )
        kept_citations = [r for r in shown.citations if not r.remove]
        for error in errors:
            match = _ROW_ERROR.fullmatch(error.name)
            if match:
                group, index = match["group"], int(match["index"])
                rows: list[LinkRow] | list[RelationRow] | list[CitationRow] = (
                    kept_citations if group == "citations" else getattr(shown, group)
                )
                if index < len(rows) and not rows[index].error:
                    rows[index].error = error.message
                shown.errors.setdefault(f"{group}-{index}", error.message)
            else:
                shown.errors.setdefault(error.name, error.message)
        return shown

    def for_display(self) -> "EventForm":
        """A copy with the empty rows dropped and a few blank ones added for new entries."""

        def keep(rows: list[LinkRow]) -> list[LinkRow]:
            kept = [r for r in rows if r.ref.strip() or r.error]
            return kept + [LinkRow() for _ in range(BLANK_ROWS)]

        return replace(
            self,
            actors=keep(self.actors),
            places=keep(self.places),
            countries=keep(self.countries),
            relations=[r for r in self.relations if r.event.strip() or r.error] + [RelationRow()],
            citations=[r for r in self.citations if r.document or r.quote.strip() or r.error]
            + [CitationRow()],
        )

    def take(self, other: "EventForm", group: str) -> None:
        """Replace this form's fields of `group` by those of `other` (a conflict resolved)."""
        for name in GROUPS[group]:
            setattr(self, name, getattr(other, name))

    def preview(self) -> DatePreview | None:
        try:
            return read_date(self.date)
        except ValueError:
            return None


def _document_texts(session: Session, slugs: set[str]) -> dict[str, str]:
    if not slugs:
        return {}
    return dict(
        session.exec(
            select(Document.slug, Document.text).where(col(Document.slug).in_(slugs))
        ).all()
    )


@dataclass(frozen=True)
class Choices:
    """The options of the form's selects."""

    types: list[tuple[str, str]]
    statuses: list[tuple[str, str]]
    occurrences: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    actor_kinds: list[tuple[str, str]]
    relation_kinds: list[tuple[str, str]]
    flags: tuple[str, ...]
    documents: list[tuple[str, str]]


def choices(session: Session, *, deleted: bool = False) -> Choices:
    statuses = [(s.value, s.value) for s in EventStatus if s != EventStatus.DELETED or deleted]
    documents = session.exec(select(Document.slug, Document.title).order_by(col(Document.title)))
    return Choices(
        types=[(t.value, t.value.replace("_", " ")) for t in EventType],
        statuses=statuses,
        occurrences=[(o.value, o.value) for o in Occurrence],
        roles=[(r.value, r.value) for r in Role],
        actor_kinds=[(k.value, k.value.replace("_", " ")) for k in ActorKind],
        relation_kinds=[(k.value, k.value.replace("_", " ")) for k in RelationKind],
        flags=KNOWN_FLAGS,
        documents=[(slug, title) for slug, title in documents],
    )


def form_field_names() -> set[str]:
    return {f.name for f in fields(EventForm)}
