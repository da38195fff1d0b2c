"""Every request the README's JSON API section shows is one the API answers."""

import re
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT


def test_the_readme_examples_are_answered(world_client: TestClient) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## JSON API", 1)[1]
    urls = re.findall(r"curl [^']*'(http://127\.0\.0\.1:8000/api/v1/[^']+)'", section)
    assert len(urls) >= 5
    for url in urls:
        parts = urlsplit(url)
        response = world_client.get(f"{parts.path}?{parts.query}")
        assert response.status_code == 200, (url, response.text)
