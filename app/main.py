"""The application factory: one engine from settings, routers, error handlers. Nothing else."""

from fastapi import FastAPI

from app.api import events as events_api
from app.config import Settings, get_settings
from app.db import make_engine
from app.migrations import require_current_schema


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
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.include_router(events_api.router, prefix="/api/v1")
    return app
