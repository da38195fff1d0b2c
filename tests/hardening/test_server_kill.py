"""The server killed mid-write (SIGKILL, every worker) loses no acknowledged write.

uvicorn serves a file database (SQLite in WAL, or PostgreSQL) in its own process group; writers
create, change and delete events through the API; at a random moment the whole group is killed,
with requests in flight. A server started again on the same database must answer, hold every
write it acknowledged, and be consistent: SQLite's integrity and foreign keys, the full-text
index in step with the events, each event's version recorded by a revision. On SQLite this holds
because commits are in the WAL when acknowledged (synchronous=NORMAL: see app.db); it would not
hold for a power cut, which a process kill does not simulate.
"""

import random
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import Engine

from app.bench.server import app_server
from app.load.server import LoadAccount, free_port, prepare_database
from app.load.verify import consistency_problems, lost_writes
from app.load.workload import WRITE_WEIGHTS, LoadResults, run_load

WRITERS = 20


def test_a_killed_server_loses_no_acknowledged_write(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    account = prepare_database(database_url, events=300)
    port = free_port()
    server = app_server(database_url, port=port, workers=1, log=tmp_path / "killed.log")
    server.start()
    results, stop = LoadResults(WRITERS), threading.Event()
    load = threading.Thread(
        target=run_load,
        args=(server.base_url,),
        kwargs={"token": account.token, "clients": WRITERS, "seconds": 8.0,
                "mix": WRITE_WEIGHTS, "into": results, "stop": stop},
    )  # fmt: skip
    try:
        load.start()
        # Once writes are flowing (a few acknowledged), at a random moment within a second.
        deadline = time.monotonic() + 30
        while len(results.acks) < 5 and load.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(random.uniform(0.0, 1.0))
    finally:
        server.kill()
        time.sleep(0.2)  # the writes in flight fail; then the writers stop
        stop.set()
        load.join(timeout=60)
    assert not load.is_alive(), "the writers did not stop"
    assert len(results.acks) >= 5, (results.per_action, results.transport_errors, server.tail())
    # The kill landed with requests in flight: their answers never came.
    assert results.transport_errors, "the server was not killed mid-write"

    with app_server(database_url, port=port, workers=1, log=tmp_path / "restarted.log") as again:
        created = next(a.slug for a in results.acks if a.action == "create")
        answer = httpx.get(f"{again.base_url}/api/v1/events/{created}", headers=_auth(account))
        assert answer.status_code == 200, answer.text
        # Writable again: a change on top of what survived.
        version = answer.headers["etag"]
        changed = httpx.patch(
            f"{again.base_url}/api/v1/events/{created}",
            json={"title": "Changed after the restart"},
            headers={**_auth(account), "If-Match": version},
        )
        assert changed.status_code == 200, changed.text
    assert lost_writes(engine, results.acks, results.uncertain | {created}) == []
    assert consistency_problems(engine) == []


def _auth(account: LoadAccount) -> dict[str, str]:
    return {"Authorization": f"Bearer {account.token}"}
