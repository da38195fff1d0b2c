"""Mounting the analysts' pages on the app: their routers, their error pages, their cache."""

from fastapi import FastAPI

from app.web import documents, events, map, references, timeline
from app.web.cache import AggregateCache
from app.web.errors import install_page_errors

# At the root; none of their paths starts with /api, /static, /admin or /docs.
ROUTERS = (timeline, events, documents, references, map)


def install_pages(app: FastAPI) -> None:
    """Add the pages to `app`; call after the API's error handlers, which it wraps."""
    app.state.page_cache = AggregateCache()
    for module in ROUTERS:
        app.include_router(module.router)
    install_page_errors(app)
