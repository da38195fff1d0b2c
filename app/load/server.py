"""A database ready for load (schema, synthetic events, an editor and a token). The app is served
by app.bench.server.app_server, in a process group of its own, so that it can be stopped, or
killed outright with every worker, at any moment.
"""

import secrets
import socket
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app import migrations
from app.accounts import create_user
from app.config import Settings
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
