"""Rendering a page: its template with its context dataclass, and the Link to its JSON twin.

Each template has one context dataclass (`PAGES`); `render` refuses any other, passes the
dataclass's fields as the template's variables, and names the page's JSON twin in a `Link`
header (rel="alternate"), as Datasette does, so a client that finds a page finds its data.
"""

from dataclasses import fields
from typing import Any

from fastapi import Request
from starlette.responses import Response

from app.templating import templates
from app.web import contexts
from app.web.palette import SHAPE_BOX, SHAPES, TYPE_STYLES, UNKNOWN_STYLE

PAGES: dict[str, type[Any]] = {
    "web/timeline.html": contexts.TimelinePage,
    "web/event.html": contexts.EventPage,
    "web/document.html": contexts.DocumentPage,
    "web/entity.html": contexts.EntityPage,
    "web/index.html": contexts.IndexPage,
    "web/map.html": contexts.MapPage,
    "web/error.html": contexts.ErrorPage,
}

templates.env.globals.update(
    TYPE_STYLES=[*TYPE_STYLES.values(), UNKNOWN_STYLE], SHAPES=SHAPES, SHAPE_BOX=SHAPE_BOX
)


def render(
    request: Request,
    template: str,
    page: Any,
    *,
    alternate: str | None = None,
    alternate_type: str = "application/json",
    status: int = 200,
) -> Response:
    """The HTML response of `template` showing `page` (an instance of its PAGES dataclass)."""
    expected = PAGES[template]
    if not isinstance(page, expected):
        raise TypeError(f"{template} shows a {expected.__name__}, not {type(page).__name__}")
    context = {f.name: getattr(page, f.name) for f in fields(page)}
    headers = {}
    if alternate is not None:
        headers["Link"] = f'<{alternate}>; rel="alternate"; type="{alternate_type}"'
    return templates.TemplateResponse(
        request, template, context, status_code=status, headers=headers
    )
