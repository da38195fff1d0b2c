"""Every API error as application/problem+json, built by app.errors.problem_body.

Handlers for our named errors (SahelError and its kinds), for parameter validation (FastAPI's
RequestValidationError, reported as 400 with one message per bad parameter, not FastAPI's 422),
for Starlette's HTTP errors (unknown route, wrong method) and, last, for bugs (a bare 500 that
hides the details). `PROBLEMS` documents the error responses of a route in the OpenAPI schema.
"""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.db import DatabaseBusy, is_lock_timeout
from app.errors import ParameterError, SahelError, problem_body
from app.schemas.problems import Problem

MEDIA_TYPE = "application/problem+json"


def problem_response(
    request: Request,
    status: int,
    detail: str,
    errors: list[ParameterError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    instance = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = problem_body(status, detail, instance=instance, errors=errors)
    return JSONResponse(
        body, status_code=status, media_type=MEDIA_TYPE, headers=dict(headers or {})
    )


def _shown(value: Any) -> Any:
    """A received value as JSON can carry it (strings and lists of strings, as sent)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_shown(v) for v in value]
    return str(value)


_NOUNS = {"type": "event type", "sort": "sort order", "facets": "facet"}


def _message(error: dict[str, Any], name: str) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"unknown {_NOUNS.get(name, name)} {value!r}; use one of: {expected}"
    if kind in ("too_long", "string_too_long") and isinstance(value, str):
        return f"{len(value)} characters is over the maximum, {ctx['max_length']} characters"
    if kind == "too_long" and isinstance(value, list):
        return f"{len(value)} values is over the maximum, {ctx['max_length']} per request"
    if kind == "less_than_equal":
        return f"{value} is over the maximum, {ctx['le']}"
    if kind == "greater_than_equal":
        return f"{value} is below the minimum, {ctx['ge']}"
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"{value!r} is not a whole number"
    if kind.startswith("datetime") or kind.startswith("date_"):
        return f"{value!r} is not a timestamp: use ISO 8601, e.g. 2024-06-01T00:00:00Z"
    if kind == "string_pattern_mismatch" and name == "country":
        return f"{value!r} is not an ISO 3166-1 alpha-3 code (three letters, e.g. MLI)"
    if kind == "extra_forbidden":
        return f"unknown parameter {name!r}; see /docs for the parameters of this endpoint"
    if kind == "missing":
        return "this parameter is required"
    message = str(error.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")


def parameter_error(error: dict[str, Any], name: str, location: str = "query") -> ParameterError:
    """One validation error of parameter `name`, worded as the API words it (the web pages
    validate the same parameters and show the same messages)."""
    return ParameterError(name, _message(error, name), _shown(error.get("input")), location)


def _parameter_errors(exc: RequestValidationError) -> list[ParameterError]:
    errors = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        location = loc[0] if loc else "query"
        name = loc[1] if len(loc) > 1 else location
        errors.append(parameter_error(error, name, location))
    return errors


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _parameter_errors(exc)
    detail = "; ".join(f"{e.name}: {e.message}" for e in errors)
    return problem_response(request, 400, detail, errors)


async def _on_sahel_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SahelError)
    return problem_response(
        request, exc.status_code, exc.message, getattr(exc, "errors", None), exc.headers
    )


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if exc.status_code != 404 else f"no such resource: {request.url.path}"
    return problem_response(request, exc.status_code, str(detail), headers=exc.headers)


async def _on_bug(request: Request, exc: Exception) -> JSONResponse:
    if is_lock_timeout(exc):
        # A write outside app.editing's retried transactions met SQLite's write lock past the
        # busy timeout: it was rolled back, so this is the same answer as DatabaseBusy's.
        busy = DatabaseBusy()
        return problem_response(request, busy.status_code, busy.message, headers=busy.headers)
    return problem_response(request, 500, "an unexpected error occurred; it has been logged")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(SahelError, _on_sahel_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_bug)


_DESCRIPTIONS = {
    400: "A parameter is wrong: each one is listed in `errors` with its own message.",
    401: "No API token was sent, or it is unknown or revoked (`Authorization: Bearer …`).",
    403: "Unpublished events are for signed-in editors only.",
    404: "There is nothing with this id.",
    412: "If-Match names another version: the event changed since it was read.",
    428: "If-Match is required: send the version you read, so no change is overwritten.",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: the error statuses it may answer, as problem+json."""
    return {code: {"model": Problem, "description": _DESCRIPTIONS[code]} for code in codes}
