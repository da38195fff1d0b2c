"""How stored values read on the admin's pages: the field-level diffs of the history, the two
versions of a conflict. Views decide what to show; templates only print these strings.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.editing.state import LISTS, parse_citation_key, parse_link_key
from app.models import Actor, Country, Document, Event, Place
from app.schemas.events import date_label

LABELS = {
    "title": "Title",
    "summary": "Summary",
    "type": "Type",
    "date": "Date",
    "date_start": "First day",
    "date_end": "Last day",
    "precision": "Precision",
    "edtf": "EDTF",
    "status": "Status",
    "occurrence": "Occurrence",
    "confidence": "Confidence",
    "fatalities": "Fatalities",
    "fatalities_best": "Fatalities (best)",
    "fatalities_low": "Fatalities (low)",
    "fatalities_high": "Fatalities (high)",
    "flags": "Flags",
    "tags": "Tags",
    "actors": "Actors",
    "places": "Places",
    "countries": "Countries",
    "relations": "Related events",
    "citations": "Citations",
    "merged_from": "Merged from",
    "merged_into": "Merged into",
    "reverted_to": "Reverted to version",
}
QUOTE_CHARS = 90


class Describer:
    """Turns state values into words, looking names and quotes up once per page."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._names: dict[tuple[str, str], str] = {}
        self._texts: dict[str, tuple[str, str]] = {}

    def prefetch(self, values: Iterable[tuple[str, Any]]) -> None:
        """Load the names and documents that (field, value) pairs will need, in few queries."""
        wanted: dict[str, set[str]] = {k: set() for k in LISTS}
        for name, value in values:
            if name in wanted and isinstance(value, list):
                wanted[name].update(str(v) for v in value)
        actors = {parse_link_key(k)[0] for k in wanted["actors"]}
        places = {parse_link_key(k)[0] for k in wanted["places"]}
        countries = {parse_link_key(k)[0] for k in wanted["countries"]}
        events = {parse_link_key(k)[1] for k in wanted["relations"]}
        documents = {parse_citation_key(k)[0] for k in wanted["citations"]}
        for slug, name in self.session.exec(
            select(Actor.slug, Actor.name).where(col(Actor.slug).in_(actors))
        ):
            self._names[("actors", slug)] = name
        for slug, name in self.session.exec(
            select(Place.slug, Place.name).where(col(Place.slug).in_(places))
        ):
            self._names[("places", slug)] = name
        for code, name in self.session.exec(
            select(Country.code, Country.name).where(col(Country.code).in_(countries))
        ):
            self._names[("countries", code)] = name
        for slug, title in self.session.exec(
            select(Event.slug, Event.title).where(col(Event.slug).in_(events))
        ):
            self._names[("relations", slug)] = title
        for slug, title, text in self.session.exec(
            select(Document.slug, Document.title, Document.text).where(
                col(Document.slug).in_(documents)
            )
        ):
            self._texts[slug] = (title, text)

    def item(self, name: str, key: str) -> str:
        """One element of a list field."""
        if name in ("actors", "places", "countries"):
            slug, role = parse_link_key(key)
            return f"{self._names.get((name, slug), slug)} ({role})"
        if name == "relations":
            kind, slug = parse_link_key(key)
            return f"{kind.replace('_', ' ')}: {self._names.get((name, slug), slug)}"
        if name == "citations":
            slug, start, end = parse_citation_key(key)
            title, text = self._texts.get(slug, (slug, ""))
            quote = " ".join(text[start:end].split())
            if len(quote) > QUOTE_CHARS:
                quote = quote[: QUOTE_CHARS - 1] + "…"
            return f"“{quote}” ({title}, characters {start}–{end})"
        return str(key)

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if name in LISTS:
            return "; ".join(self.item(name, str(v)) for v in value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def group(self, group: str, state: dict[str, Any] | None) -> str:
        """A group of fields of a state, as one line (conflicts)."""
        if state is None:
            return "—"
        if group == "date":
            return (
                date_label(
                    date.fromisoformat(state["date_start"]),
                    date.fromisoformat(state["date_end"]),
                    state["precision"],
                    state["edtf"],
                )
                + f" ({state['edtf']})"
            )
        if group == "fatalities":
            best, low, high = (state[f"fatalities_{k}"] for k in ("best", "low", "high"))
            if best is None and low is None and high is None:
                return "—"
            spread = f" ({low}–{high})" if low is not None or high is not None else ""
            return f"{best if best is not None else '?'}{spread}"
        return self.value(group, state.get(group))
