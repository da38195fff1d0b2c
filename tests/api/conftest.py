"""Fixtures for the API tests: the app over HTTP (TestClient) on real databases of both engines.

`world_client` serves the known world of tests/api/world.py, built once per engine and only read;
`client` serves a fresh database of the test's own, for tests that write.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine
from app.main import create_app
from tests.api.world import build_world


def _world_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = folder / "world.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    base_url: str = request.getfixturevalue("postgres_base_url")
    template_name: str = request.getfixturevalue("postgres_template")
    admin = create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE api_world TEMPLATE {template_name}"))
    yield f"{base_url}/api_world"
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS api_world WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def world_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The URL of a database holding the world, per engine, built once (tests only read it)."""
    urls = _world_url(str(request.param), request, tmp_path_factory.mktemp("world"))
    url = next(urls)
    engine = make_engine(Settings(database_url=url))
    with Session(engine) as session:
        build_world(session)
    engine.dispose()
    yield url
    next(urls, None)


@pytest.fixture(scope="session")
def world_client(world_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=world_url))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A client of the app on the test's own fresh database."""
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()
