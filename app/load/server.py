"""A database ready for load (schema, synthetic events, an editor and a token) and the app served
by uvicorn in a process group of its own, so that it can be stopped, or killed outright with
every worker, at any moment.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import httpx
from sqlalchemy import func
from sqlmodel import Session, select

from app import migrations
from app.accounts import create_user
from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.models import Event
from app.synthetic import fill_synthetic
from app.tokens import issue_token

HOST = "127.0.0.1"


@dataclass(frozen=True)
class LoadAccount:
    """The editor the load writes as: its password (the admin's forms) and API token."""

    username: str
    password: str
    token: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def prepare_database(url: str, *, events: int, seed: int = 1) -> LoadAccount:
    """Migrate the database at `url`, add `events` synthetic events when it holds none, and
    create an editor with an API token for the load."""
    engine = make_engine(Settings(database_url=url))
    try:
        migrations.upgrade(engine)
        with Session(engine) as session:
            present = session.exec(select(func.count()).select_from(Event)).one()
        if events and not present:
            fill_synthetic(engine, events, seed=seed)
        username = f"load-{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(18)
        user = create_user(engine, username=username, password=password, role="editor")
        token = issue_token(engine, user_id=user.id, name="load test", issued_by="load test")
    finally:
        engine.dispose()
    return LoadAccount(username, password, token.token)


class AppServer:
    """uvicorn serving app.main:create_app on 127.0.0.1:`port` over `database_url`.

    The server runs in a new session (process group): `stop` sends SIGTERM to the group and
    `kill` SIGKILL, reaching every worker, as a crash or an out-of-memory kill would.
    """

    def __init__(
        self, database_url: str, *, port: int, workers: int = 1, log: Path | None = None
    ) -> None:
        self.database_url = database_url
        self.port = port
        self.workers = workers
        self.log = log
        self.base_url = f"http://{HOST}:{port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until it answers. Raises RuntimeError with its log's tail
        when it exits or does not answer within `timeout` seconds."""
        command = [
            sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app",
            "--host", HOST, "--port", str(self.port), "--workers", str(self.workers),
            "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SAHEL_SECRET_KEY": os.environ.get("SAHEL_SECRET_KEY") or secrets.token_urlsafe(48),
        }
        output = self.log.open("ab") if self.log else subprocess.DEVNULL
        self._process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if self.log:
            output.close()  # type: ignore[union-attr]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"the server exited with {self._process.returncode}: {self.tail()}"
                )
            try:
                if httpx.get(f"{self.base_url}/api/v1/types", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s: {self.tail()}")

    def tail(self, lines: int = 20) -> str:
        if self.log is None or not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def _signal(self, sig: signal.Signals) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        try:
            os.killpg(self._process.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """SIGKILL the server and its workers: no shutdown, no rollback, no flush."""
        self._signal(signal.SIGKILL)
        if self._process is not None:
            self._process.wait(timeout=30)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)
        if self._process is None:
            return
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> "AppServer":
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
