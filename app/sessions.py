"""The signed session cookie: who is signed in, since when, and the form token of the browser.

The cookie holds a small JSON payload signed with the app's secret (itsdangerous), never a
password or anything private: the user's id, the account's session epoch (raised on sign-out,
password or role change, so every copy of an older cookie stops working), the CSRF token of
app.csrf and the time it was issued. It is HttpOnly, SameSite=Lax, Secure when the request came
over HTTPS, and expires `session_max_age_seconds` after sign-in whatever the activity: a signature
older than that is refused here, whatever the browser kept.
"""

import secrets
from dataclasses import asdict, dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE_NAME = "sahel_session"
_SALT = "sahel-chronicle.session"
_STATE_KEY = "sahel_session"


@dataclass(frozen=True)
class SessionData:
    """What the cookie says. A visitor who has not signed in has a csrf token only."""

    csrf: str
    user_id: int | None = None
    epoch: int = 0

    @classmethod
    def anonymous(cls) -> "SessionData":
        return cls(csrf=secrets.token_urlsafe(32))

    @classmethod
    def signed_in(cls, user_id: int, epoch: int) -> "SessionData":
        # A new csrf token at sign-in: one planted before it (session fixation) is worthless.
        return cls(csrf=secrets.token_urlsafe(32), user_id=user_id, epoch=epoch)


class SessionCodec:
    """Signs and checks cookie values; `max_age` seconds after signing, a value is refused."""

    def __init__(self, secret: str, max_age: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT)
        self.max_age = max_age

    def dumps(self, data: SessionData) -> str:
        return self._serializer.dumps(asdict(data))

    def loads(self, value: str) -> SessionData | None:
        try:
            raw: Any = self._serializer.loads(value, max_age=self.max_age)
        except BadSignature:  # also SignatureExpired, its subclass
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("csrf"), str):
            return None
        user_id, epoch = raw.get("user_id"), raw.get("epoch", 0)
        if not (user_id is None or isinstance(user_id, int)) or not isinstance(epoch, int):
            return None
        return SessionData(csrf=raw["csrf"], user_id=user_id, epoch=epoch)


def _codec(request: Request) -> SessionCodec:
    codec: SessionCodec = request.app.state.session_codec
    return codec


def read_session(request: Request) -> SessionData | None:
    """The request's valid session, or None (no cookie, a bad signature, or expired)."""
    state = request.scope.setdefault("state", {})
    if _STATE_KEY not in state:
        raw = request.cookies.get(COOKIE_NAME)
        state[_STATE_KEY] = _codec(request).loads(raw) if raw else None
    session: SessionData | None = state[_STATE_KEY]
    return session


def ensure_session(request: Request) -> SessionData:
    """The request's session, or a new anonymous one that `save_session` will send."""
    session = read_session(request)
    if session is None:
        session = SessionData.anonymous()
        replace_session(request, session)
    return session


def replace_session(request: Request, session: SessionData | None) -> None:
    """Make `session` the request's session (None: sign out); `save_session` sends it."""
    state = request.scope.setdefault("state", {})
    state[_STATE_KEY] = session
    state["sahel_session_changed"] = True


def save_session(request: Request, response: Response) -> None:
    """Set (or delete) the cookie on `response` when the request changed its session."""
    state = request.scope.get("state", {})
    if not state.get("sahel_session_changed"):
        return
    session: SessionData | None = state.get(_STATE_KEY)
    secure = request.url.scheme == "https"
    if session is None:
        response.delete_cookie(COOKIE_NAME, path="/", secure=secure, httponly=True, samesite="lax")
        return
    codec = _codec(request)
    response.set_cookie(
        COOKIE_NAME,
        codec.dumps(session),
        max_age=codec.max_age,
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )
