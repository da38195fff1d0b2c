"""Named exceptions shared by the app and the scripts, and the one builder of error bodies.

Each exception carries the HTTP status it maps to, so one handler (app.api.problems) can turn any
of them into a response, and a message written for the person who has to act on it (what is
wrong, and what to do). `problem_body` builds every JSON error the API sends, in the shape of
RFC 9457 (application/problem+json), listing every bad parameter rather than the first one.
"""

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any


class SahelError(Exception):
    """Base class: a problem the user can act on, never a bug."""

    status_code = 500
    # Extra response headers (WWW-Authenticate, Retry-After), when the status needs them.
    headers: dict[str, str] = {}

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseSetupError(SahelError):
    """The database cannot be used as configured: bad URL, unreachable, not SQLite, wrong schema."""

    status_code = 503


class ConfigurationError(SahelError):
    """A setting is missing or unusable (e.g. no SAHEL_SECRET_KEY outside development)."""

    status_code = 500


class NotFound(SahelError):
    status_code = 404


class BadRequest(SahelError):
    status_code = 400


class Forbidden(SahelError):
    """The request needs rights it does not have: an editor's (unpublished events, the admin) or
    an administrator's (accounts and API tokens), or its form did not pass the CSRF check."""

    status_code = 403


class Unauthorized(SahelError):
    """Nobody is signed in, or the API token is missing, unknown or revoked."""

    status_code = 401
    headers = {"WWW-Authenticate": 'Bearer realm="sahel-chronicle"'}


class LoginRequired(Unauthorized):
    """An admin page was asked for without a session: pages answer with the sign-in form."""


class Conflict(SahelError):
    """The request cannot be done in the current state (a name already taken, a merge into
    itself)."""

    status_code = 409


class EditConflict(Conflict):
    """An event changed since the editor (or script) read it: saving would overwrite that."""

    def __init__(self, slug: str, expected: int, current: int) -> None:
        super().__init__(
            f"event {slug!r} was changed by someone else while you edited it: you started from "
            f"version {expected}, it is now at version {current}"
        )
        self.slug = slug
        self.expected = expected
        self.current = current


class PreconditionFailed(SahelError):
    """If-Match named another version than the stored one: someone changed it meanwhile."""

    status_code = 412


class PreconditionRequired(SahelError):
    """A change was sent without If-Match, so it could overwrite someone else's change."""

    status_code = 428


class TooManyRequests(SahelError):
    """Too many failed sign-ins: wait before trying again."""

    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}


@dataclass(frozen=True)
class ParameterError:
    """One bad parameter: its name, where it was sent, the value and what is wrong with it."""

    name: str
    message: str
    value: Any = None
    location: str = "query"


class InvalidParameters(BadRequest):
    """One or more parameters cannot be used; `errors` lists each with its own message."""

    def __init__(self, errors: list[ParameterError]) -> None:
        super().__init__("; ".join(f"{e.name}: {e.message}" for e in errors))
        self.errors = errors


def problem_body(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    errors: list[ParameterError] | None = None,
) -> dict[str, Any]:
    """The JSON body of an error response (RFC 9457 problem details).

    `errors`, when given, lists every bad parameter as {parameter, in, message, value}.
    """
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    if errors:
        body["errors"] = [
            {"parameter": e.name, "in": e.location, "message": e.message, "value": e.value}
            for e in errors
        ]
    return body
