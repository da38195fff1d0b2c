"""The one settings object. Everything configurable is read here, from the environment, once.

Paths to bundled files (templates, static assets, reference data) are resolved from the package's
own location, never from the working directory, so scripts run from anywhere.

The secret that signs session cookies comes from `SAHEL_SECRET_KEY`. Outside development
(`SAHEL_ENVIRONMENT=production`) a missing, short or placeholder secret is refused at startup.
In development, when none is set, a random one is generated once and kept in data/.secret_key
(never committed), so `scripts/run` and the tests work without configuration and sessions
survive restarts.
"""

import os
import secrets
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SEEDS_DIR = PROJECT_ROOT / "seeds"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'sahel.db'}"
DEFAULT_SECRET_KEY_FILE = DATA_DIR / ".secret_key"
MIN_SECRET_LENGTH = 32
_PLACEHOLDERS = ("changethis", "changeme", "change-me", "change_me", "secret", "placeholder")
SECRET_HINT = "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"


def is_weak_secret(value: str) -> bool:
    """A secret too short to sign sessions with, or one copied from an example."""
    lowered = value.strip().lower()
    return len(lowered) < MIN_SECRET_LENGTH or lowered.startswith(_PLACEHOLDERS)


class Settings(BaseSettings):
    """Settings for the app, the scripts and the migrations.

    `DATABASE_URL` is any SQLAlchemy URL; SQLite (the default, a file under data/) and
    PostgreSQL (`postgresql+psycopg://...`) are the two engines the project is tested on.
    The others read `SAHEL_<NAME>` (e.g. `SAHEL_SECRET_KEY`, `SAHEL_ENVIRONMENT`).
    """

    model_config = SettingsConfigDict(env_prefix="SAHEL_", extra="ignore", frozen=True)

    database_url: str = Field(default=DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    # SQLite waits this long for a competing writer before giving up with "database is locked".
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    environment: Literal["development", "production"] = "development"
    secret_key: SecretStr | None = None
    # Where development keeps its generated secret when SAHEL_SECRET_KEY is not set.
    secret_key_file: Path = DEFAULT_SECRET_KEY_FILE
    # A signed-in session ends this long after sign-in, whatever the activity.
    session_max_age_seconds: int = Field(default=8 * 3600, ge=60)
    # Failed sign-ins allowed per user name (and ten times as many per address) in the window.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=15 * 60, ge=1)
    # Request bodies larger than this are refused with 413 before being read: room for the
    # largest document the ingestion accepts (5 MB) and its form fields.
    max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)

    @model_validator(mode="after")
    def _refuse_weak_secret_outside_development(self) -> Self:
        if self.environment == "development":
            return self
        if self.secret_key is None:
            raise ValueError(f"SAHEL_SECRET_KEY must be set in {self.environment}; {SECRET_HINT}")
        if is_weak_secret(self.secret_key.get_secret_value()):
            raise ValueError(
                f"SAHEL_SECRET_KEY is a placeholder or shorter than {MIN_SECRET_LENGTH} "
                f"characters; {SECRET_HINT}"
            )
        return self

    def signing_key(self) -> str:
        """The secret that signs cookies: SAHEL_SECRET_KEY, else (development only) the key kept
        in `secret_key_file`, created on first use with owner-only permissions."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.secret_key_file
        if not path.exists():
            # Written aside then linked into place: two processes starting at once agree on one.
            temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(48) + "\n")
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
            finally:
                temporary.unlink()
        key = path.read_text(encoding="ascii").strip()
        if len(key) < MIN_SECRET_LENGTH:
            raise ValueError(f"{path} holds a weak secret; delete it to get a new one")
        return key


def get_settings() -> Settings:
    """The settings from the environment. Raises ConfigurationError, with every problem in
    one sentence, when they cannot be used."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise ConfigurationError(problems) from None
