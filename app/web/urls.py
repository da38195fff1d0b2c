"""Every link the pages draw: page and API URLs, and query strings that keep the filters.

`QueryState` is a page's effective query (what it was asked, minus what it refused) as ordered
pairs, so that a link can change one parameter and keep the others: a year to zoom to, a type to
add, a filter to remove. `PageUrls` builds root-relative URLs under the app's root path.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote, urlencode

from fastapi import Request
from pydantic import BaseModel

# Parameters that say where a list page starts: dropped whenever the query changes.
_PAGING = ("cursor",)


@dataclass(frozen=True)
class QueryState:
    """Query parameters as ordered (name, value) pairs; repeated names are alternatives."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, params: BaseModel, names: Iterable[str] | None = None) -> "QueryState":
        """The parameters of a validated model that differ from their defaults, in field order."""
        wanted = set(names) if names is not None else None
        pairs: list[tuple[str, str]] = []
        for name, value in params.model_dump(exclude_defaults=True).items():
            if wanted is not None and name not in wanted:
                continue
            values = value if isinstance(value, list) else [value]
            pairs += [(name, _text(v)) for v in values if v is not None]
        return cls(tuple(pairs))

    def get(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def first(self, name: str) -> str:
        found = self.get(name)
        return found[0] if found else ""

    def names(self) -> list[str]:
        return list(dict.fromkeys(k for k, _ in self.pairs))

    def only(self, names: Iterable[str]) -> "QueryState":
        keep = set(names)
        return QueryState(tuple((k, v) for k, v in self.pairs if k in keep))

    def set(self, **changes: str | Sequence[str] | None) -> "QueryState":
        """These parameters replaced (None or [] removes one); the page cursor is dropped."""
        dropped = set(changes) | set(_PAGING)
        pairs = [(k, v) for k, v in self.pairs if k not in dropped]
        for name, value in changes.items():
            if value is None:
                continue
            pairs += [(name, value)] if isinstance(value, str) else [(name, v) for v in value]
        return QueryState(tuple(pairs))

    def toggle(self, name: str, value: str) -> "QueryState":
        """`value` added to the alternatives of `name`, or removed if it is one already."""
        values = self.get(name)
        if value in values:
            return self.set(**{name: [v for v in values if v != value] or None})
        return self.set(**{name: [*values, value]})

    def without(self, name: str, value: str | None = None) -> "QueryState":
        if value is None:
            return self.set(**{name: None})
        return self.set(**{name: [v for v in self.get(name) if v != value] or None})

    def encode(self) -> str:
        return urlencode(self.pairs)

    def suffix(self) -> str:
        """`?query`, or nothing when there is no parameter."""
        text = self.encode()
        return f"?{text}" if text else ""


# The URL of the page being drawn, with another query.
PageHref = Callable[[QueryState], str]


def _text(value: object) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _segment(value: str) -> str:
    return quote(value, safe="")


class PageUrls:
    """Root-relative URLs of the pages and the API, under the app's root path."""

    def __init__(self, request: Request) -> None:
        self.root = str(request.scope.get("root_path", "")).rstrip("/")

    def path(self, path: str, query: QueryState | None = None) -> str:
        return f"{self.root}{path}{query.suffix() if query else ''}"

    def timeline(self, query: QueryState | None = None) -> str:
        return self.path("/", query)

    def map(self, query: QueryState | None = None) -> str:
        return self.path("/map", query)

    def event(self, slug: str) -> str:
        return self.path(f"/events/{_segment(slug)}")

    def document(self, slug: str, citation: int | None = None) -> str:
        anchor = f"#q-{citation}" if citation is not None else ""
        return self.path(f"/documents/{_segment(slug)}") + anchor

    def actor(self, slug: str) -> str:
        return self.path(f"/actors/{_segment(slug)}")

    def place(self, slug: str) -> str:
        return self.path(f"/places/{_segment(slug)}")

    def country(self, code: str) -> str:
        return self.path(f"/countries/{_segment(code)}")

    def period(self, slug: str) -> str:
        return self.path(f"/periods/{_segment(slug)}")

    def api(self, path: str, query: QueryState | None = None) -> str:
        return self.path(f"/api/v1/{path}", query)
