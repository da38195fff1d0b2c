"""Errors on pages are pages: a 404, a 405 or a bug on a web page answers with web/error.html.

The API's handlers (app.api.problems) answer application/problem+json; `install_page_errors`
wraps each of them so that a request for a page (not under /api, /static, /admin or the API's
docs) gets the same status as an HTML page instead. Bad query parameters never reach here: the
pages show them themselves (app.web.params).
"""

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.errors import SahelError
from app.web.contexts import ErrorPage
from app.web.rendering import render

NOT_PAGES = ("/api/", "/api", "/static/", "/admin", "/docs", "/redoc", "/openapi.json")
Handler = Callable[[Request, Exception], Awaitable[Response]]
ApiHandler = Callable[[Request, Any], Response | Awaitable[Response]]


def is_page(request: Request) -> bool:
    path = request.url.path
    return not any(path == p or path.startswith(p.rstrip("/") + "/") for p in NOT_PAGES)


_TITLES = {
    400: "This request cannot be read",
    403: "Not allowed",
    404: "Page not found",
    405: "Method not allowed",
    500: "Something went wrong",
}


def error_page(request: Request, status: int, message: str) -> Response:
    page = ErrorPage(
        title=_TITLES.get(status, "Error"),
        status=status,
        message=message,
        details=[],
    )
    return render(request, "web/error.html", page, status=status)


def _status_and_message(request: Request, exc: Exception) -> tuple[int, str]:
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 404:
            return 404, f"There is no page at {request.url.path}."
        return exc.status_code, str(exc.detail)
    if isinstance(exc, SahelError):
        return exc.status_code, exc.message
    if isinstance(exc, RequestValidationError):
        return 400, "Some parameters of this address cannot be read."
    return 500, "An unexpected error occurred; it has been logged."


def _wrap(api_handler: ApiHandler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            answer = api_handler(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        status, message = _status_and_message(request, exc)
        return error_page(request, status, message)

    return handle


def install_page_errors(app: FastAPI) -> None:
    """Make the app's error handlers answer pages with HTML; install after the API's."""
    for kind in (StarletteHTTPException, SahelError, RequestValidationError, Exception):
        api_handler = app.exception_handlers.get(kind)
        if api_handler is not None:
            app.add_exception_handler(kind, _wrap(api_handler))
