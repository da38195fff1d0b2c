"""Fixtures for the API tests: the app over HTTP (TestClient) on real databases of both engines.

`world_client` serves the known world of tests/api/world.py, built once per engine and only read;
`client` serves a fresh database of the test's own, for tests that write.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


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
