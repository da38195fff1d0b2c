"""A throwaway PostgreSQL cluster on 127.0.0.1, for the test suite (tests/postgres_server.py),
the load test and the benchmarks, whose data the benchmarks can keep between runs (filling a
million events takes minutes; reusing them takes a second).

initdb with trust on 127.0.0.1 only, fsync off, run as the `postgres` user when we are root
(initdb and pg_ctl refuse root). Given a `datadir`, the cluster is created there on first use and
left in place when it stops; without one, it lives in a temporary folder removed afterwards.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bindir() -> Path | None:
    """The folder of initdb and pg_ctl (the newest of Debian's), or None when not installed."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str]) -> None:
    done = subprocess.run(_as_postgres(args), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-1500:]}")


@contextmanager
def cluster(bindir: Path, datadir: Path | None = None) -> Iterator[str]:
    """Start a cluster (creating it when `datadir` holds none) and yield its base URL, without a
    database name; stop it afterwards, and remove it when it was temporary."""
    temporary = datadir is None
    home = Path(tempfile.mkdtemp(prefix="sahel-pg-")) if datadir is None else datadir
    home.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data = home / "data"
    if not (data / "PG_VERSION").exists():
        shutil.rmtree(data, ignore_errors=True)  # a half-made cluster from an interrupted run
        _run(
            [
                str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ]
        )  # fmt: skip
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl = str(bindir / "pg_ctl")
    log = home / "server.log"
    _run([pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start"])
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        # Kept data stops fast (not immediate), so that it needs no recovery next time; a
        # temporary cluster is thrown away, so immediately.
        mode = "immediate" if temporary else "fast"
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", mode, "-w", "-t", "120", "stop"]),
            capture_output=True,
            check=False,
        )
        if temporary:
            shutil.rmtree(home, ignore_errors=True)
