"""The one settings object. Everything configurable is read here, from the environment, once.

Paths to bundled files (templates, static assets, reference data) are resolved from the package's
own location, never from the working directory, so scripts run from anywhere.
"""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SEEDS_DIR = PROJECT_ROOT / "seeds"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'sahel.db'}"


class Settings(BaseSettings):
    """Settings for the app, the scripts and the migrations.

    `DATABASE_URL` is any SQLAlchemy URL; SQLite (the default, a file under data/) and
    PostgreSQL (`postgresql+psycopg://...`) are the two engines the project is tested on.
    """

    model_config = SettingsConfigDict(env_prefix="SAHEL_", extra="ignore", frozen=True)

    database_url: str = Field(default=DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    # SQLite waits this long for a competing writer before giving up with "database is locked".
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)


def get_settings() -> Settings:
    return Settings()
