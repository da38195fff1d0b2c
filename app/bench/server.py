"""A server under test in a subprocess on 127.0.0.1 (the app through uvicorn, or Datasette),
and a sampler of its memory.

Ports come from 8100–8199, the range this machine keeps for benchmarks. The sampler reads the
server's resident memory from /proc every few milliseconds, so a scenario's peak is its own and
not the process's lifetime high-water mark.
"""

import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from app.config import PROJECT_ROOT

HOST = "127.0.0.1"
PORTS = range(8100, 8200)


def free_port(ports: range = PORTS) -> int:
    """A port of `ports` nothing listens on now. Raises RuntimeError when all are taken."""
    for port in random.sample(list(ports), len(ports)):
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}–{ports.stop - 1} on {HOST}")


def resident_mb(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory (`VmRSS`) or its peak (`VmHWM`), in MB, or 0 once gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


class MemorySampler:
    """Samples a process's resident memory in a thread; `take_peak` gives the highest value
    since the last call."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        self._peak = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            value = resident_mb(self.pid)
            with self._lock:
                self._peak = max(self._peak, value)
            self._stop.wait(self.interval)

    def take_peak(self) -> float:
        with self._lock:
            peak, self._peak = max(self._peak, resident_mb(self.pid)), 0.0
        return peak

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class Served:
    """`command` serving HTTP on 127.0.0.1:`port`, started and polled until `ready_path` answers
    200, stopped with SIGTERM (then SIGKILL) of its own process group."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        port: int,
        ready_path: str,
        env: dict[str, str] | None = None,
        log: Path | None = None,
    ) -> None:
        self.command = list(command)
        self.port = port
        self.ready_path = ready_path
        self.env = env
        self.log = log
        self.base_url = f"http://{HOST}:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the server is not running")
        return self.process.pid

    def start(self, timeout: float = 120.0) -> None:
        """Start and wait until the server answers. Raises RuntimeError with its log's end when
        it exits or stays silent for `timeout` seconds (a first start on a large database can
        take a while: migrations are checked)."""
        output = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                self.command,
                cwd=PROJECT_ROOT,
                env={**os.environ, **(self.env or {})},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if self.log:
                output.close()  # type: ignore[union-attr]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server exited with {self.process.returncode}: {self.tail()}"
                )
            try:
                with urllib.request.urlopen(self.base_url + self.ready_path, timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s: {self.tail()}")

    def tail(self, lines: int = 20) -> str:
        if self.log is None or not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def _signal(self, sig: signal.Signals) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass  # exited between the poll and the signal

    def kill(self) -> None:
        """SIGKILL the server and its workers: no shutdown, no rollback, no flush, as a crash."""
        self._signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)
        if self.process is None:
            return
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> "Served":
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def app_server(
    database_url: str, *, port: int, workers: int = 1, log: Path | None = None
) -> Served:
    """The app (app.main:create_app) on uvicorn with `workers` processes, without access log,
    in a process group of its own: `stop` and `kill` reach every worker."""
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--host", HOST,
        "--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    env = {"DATABASE_URL": database_url}
    if not os.environ.get("SAHEL_SECRET_KEY"):
        # A throwaway key, so the app does not create its development key file in data/.
        env["SAHEL_SECRET_KEY"] = secrets.token_urlsafe(48)
    return Served(command, port=port, ready_path="/api/v1/types", env=env, log=log)
