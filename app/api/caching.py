"""HTTP caching for the API: ETag, Last-Modified, Cache-Control, and 304 Not Modified.

A response is a function of its URL, the code's version and the data (app.queries.freshness),
so the ETag is a digest of those three and can be checked before the route runs: a client that
sends back its ETag (If-None-Match) or date (If-Modified-Since) gets an empty 304 when nothing has
changed, without any query of the data. Only successful GETs under /api/ are tagged. Requests with
credentials (Authorization or a cookie: editors, once issue 6 adds them) are left alone, so that
nothing private is ever stored by a shared cache. A pure ASGI middleware, so streamed exports
pass through untouched.
"""

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.queries.freshness import DataVersion, data_version

# Read-mostly data: caches may reuse a response for a minute, then must ask again (cheaply).
CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"


def _read_version(engine: Engine) -> DataVersion:
    with engine.connect() as connection:
        return data_version(connection)


def _not_modified(headers: Headers, etag: str, last_modified: datetime | None) -> bool:
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since and last_modified is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= since
    return False


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp, *, engine: Engine, code_version: str) -> None:
        self.app = app
        self.engine = engine
        self.code_version = code_version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        if (
            headers is None
            or scope["method"] != "GET"
            or not scope["path"].startswith("/api/")
            or "authorization" in headers
            or "cookie" in headers
        ):
            await self.app(scope, receive, send)
            return
        version = await run_in_threadpool(_read_version, self.engine)
        request_key = "\n".join(
            (
                self.code_version,
                version.tag,
                headers.get("host", ""),
                scope.get("root_path", ""),
                scope["path"],
                scope.get("query_string", b"").decode("latin-1"),
            )
        )
        etag = f'W/"{hashlib.blake2b(request_key.encode(), digest_size=16).hexdigest()}"'
        cache_headers = {"etag": etag, "cache-control": CACHE_CONTROL}
        if version.last_modified is not None:
            cache_headers["last-modified"] = format_datetime(
                version.last_modified.astimezone(UTC), usegmt=True
            )
        if _not_modified(headers, etag, version.last_modified):
            raw = [(k.encode(), v.encode()) for k, v in cache_headers.items()]
            await send({"type": "http.response.start", "status": 304, "headers": raw})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                response_headers = MutableHeaders(scope=message)
                for name, value in cache_headers.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_tagged)
