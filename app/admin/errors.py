"""Errors under /admin as pages, not JSON: an anonymous visitor is sent to the sign-in form (and
back afterwards), anything else gets admin/error.html with the status and the message.

The handlers wrap those already installed (app.api.problems' problem+json), answering only for
/admin paths and passing every other request to them, so the API's errors do not change.
"""

import inspect
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.admin.pages import render
from app.api.problems import _parameter_errors
from app.errors import LoginRequired, SahelError

Handler = Callable[[Request, Exception], Awaitable[Response] | Response]
ADMIN_PREFIX = "/admin"


def _is_admin(request: Request) -> bool:
    path = request.url.path
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def _page(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = ADMIN_PREFIX
        return RedirectResponse(f"/admin/login?next={quote(target, safe='')}", status_code=303)
    if isinstance(exc, SahelError):
        status, messages = exc.status_code, [exc.message]
        headers = exc.headers
    elif isinstance(exc, RequestValidationError):
        status = 400
        messages = [f"{e.name}: {e.message}" for e in _parameter_errors(exc)]
        headers = {}
    elif isinstance(exc, StarletteHTTPException):
        status, headers = exc.status_code, dict(exc.headers or {})
        messages = ["There is no such page." if status == 404 else str(exc.detail)]
    else:
        status, messages, headers = 500, ["Something went wrong; it has been logged."], {}
    response = render(
        request,
        "admin/error.html",
        {"status": status, "messages": messages},
        status_code=status,
    )
    response.headers.update({k: v for k, v in headers.items() if k != "WWW-Authenticate"})
    return response


def install_admin_error_pages(app: FastAPI) -> None:
    for kind in (SahelError, RequestValidationError, StarletteHTTPException, Exception):
        fallback: Handler | None = app.exception_handlers.get(kind)

        async def handler(
            request: Request, exc: Exception, _fallback: Handler | None = fallback
        ) -> Response:
            if _is_admin(request) or _fallback is None:
                return await run_in_threadpool(_page, request, exc)
            answer = _fallback(request, exc)
            return await answer if inspect.isawaitable(answer) else answer

        app.add_exception_handler(kind, handler)
