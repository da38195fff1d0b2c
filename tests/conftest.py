"""Fixtures: real databases built by the migrations, on SQLite and on PostgreSQL.

Each database test runs once per engine (`backend` is "sqlite" or "postgresql"). The schema is
migrated once per engine into a template; every test gets its own copy (a copied file on SQLite,
CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests never see each other's rows.
Deselect the PostgreSQL runs with `-m "not postgres"`.
"""

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from app import migrations
from app.config import Settings
from app.db import make_engine
from tests.api.world import build_world
from tests.postgres_server import find_bindir, running_server

_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_base_url() -> Iterator[str]:
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(
            "PostgreSQL server binaries not found: run the tests with scripts/test, "
            "which installs them, or deselect with -m 'not postgres'"
        )
    with running_server(bindir) as url:
        yield url


def _admin_engine(base_url: str) -> Engine:
    return create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_base_url: str) -> str:
    admin = _admin_engine(postgres_base_url)
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE sahel_template"))
    admin.dispose()
    engine = make_engine(Settings(database_url=f"{postgres_base_url}/sahel_template"))
    migrations.upgrade(engine)
    engine.dispose()
    return "sahel_template"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated database of the test's backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    base_url: str = request.getfixturevalue("postgres_base_url")
    template_name: str = request.getfixturevalue("postgres_template")
    name = f"test_{next(_counter)}"
    admin = _admin_engine(base_url)
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template_name}"))
    yield f"{base_url}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def empty_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """The URL of an empty database (no schema) of the test's backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    base_url: str = request.getfixturevalue("postgres_base_url")
    name = f"empty_{next(_counter)}"
    admin = _admin_engine(base_url)
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield f"{base_url}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


# The known world of tests/api/world.py, read by the API and the page tests alike.
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
