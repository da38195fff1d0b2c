"""Load with writes, shortened for CI: 40 clients for 8 s against uvicorn with two workers on a
database of each engine, reading and writing (API and admin form) at once. Not one 5xx, and
every acknowledged write is in the database afterwards (scripts/bench/load.py runs the full
100 clients for 60 s and records the figures)."""

from pathlib import Path

from sqlalchemy import Engine

from app.bench.server import app_server
from app.load.server import free_port, prepare_database
from app.load.verify import consistency_problems, lost_writes
from app.load.workload import READ_WEIGHTS, WRITE_WEIGHTS, Ack, run_load
from app.synthetic import fill_synthetic

CLIENTS = 40
SECONDS = 8


def test_concurrent_readers_and_writers_get_no_5xx_and_lose_no_write(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    account = prepare_database(database_url, events=1000)
    log = tmp_path / "server.log"
    with app_server(database_url, port=free_port(), workers=2, log=log) as server:
        results = run_load(
            server.base_url,
            token=account.token,
            clients=CLIENTS,
            seconds=SECONDS,
            admin=(account.username, account.password),
            # More edits through the form than the benchmark's mix, so that a few get saved
            # in 8 s: each client's first one only signs in.
            mix={**READ_WEIGHTS, **WRITE_WEIGHTS, "admin": 8},
        )
    assert results.five_hundreds == 0, (results.server_errors[:3], server.tail())
    assert not results.transport_errors, dict(results.transport_errors)
    # The load did write, through every path, and was checked against what it wrote.
    actions = {(a.action, a.via) for a in results.acks}
    assert {("create", "api"), ("update", "api"), ("delete", "api")} <= actions, actions
    assert ("update", "admin") in actions, results.per_action
    assert results.per_action["list"] and results.per_action["search"]
    assert lost_writes(engine, results.acks, results.uncertain) == []
    assert consistency_problems(engine) == []


def test_the_check_names_writes_the_database_does_not_show(
    database_url: str, engine: Engine
) -> None:
    fill_synthetic(engine, 20)
    with engine.connect() as connection:
        slug, title = connection.exec_driver_sql("SELECT slug, title FROM event LIMIT 1").one()
    acks = [
        Ack("create", slug, 1, title, "api"),  # there: the synthetic event's creation
        Ack("create", "2024-01-01-never-stored", 1, "Never stored", "api"),
        Ack("update", slug, 2, "A change that was lost", "api"),
    ]
    lost = lost_writes(engine, acks)
    assert any("2024-01-01-never-stored" in line for line in lost)
    assert any(f"update of {slug} (v2, api): no revision" in line for line in lost)
    assert any(f"{slug}: version 1, last acknowledged 2" in line for line in lost)
    assert lost_writes(engine, acks[:1]) == []
    assert consistency_problems(engine) == []
