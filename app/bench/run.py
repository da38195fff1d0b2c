"""One benchmark run: a database of N synthetic events on one engine (kept between runs), the
app served on 127.0.0.1, every scenario under wrk, the CSV export, and on SQLite Datasette and
the floor.

Databases are cached under `cache_dir`: SQLite files `sqlite-N.db`, and a PostgreSQL cluster in
`postgresql/` with one database `sahel_N` per size. A database is only cached once it is
complete (it is built under another name, then renamed), and it is migrated to the current
schema before each run, so a cached one never serves an old schema.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import venv
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from app import migrations
from app.bench.postgres import cluster, find_bindir
from app.bench.scenarios import (
    EXPORT_PATH,
    FloorResult,
    datasette_path,
    measure_floor,
    sample_slugs,
    scenarios,
)
from app.bench.server import HOST, MemorySampler, Served, app_server, free_port, resident_mb
from app.bench.wrk import WrkError, WrkResult, run_wrk, wrk_path
from app.config import Settings
from app.db import make_engine
from app.synthetic import fill_synthetic

ENGINES = ("sqlite", "postgresql")
# No facet suggestions (our API computes none), and time limits as long as wrk's timeout: by
# default Datasette refuses a query after 1 s and leaves out a facet after 0.2 s, and at 1M
# events it would answer this one with an error instead of the rows.
DATASETTE_SETTINGS = (
    "--setting", "suggest_facets", "off",
    "--setting", "sql_time_limit_ms", "10000",
    "--setting", "facet_time_limit_ms", "10000",
)  # fmt: skip
Log = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    cache_dir: Path
    seconds: float = 8.0  # per wrk run
    connections: int = 8  # clients of the throughput runs
    export_seconds: float = 120.0  # the CSV export is cut after this long
    rebuild: bool = False
    datasette: bool = True


@dataclass(frozen=True)
class Measure:
    """One scenario: one client (latency) and `connections` clients (throughput)."""

    name: str
    label: str
    first_ms: float  # the first request, before any cache of the app is warm
    single: WrkResult
    loaded: WrkResult
    peak_mb: float  # the server's resident memory at its highest during the scenario
    load: float  # the one-minute load average as the scenario started
    first_status: int = 200


@dataclass(frozen=True)
class ExportMeasure:
    rows: int
    megabytes: float
    seconds: float
    first_byte_ms: float
    peak_mb: float
    complete: bool
    load: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class RunResult:
    engine: str
    events: int
    started: datetime
    build_seconds: float | None = None  # None when the database came from the cache
    build_cpu_seconds: float | None = None  # the CPU time of that build in this process
    schema: str = ""  # the database's migration revision
    measures: list[Measure] = field(default_factory=list)
    export: ExportMeasure | None = None
    datasette: Measure | None = None
    floors: list[FloorResult] = field(default_factory=list)
    loads: tuple[float, float, float] = (0.0, 0.0, 0.0)
    server_hwm_mb: float = 0.0  # the server's VmHWM at the end: its peak over the whole run
    connections: int = 8  # clients of the throughput runs


def _count_events(url: str) -> int | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM event")).scalar() or 0)
    except Exception:  # noqa: BLE001 - an unmigrated or broken database is simply rebuilt
        return None
    finally:
        engine.dispose()


def _revision(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())
    finally:
        engine.dispose()


def _build(url: str, events: int) -> None:
    engine = make_engine(Settings(database_url=url))
    try:
        migrations.upgrade(engine)
        fill_synthetic(engine, events, seed=7)
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                # What autovacuum would do within minutes on a real server.
                connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def _migrate(url: str) -> None:
    engine = make_engine(Settings(database_url=url))
    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()


def sqlite_database(
    cache_dir: Path, events: int, rebuild: bool, log: Log
) -> tuple[str, float | None]:
    """The URL of the cached SQLite file of `events` events (built when missing) and the
    seconds its build took (None when it was cached)."""
    path = cache_dir / f"sqlite-{events}.db"
    url = f"sqlite:///{path}"
    if not rebuild and path.exists() and _count_events(url) == events:
        _migrate(url)
        return url, None
    building = cache_dir / f"sqlite-{events}.building.db"
    for stale in (path, building):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{stale}{suffix}").unlink(missing_ok=True)
    log(f"synthesising {events:,} events into {path} ...")
    started = time.perf_counter()
    _build(f"sqlite:///{building}", events)
    seconds = time.perf_counter() - started
    building.rename(path)
    return url, seconds


def postgres_database(
    base_url: str, events: int, rebuild: bool, log: Log
) -> tuple[str, float | None]:
    """As sqlite_database, for database `sahel_N` of the cluster at `base_url`."""
    name, building = f"sahel_{events}", f"sahel_{events}_building"
    admin = create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            present = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
        url = f"{base_url}/{name}"
        if present and not rebuild and _count_events(url) == events:
            _migrate(url)
            return url, None
        with admin.connect() as connection:
            for stale in (name, building):
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{stale}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{building}"')
        log(f"synthesising {events:,} events into PostgreSQL database {name} ...")
        started = time.perf_counter()
        _build(f"{base_url}/{building}", events)
        seconds = time.perf_counter() - started
        with admin.connect() as connection:
            connection.exec_driver_sql(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        return url, seconds
    finally:
        admin.dispose()


def _get(url: str, timeout: float = 60.0) -> tuple[float, int]:
    """The milliseconds one GET takes, body included, and its status."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read()
            status = int(answer.status)
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def measure_paths(
    served: Served, name: str, label: str, paths: tuple[str, ...], options: Options
) -> Measure:
    """One scenario against `served`: a first request, then wrk with one client and with
    `options.connections` clients, sampling the server's memory throughout."""
    load = os.getloadavg()[0]
    sampler = MemorySampler(served.pid)
    try:
        first_ms, first_status = _get(served.base_url + paths[0])
        single = run_wrk(served.base_url, paths, connections=1, seconds=options.seconds)
        loaded = run_wrk(
            served.base_url, paths, connections=options.connections, seconds=options.seconds
        )
        peak = sampler.take_peak()
    finally:
        sampler.close()
    return Measure(name, label, first_ms, single, loaded, peak, load, first_status)


def measure_export(served: Served, options: Options) -> ExportMeasure:
    """Download every published event as CSV, streamed, cut after `options.export_seconds`."""
    load = os.getloadavg()[0]
    sampler = MemorySampler(served.pid)
    rows = size = 0
    first_byte = 0.0
    complete = False
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(served.base_url + EXPORT_PATH, timeout=60) as answer:
            while chunk := answer.read(1 << 16):
                if not size:
                    first_byte = (time.perf_counter() - started) * 1000
                size += len(chunk)
                rows += chunk.count(b"\n")
                if time.perf_counter() - started > options.export_seconds:
                    break
            else:
                complete = True
        seconds = time.perf_counter() - started
        peak = sampler.take_peak()
    finally:
        sampler.close()
    # Quoted fields may hold line breaks; the header line is not an event.
    return ExportMeasure(max(0, rows - 1), size / 1e6, seconds, first_byte, peak, complete, load)


def datasette_command(cache_dir: Path, log: Log) -> list[str]:
    """Datasette from its own virtual environment under `cache_dir` (installed from PyPI on
    first use), so that its dependencies never change the project's."""
    home = cache_dir / "datasette-venv"
    executable = home / "bin" / "datasette"
    if not executable.exists():
        log(f"installing Datasette from PyPI into {home} (once; pip install datasette) ...")
        venv.create(home, with_pip=True)
        done = subprocess.run(
            [str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", "datasette"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pip install datasette failed: {done.stderr.strip()[-1500:]}")
    return [str(executable)]


def _measure_datasette(path: Path, options: Options, logs: Path, log: Log) -> Measure:
    command = datasette_command(options.cache_dir, log)
    port = free_port()
    with Served(
        [*command, "serve", str(path), "-h", HOST, "-p", str(port), *DATASETTE_SETTINGS],
        port=port,
        ready_path="/-/versions.json",
        log=logs / f"datasette-{path.stem}.log",
    ) as datasette:
        return measure_paths(
            datasette, "datasette", "Datasette, the list's filter, facet type",
            (datasette_path(path.stem),), options,
        )  # fmt: skip


@contextmanager
def _database(
    engine: str, events: int, options: Options, log: Log
) -> Iterator[tuple[str, float | None]]:
    if engine == "sqlite":
        yield sqlite_database(options.cache_dir, events, options.rebuild, log)
        return
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql")
    with cluster(bindir, options.cache_dir / "postgresql") as base_url:
        yield postgres_database(base_url, events, options.rebuild, log)


def run_benchmark(engine: str, events: int, options: Options, log: Log) -> RunResult:
    """Every measure of one engine and size. Raises WrkError when wrk is missing and
    RuntimeError when a server does not start or a request fails."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    wrk_path()
    options.cache_dir.mkdir(parents=True, exist_ok=True)
    logs = options.cache_dir / "logs"
    logs.mkdir(exist_ok=True)
    before = os.getloadavg()
    result = RunResult(engine, events, datetime.now(UTC), connections=options.connections)
    with ExitStack() as stack:
        cpu = time.process_time()
        url, result.build_seconds = stack.enter_context(_database(engine, events, options, log))
        if result.build_seconds is not None:
            result.build_cpu_seconds = time.process_time() - cpu
        result.schema = _revision(url)
        reader = create_engine(url)
        slugs = sample_slugs(reader)
        reader.dispose()
        served = stack.enter_context(
            app_server(url, port=free_port(), log=logs / f"app-{engine}-{events}.log")
        )
        for scenario in scenarios(slugs):
            log(f"  {scenario.name} ...")
            result.measures.append(
                measure_paths(served, scenario.name, scenario.label, scenario.paths, options)
            )
        log("  CSV export ...")
        result.export = measure_export(served, options)
        result.server_hwm_mb = resident_mb(served.pid, "VmHWM")
    if engine == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        log("  floor (sqlite3 module) ...")
        result.floors = [
            measure_floor(path, seconds=options.seconds, facets=facets) for facets in (False, True)
        ]
        if options.datasette:
            log("  Datasette ...")
            try:
                result.datasette = _measure_datasette(path, options, logs, log)
            except (RuntimeError, WrkError) as exc:
                # The comparison is lost, not the run's own figures.
                log(f"  Datasette failed: {exc}")
    after = os.getloadavg()
    result.loads = (before[0], after[0], max(before[1], after[1]))
    return result


def machine() -> str:
    """Cores, memory and Python of this machine, for the record."""
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    python = ".".join(str(v) for v in sys.version_info[:3])
    return f"{os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB RAM, Python {python}"
