"""Fixtures for the admin: the app over HTTP (TestClient) on a fresh database of each engine,
a small known world, accounts, and clients that behave like a browser: they keep the session
cookie and send back the CSRF token of the page's forms.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts import create_user
from app.config import Settings
from app.main import create_app
from tests.factories import add_actor, add_country, add_document, add_place

SECRET = "tests-only-" + "k" * 40
PASSWORD = "a long enough password"
DOC_TEXT = (
    "On 4 May 2024, Malian troops and Wagner fighters clashed with an armed group near Léré.\n"
    "Witnesses said   twelve people were killed.\n"
    "In early June 2024, Mauritania's army held manoeuvres near Fassala. "
    "On 4 May 2024 a second report described the clash near Léré."
)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class World:
    document: str = "sahel-notes"
    quote: str = "Malian troops and Wagner fighters clashed with an armed group near Léré"


@pytest.fixture
def admin_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=SECRET)


@pytest.fixture
def app(admin_settings: Settings) -> Iterator[FastAPI]:
    application = create_app(admin_settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def app_engine(app: FastAPI) -> Engine:
    engine: Engine = app.state.engine
    return engine


@pytest.fixture
def world(app_engine: Engine) -> World:
    with Session(app_engine) as session:
        add_country(session, "MLI", "Mali", 17.57, -4.0)
        add_country(session, "MRT", "Mauritania", 21.0, -10.9)
        add_actor(session, "fama", "Malian Armed Forces", country="MLI")
        add_actor(session, "wagner-group", "Wagner Group", kind="armed_group")
        add_place(session, "lere", "Léré", "MLI", 15.71, -4.91)
        add_place(session, "fassala", "Fassala", "MRT")
        add_document(session, "sahel-notes", "Notes from the Sahel", DOC_TEXT)
        session.commit()
    return World()


def html(response: Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


class Browser:
    """A TestClient that sends each form with its session's CSRF token, like a browser."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def token(self) -> str:
        page = self.client.get("/admin/login", follow_redirects=True)
        found = _CSRF.search(page.text)
        assert found, "no form token on the page"
        return found.group(1)

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: Any = None, **kwargs: Any) -> Response:
        """POST a form: a dict, or (name, value) pairs for repeated fields, as browsers send."""
        body: dict[str, Any] = {}
        pairs = data.items() if isinstance(data, dict) else (data or [])
        for name, value in pairs:
            if isinstance(value, list):
                body.setdefault(name, []).extend(value)
            elif name in body:
                previous = body[name]
                body[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                body[name] = value
        body["csrf_token"] = self.token()
        return self.client.post(url, data=body, **kwargs)

    def sign_in(self, username: str, password: str = PASSWORD) -> Response:
        return self.post(
            "/admin/login",
            {"username": username, "password": password, "next": "/admin"},
            follow_redirects=False,
        )


def make_user(engine: Engine, username: str, role: str) -> None:
    create_user(engine, username=username, password=PASSWORD, role=role)


def browser(app: FastAPI, **kwargs: Any) -> Browser:
    return Browser(TestClient(app, **kwargs))


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[Browser]:
    with TestClient(app) as client:
        yield Browser(client)


@pytest.fixture
def editor(app: FastAPI, app_engine: Engine) -> Iterator[Browser]:
    make_user(app_engine, "erin", "editor")
    with TestClient(app) as client:
        signed_in = Browser(client)
        assert signed_in.sign_in("erin").status_code == 303
        yield signed_in


@pytest.fixture
def admin(app: FastAPI, app_engine: Engine) -> Iterator[Browser]:
    make_user(app_engine, "ada", "admin")
    with TestClient(app) as client:
        signed_in = Browser(client)
        assert signed_in.sign_in("ada").status_code == 303
        yield signed_in
