"""What an editor or a script sends to change an event, as typed, before any check.

The admin's forms (app.admin.event_forms) and the write API (app.api.event_writes) both build an
`EventDraft` and hand it to app.editing.events, so both get the same validation. A field left
`None` was not sent: an update keeps its value (the API's PATCH); a list that is sent replaces
the whole list.
"""

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LinkDraft:
    """An actor, place or country row: what was typed, its role, and whether to create it.

    `new_kind` (actors) is the kind to create an unknown actor with; `create` (places, countries)
    allows a new place, or a new country typed as "Name (ABC)". Without them, an unknown name is
    an error, so a typo never makes a duplicate.
    """

    ref: str
    role: str
    new_kind: str = ""
    create: bool = False


@dataclass(frozen=True)
class RelationDraft:
    kind: str
    event: str  # the other event's slug


@dataclass(frozen=True)
class CitationDraft:
    """A quote pasted from a document. `start` is where it was (kept when the quote is still
    there), so an edit does not move a citation to an earlier occurrence of the same words."""

    document: str  # the document's slug
    quote: str
    start: int | None = None


@dataclass(frozen=True)
class EventDraft:
    title: str | None = None
    summary: str | None = None
    type: str | None = None
    date: str | None = None  # as typed: "early May 2024", "2021–2022", "2024-05-04"
    status: str | None = None
    occurrence: str | None = None
    confidence: str | None = None
    fatalities_best: str | None = None
    fatalities_low: str | None = None
    fatalities_high: str | None = None
    flags: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    actors: tuple[LinkDraft, ...] | None = None
    places: tuple[LinkDraft, ...] | None = None
    countries: tuple[LinkDraft, ...] | None = None
    relations: tuple[RelationDraft, ...] | None = None
    citations: tuple[CitationDraft, ...] | None = None

    def sent(self) -> set[str]:
        """The names of the fields that were sent."""
        return {f.name for f in fields(self) if getattr(self, f.name) is not None}
