"""Fixtures for the web pages: the app over HTTP on the known world of tests/api/world.py.

`web_client` serves the world, built once per engine and only read; `page` parses an HTML
response. `context_client` is the same app without gzip, whose responses carry the template and
the context it was rendered with (Starlette's test client records them), for tests of the
page contexts.
"""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import create_engine, text
from sqlmodel import Session
from starlette.middleware.gzip import GZipMiddleware

from app.config import Settings
from app.db import make_engine
from app.main import create_app
from tests.api.world import build_world

SECRET = "web-tests-only-" + "s" * 40


def _world_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = folder / "web-world.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    base_url: str = request.getfixturevalue("postgres_base_url")
    template_name: str = request.getfixturevalue("postgres_template")
    admin = create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE web_world TEMPLATE {template_name}"))
    yield f"{base_url}/web_world"
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS web_world WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def web_world_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database holding the world, per engine, built once (the tests only read it)."""
    urls = _world_url(str(request.param), request, tmp_path_factory.mktemp("web-world"))
    url = next(urls)
    engine = make_engine(Settings(database_url=url))
    with Session(engine) as session:
        build_world(session)
    engine.dispose()
    yield url
    next(urls, None)


def web_app(url: str, *, gzip: bool = True) -> FastAPI:
    app = create_app(Settings(database_url=url, secret_key=SECRET))
    if not gzip:
        # GZip drops the test client's "http.response.debug" message (template and context).
        app.user_middleware = [m for m in app.user_middleware if m.cls is not GZipMiddleware]
    return app


@pytest.fixture(scope="session")
def web_client(web_world_url: str) -> Iterator[TestClient]:
    app = web_app(web_world_url)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def context_client(web_world_url: str) -> Iterator[TestClient]:
    app = web_app(web_world_url, gzip=False)
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
