"""The benchmark's own logic on a small synthetic database: its paths are the API's, its floor
computes what the API answers, one scenario and the export measured for real over HTTP."""

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.bench.run import Options, measure_export, measure_paths
from app.bench.scenarios import LIST_QUERY, floor_call, sample_slugs, scenarios
from app.bench.server import PORTS, app_server, free_port
from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.synthetic import fill_synthetic


@pytest.fixture(scope="module")
def small_db(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with 400 synthetic events (read-only for the tests)."""
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    fill_synthetic(engine, 400, seed=3)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def client(small_db: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=f"sqlite:///{small_db}"))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def test_every_scenario_path_is_answered(small_db: Path, client: TestClient) -> None:
    engine = make_engine(Settings(database_url=f"sqlite:///{small_db}"))
    slugs = sample_slugs(engine, 50)
    engine.dispose()
    assert 40 <= len(slugs) <= 50 and len(set(slugs)) == len(slugs)
    for scenario in scenarios(slugs):
        for path in scenario.paths[:10]:
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.text[:300])
    assert client.get("/api/v1/events?format=csv").status_code == 200


def test_the_floor_computes_what_the_api_answers(small_db: Path, client: TestClient) -> None:
    answer = client.get(f"/api/v1/events?{LIST_QUERY}&limit=100").json()
    connection = sqlite3.connect(small_db)
    floor = json.loads(floor_call(connection))
    bare = json.loads(floor_call(connection, facets=False))
    connection.close()
    assert bare == {"items": floor["items"], "total": floor["total"]}
    assert answer["total"] == floor["total"] > 0
    assert [i["id"] for i in answer["items"]] == [i["slug"] for i in floor["items"]]
    for facet in ("type", "country"):
        counts = {f["value"]: f["count"] for f in answer["facets"][facet] if f["count"]}
        assert counts == floor["facets"][facet], facet


def test_free_ports_are_in_the_benchmark_range() -> None:
    assert free_port() in PORTS


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"
)
def test_one_scenario_and_the_export_measured_over_http(small_db: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{small_db}"
    engine = make_engine(Settings(database_url=url))
    slugs = sample_slugs(engine, 20)
    with engine.connect() as connection:
        published = connection.execute(
            text("SELECT count(*) FROM event WHERE status = 'published'")
        ).scalar()
    engine.dispose()
    detail = next(s for s in scenarios(slugs) if s.name == "detail")
    options = Options(cache_dir=tmp_path, seconds=1, connections=2, export_seconds=30)
    with app_server(url, port=free_port(), log=tmp_path / "app.log") as served:
        measure = measure_paths(served, detail.name, detail.label, detail.paths, options)
        export = measure_export(served, options)
    for run in (measure.single, measure.loaded):
        assert run.requests > 0 and run.errors == 0 and run.non_2xx == 0
        assert 0 < run.p50_ms <= run.p95_ms <= run.p99_ms <= run.max_ms
    assert measure.first_ms > 0 and measure.first_status == 200 and 30 < measure.peak_mb < 1000
    assert export.complete and export.rows == published and export.megabytes > 0.1
    assert 30 < export.peak_mb < 1000
