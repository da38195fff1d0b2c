"""Fixtures for the web pages: the app over HTTP on the known world of tests/api/world.py.

`web_client` serves the world, built once per engine and only read; `page` parses an HTML
response. `context_client` is the same app without gzip, whose responses carry the template and
the context it was rendered with (Starlette's test client records them), for tests of the
page contexts.
"""

from collections.abc import Callable, Iterator

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from starlette.middleware.gzip import GZipMiddleware

from app.config import Settings
from app.main import create_app

SECRET = "web-tests-only-" + "s" * 40


def web_app(url: str, *, gzip: bool = True) -> FastAPI:
    app = create_app(Settings(database_url=url, secret_key=SECRET))
    if not gzip:
        # GZip drops the test client's "http.response.debug" message (template and context).
        app.user_middleware = [m for m in app.user_middleware if m.cls is not GZipMiddleware]
    return app


@pytest.fixture(scope="session")
def web_client(world_url: str) -> Iterator[TestClient]:
    app = web_app(world_url)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def context_client(world_url: str) -> Iterator[TestClient]:
    app = web_app(world_url, gzip=False)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def parse(response: Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


@pytest.fixture
def page(web_client: TestClient) -> Callable[..., tuple[Response, BeautifulSoup]]:
    """GET a path; the response and its parsed HTML."""

    def get(path: str, **params: str | list[str]) -> tuple[Response, BeautifulSoup]:
        response = web_client.get(path, params=params or None)
        return response, parse(response)

    return get
