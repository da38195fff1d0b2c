"""scripts/create_user.py as an administrator runs it: a subprocess with DATABASE_URL, the
password twice on standard input (not a terminal), on an empty database of each engine."""

import os
import subprocess
import sys

from sqlmodel import Session, select

from app.accounts import verify_password
from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.models import User

PASSWORD = "a long enough password"


def _create(database_url: str, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "create_user.py"), *args],
        env={**os.environ, "DATABASE_URL": database_url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_creates_an_account_with_the_password_typed_twice(empty_database_url: str) -> None:
    done = _create(empty_database_url, f"{PASSWORD}\n{PASSWORD}\n", "Amina", "--role", "admin")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "created admin 'amina'; sign in at /admin"
    engine = make_engine(Settings(database_url=empty_database_url))
    with Session(engine) as session:
        user = session.exec(select(User)).one()
    engine.dispose()
    assert (user.username, user.role, user.active) == ("amina", "admin", True)
    assert verify_password(user.password_hash, PASSWORD)


def test_it_refuses_and_says_why(empty_database_url: str) -> None:
    differ = _create(
        empty_database_url, f"{PASSWORD}\nanother one entirely\n", "a1", "--role", "editor"
    )
    assert differ.returncode == 1 and "the two passwords differ" in differ.stderr
    short = _create(empty_database_url, "short\nshort\n", "a1", "--role", "editor")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    once = _create(empty_database_url, f"{PASSWORD}\n", "a1", "--role", "editor")
    assert once.returncode == 1 and "give the password twice" in once.stderr
    role = _create(empty_database_url, f"{PASSWORD}\n{PASSWORD}\n", "a1", "--role", "boss")
    assert role.returncode == 2 and "invalid choice" in role.stderr
    _create(empty_database_url, f"{PASSWORD}\n{PASSWORD}\n", "a1", "--role", "editor")
    taken = _create(empty_database_url, f"{PASSWORD}\n{PASSWORD}\n", "A1", "--role", "editor")
    assert taken.returncode == 1 and "already taken" in taken.stderr
