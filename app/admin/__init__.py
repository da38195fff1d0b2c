"""The editors' admin under /admin: server-rendered forms on the public pages' layout.

One module per area: `login` (sign in and out), `home` (counts), `events` (the event form, delete,
restore, conflicts), `history` (revisions and revert), `review` (the queue of candidates),
`documents` (upload and ingestion progress), `references` (actors, places, periods), `suggest`
(JSON for the pickers), and for administrators `users` and `tokens`. Routes stay thin: they turn
forms into drafts for app.editing, the one write path, and its errors into pages. Every router
depends on a signed-in editor or administrator and on the CSRF check (app.admin.deps).
"""

from fastapi import FastAPI

from app.admin import (
    documents,
    events,
    history,
    home,
    login,
    references,
    review,
    suggest,
    tokens,
    users,
)
from app.admin.errors import install_admin_error_pages
from app.config import Settings
from app.sessions import SessionCodec
from app.uploads import RunProgress


def install_admin(app: FastAPI, settings: Settings) -> None:
    """Sessions (also read by the API, for editors), the admin's routes and its error pages.
    Call after the API's error handlers: the admin's wrap them."""
    app.state.session_codec = SessionCodec(settings.signing_key(), settings.session_max_age_seconds)
    app.state.ingestion_progress = RunProgress()
    for module in (login, home, events, history, review, documents, suggest, users, tokens):
        app.include_router(module.router)
    for router in references.routers:
        app.include_router(router)
    install_admin_error_pages(app)
