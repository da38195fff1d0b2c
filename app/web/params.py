"""Query parameters of the pages: the API's own models and messages, read leniently.

Pages take the parameters the API takes, with the same names, checked by the same models
(app.api.params) and worded by the same function (app.api.problems.parameter_error). Unlike the
API, a page does not refuse a request for a bad parameter: it leaves that parameter (or that one
value of a list) out, applies the rest, and shows what it left out and why, with status 400.
Blank values, which a submitted form sends for its empty fields, count as absent.
"""

from dataclasses import dataclass, replace
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.api.deps import PUBLIC, visible_statuses
from app.api.params import MAX_LIMIT, EventFilterParams, PageParams
from app.api.problems import parameter_error
from app.errors import Forbidden, ParameterError
from app.queries.filters import EventFilter
from app.queries.references import unknown_references
from app.queries.stats import Split

M = TypeVar("M", bound=BaseModel)

# The filter parameters, as the API names them (the download links repeat exactly these).
FILTER_NAMES: tuple[str, ...] = tuple(EventFilterParams.model_fields)
CHRONOLOGY_LIMIT = 100


class TimelinePageParams(EventFilterParams):
    """A page with a timeline and a chronology: the API's filters, then how to draw them."""

    lanes: Split | None = Field(
        default=None,
        description="One lane per `country` or per `type` (each page has its own default).",
    )
    sort: Literal["date", "-date"] = Field(
        default="date", description="`date` (earliest first) or `-date` (latest first)."
    )
    limit: int = Field(default=CHRONOLOGY_LIMIT, ge=1, le=500, description="Events per page.")
    cursor: str | None = Field(default=None, max_length=2000)


class IndexPageParams(PageParams):
    """An index page (actors, places...): as the API's pages, with a longer default page."""

    limit: int = Field(default=500, ge=1, le=MAX_LIMIT, description="Rows per page.")


@dataclass(frozen=True)
class Parsed(Generic[M]):
    params: M
    errors: list[ParameterError]


def _is_list(model: type[BaseModel], name: str) -> bool:
    field = model.model_fields.get(name)
    if field is None:
        return False
    annotation = field.annotation
    return get_origin(annotation) is list or any(
        get_origin(arg) is list for arg in get_args(annotation)
    )


def _received(query: QueryParams, model: type[BaseModel]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in dict.fromkeys(query.keys()):
        values = [v for v in query.getlist(name) if v.strip()]
        if not values:
            continue
        if _is_list(model, name):
            # Split here as the model would, so an error's index points at the value to drop.
            data[name] = [p.strip() for v in values for p in v.split(",") if p.strip()]
        else:
            data[name] = values[-1]
    return data


def parse_query(query: QueryParams, model: type[M]) -> Parsed[M]:
    """The model of `query`, without the parameters (or list values) it refuses, and one
    error per refusal, worded as the API words it."""
    data = _received(query, model)
    errors: list[ParameterError] = []
    while True:
        try:
            return Parsed(model.model_validate(data), errors)
        except ValidationError as exc:
            dropped: dict[str, set[int]] = {}
            for error in exc.errors():
                loc = error.get("loc", ())
                name = str(loc[0]) if loc else "query"
                errors.append(parameter_error(dict(error), name))
                index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
                dropped.setdefault(name, set())
                if index is not None and isinstance(data.get(name), list):
                    dropped[name].add(index)
                else:
                    dropped[name].add(-1)
            if not any(name in data for name in dropped):
                return Parsed(model.model_validate({}), errors)
            for name, indexes in dropped.items():
                if -1 in indexes or not isinstance(data.get(name), list):
                    data.pop(name, None)
                    continue
                kept = [v for i, v in enumerate(data[name]) if i not in indexes]
                if kept:
                    data[name] = kept
                else:
                    data.pop(name)


_LISTS = {
    "country": "countries",
    "actor": "actors",
    "place": "places",
    "document": "documents",
    "period": "periods",
}


@dataclass(frozen=True)
class PageFilter:
    """The filter a page applies, and the values it refused (left out of the filter)."""

    filter: EventFilter
    errors: list[ParameterError]

    def refused(self, name: str) -> set[str]:
        return {str(e.value) for e in self.errors if e.name == name}


def page_filter(session: Session, params: EventFilterParams, editor: str | None) -> PageFilter:
    """The EventFilter of a page's parameters, as app.api.deps.event_filter builds it, except
    that unpublished statuses (for non-editors) and unknown countries, actors, places, documents
    and periods are left out, each with its message, instead of refused."""
    errors: list[ParameterError] = []
    try:
        statuses = visible_statuses(params.status, editor)
    except Forbidden as exc:
        statuses = PUBLIC
        errors += [ParameterError("status", exc.message, str(s)) for s in params.status]
    f = params.to_filter(statuses)
    unknown = unknown_references(session, f)
    if unknown:
        changes: dict[str, Any] = {}
        for parameter, attribute in _LISTS.items():
            bad = {e.value for e in unknown if e.name == parameter}
            if bad:
                changes[attribute] = tuple(v for v in getattr(f, attribute) if v not in bad)
        f = replace(f, **changes)
        errors += unknown
    return PageFilter(f, errors)
