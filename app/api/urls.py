"""Absolute URLs of the app's pages and API resources, built from the request's base URL."""

from urllib.parse import quote, urlencode

from fastapi import Request
from starlette.datastructures import URL


class Urls:
    """One small class for one concern, like Datasette's url_builder: every link the API sends."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.base = str(request.base_url).rstrip("/")

    def event_page(self, slug: str) -> str:
        """The event's HTML page."""
        return f"{self.base}/events/{quote(slug, safe='')}"

    def api(self, path: str, **params: str) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}/api/v1/{path}{query}"

    def events_of(self, parameter: str, value: str) -> str:
        """The API list of events with `parameter=value`."""
        return self.api("events", **{parameter: value})

    def with_cursor(self, cursor: str | None) -> str | None:
        """This request's URL for the page at `cursor` (None stays None: no next page)."""
        if cursor is None:
            return None
        url: URL = self.request.url.include_query_params(cursor=cursor)
        return str(url)

    def current(self) -> str:
        return str(self.request.url)
