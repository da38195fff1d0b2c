"""The application factory: one engine from settings, routers, middleware, error handlers."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from app.admin import install_admin
from app.api import (
    actors,
    changes,
    countries,
    documents,
    event_writes,
    events,
    periods,
    places,
    stats,
    types,
)
from app.api.caching import ConditionalGetMiddleware
from app.api.openapi import install_openapi
from app.api.problems import install_problem_handlers
from app.config import Settings, get_settings
from app.db import make_engine
from app.migrations import require_current_schema
from app.security import SecurityMiddleware
from app.templating import STATIC_DIR
from app.web.pages import install_pages

VERSION = "0.1.0"
API_PREFIX = "/api/v1"
ROUTERS = (events, documents, actors, places, countries, types, periods, changes, stats)
API_DESCRIPTION = """
Dated, cited events of the Mali–Mauritania–Sahel crisis, 2012–2024, for researchers.

Every event has a date as precise as its sources allow (day bounds, a precision, an EDTF string
and a readable label), its actors, places and countries, and the exact quotes it was taken from.
Lists page through an opaque `cursor` (follow `next`); `/api/v1/events` also exports any filtered
query as CSV, NDJSON, GeoJSON, TimelineJS or iCalendar. Errors are `application/problem+json`
listing every bad parameter. Responses carry ETag and Last-Modified: send them back to get an
empty 304 when nothing changed.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (default: from the environment).

    Raises DatabaseSetupError when the database is unreachable or its schema is not current,
    so a server never starts on a database it would misread.
    """
    settings = settings or get_settings()
    engine = make_engine(settings)
    require_current_schema(engine)
    app = FastAPI(
        title="Sahel Chronicle",
        summary="Dated, cited events of the Mali–Mauritania–Sahel crisis, 2012–2024.",
        description=API_DESCRIPTION,
        version=VERSION,
    )
    app.state.settings = settings
    app.state.engine = engine
    for module in ROUTERS:
        app.include_router(module.router, prefix=API_PREFIX)
    # Writes (bearer tokens), apart from ROUTERS: those are the read API, every route a GET.
    app.include_router(event_writes.router, prefix=API_PREFIX)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_problem_handlers(app)
    install_admin(app, settings)
    # The analysts' pages (app/web), at the root; they wrap the error handlers too.
    install_pages(app)
    install_openapi(app)
    # The last added runs first: compress, then CORS, then answer 304s before any route runs.
    app.add_middleware(ConditionalGetMiddleware, engine=engine, code_version=VERSION)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET"],
        allow_headers=["*"],
        expose_headers=["ETag", "Last-Modified", "Content-Disposition"],
        max_age=86400,
    )
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    # Outermost: every response, errors and 304s included, carries the security headers.
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.max_body_bytes)
    return app
