"""Named exceptions shared by the app and the scripts.

Each carries the HTTP status it maps to, so one handler can turn any of them into a response,
and a message written for the person who has to act on it (what is wrong, and what to do).
"""


class SahelError(Exception):
    """Base class: a problem the user can act on, never a bug."""

    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseSetupError(SahelError):
    """The database cannot be used as configured: bad URL, unreachable, not SQLite, wrong schema."""

    status_code = 503


class NotFound(SahelError):
    status_code = 404


class BadRequest(SahelError):
    status_code = 400
