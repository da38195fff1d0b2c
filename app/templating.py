"""Jinja2 templates for the public pages and the admin, with content-hashed static URLs.

Templates and static files are found from this package's location, never the working directory.
`static_url("css/app.css")` adds a hash of the file's content to its URL, so browsers can cache
assets for a long time and still see every change.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi.templating import Jinja2Templates

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"


@lru_cache(maxsize=256)
def _content_hash(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    """The URL of a static file with its content hash; raises FileNotFoundError if missing."""
    return f"/static/{path}?v={_content_hash(path)}"


templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescape is on for .html
templates.env.globals["static_url"] = static_url
