"""Protection of the admin's forms against cross-site request forgery (CSRF).

A page on another site can make a signed-in editor's browser send a POST to the admin, cookies
and all; SameSite=Lax cookies stop most such requests in current browsers, but not those from
sibling subdomains nor from older browsers, so every form also proves that it was rendered by
this app for this browser. The proof is a synchronizer token: a random value kept in the signed
session cookie (app.sessions), which every form carries in a hidden `csrf_token` field (the
`csrf_input()` of the templates) and scripts in an `X-CSRF-Token` header. A request that changes
anything (any method but GET, HEAD and OPTIONS) under /admin must carry the token of its
session, compared in constant time, and must not come from another origin (`Origin` and
`Sec-Fetch-Site`, when the browser sends them). Visitors who are not signed in get a session
holding only a token, so the sign-in form is protected too, and signing in issues a new token.
The token is not tied to one form or time: the session's expiry bounds it. The JSON write API
is not covered: it accepts bearer tokens only, never cookies, so a browser cannot be made to
send one.
"""

import hmac
from collections.abc import AsyncIterator

from starlette.requests import Request

from app.errors import Forbidden
from app.sessions import ensure_session, read_session

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Form parts may be as large as the ingestion accepts (a pasted analysis, up to 5 MB).
MAX_PART_BYTES = 6 * 1024 * 1024


class CsrfFailed(Forbidden):
    """The form's token is missing or stale, or the request came from another site."""


def csrf_token(request: Request) -> str:
    """The token the page's forms must send back (creating the visitor's session if needed)."""
    return ensure_session(request).csrf


def _same_origin(request: Request) -> bool:
    if request.headers.get("sec-fetch-site") == "cross-site":
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    # The host only: behind a proxy that ends TLS the app may see http for an https page.
    return origin.partition("://")[2] == request.url.netloc


async def require_csrf(request: Request) -> AsyncIterator[None]:
    """A dependency of every admin router: refuses a state-changing request without the
    session's token (CsrfFailed, 403). Reads the form once (the route reads the same copy) and
    closes it, uploaded files and all, when the response is sent."""
    if request.method in SAFE_METHODS:
        yield
        return
    message = (
        "this form has expired or was not sent from Sahel Chronicle's own pages; "
        "go back, reload the page and send it again"
    )
    if not _same_origin(request):
        raise CsrfFailed(message)
    session = read_session(request)
    sent = request.headers.get(HEADER)
    form = None
    if sent is None:
        form = await request.form(max_part_size=MAX_PART_BYTES)
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    try:
        if (
            session is None
            or not sent
            or not hmac.compare_digest(sent.encode(), session.csrf.encode())
        ):
            raise CsrfFailed(message)
        yield
    finally:
        if form is not None:
            await form.close()
