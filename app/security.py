"""Security headers and request size limits for every response.

The Content-Security-Policy allows scripts, styles, images and fonts from this app only: no
inline script (inline style is allowed: the pages set the event-type colours in a small style
block computed from the palette), no third-party origin, no framing (`frame-ancestors 'none'`),
forms posting only back here. The API docs page (/docs, /redoc) is the one exception:
FastAPI's Swagger UI is served from a CDN with an inline bootstrap script, so those two pages
get a policy that allows exactly that and nothing more. Request bodies over `max_body_bytes` are
refused with 413 before they are read, so a client cannot make the server buffer an unbounded
upload.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)
_DOCS_PATHS = ("/docs", "/redoc")


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    policy = _DOCS_POLICY if path.startswith(_DOCS_PATHS) else _POLICY
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


class SecurityMiddleware:
    """Adds the security headers to every HTTP response and caps request bodies."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _too_large(scope, send, self.max_body_bytes)
            return
        extra = security_headers(scope.get("path", ""))
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in extra if name not in names
                ]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _BodyTooLarge:
            await _too_large(scope, send, self.max_body_bytes)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    body = (
        b'{"type":"about:blank","title":"Payload Too Large","status":413,'
        b'"detail":"the request body is larger than the limit of '
        + f"{limit:,}".encode()
        + b' bytes"}'
    )
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": headers + security_headers(scope.get("path", "")),
        }
    )
    await send({"type": "http.response.body", "body": body})
