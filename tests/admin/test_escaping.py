"""Everything typed is escaped wherever it is shown: script and HTML payloads stored in every
text field (titles, summaries, quotes, names, aliases, document text and metadata, usernames,
token names, run summaries, revision diffs) must come out inert on every HTML page of the app,
public and admin. Pages are enumerated from the app's routes, so pages added later are checked
too; their path parameters are filled with the ids of the rows holding the payloads.
"""

import re
from datetime import UTC, date, datetime
from typing import Any

from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import (
    Actor,
    ApiToken,
    Document,
    IngestionRun,
    Period,
    Place,
    ReferenceRevision,
    Revision,
    User,
)
from tests.admin.conftest import Browser
from tests.admin.test_event_forms import event_form
from tests.factories import EventSpec, add_country, add_event

XSS = (
    "<script>alert('xss')</script><img src=x onerror=alert('xss')>"
    "\"' onmouseover=\"alert('xss')\" <b data-xss>"
)
SHORT = "<script>alert('xss')</script>"
JS_URL = "javascript:alert('xss')"
_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")
NOT_PAGES = ("/api", "/static", "/docs", "/redoc", "/openapi.json")


def _store_payloads(engine: Engine) -> dict[str, str]:
    """Rows with a payload in every text column; returns the ids pages are reached by."""
    text = f"Intro. {XSS} In early May 2024 troops fought near {XSS}. {XSS}"
    with Session(engine) as session:
        add_country(session, "MLI", XSS[:120])
        actor = Actor(
            slug="xss-actor",
            name=XSS,
            kind="armed_group",
            aliases=[XSS],
            description=XSS,
            country_code="MLI",
        )
        place = Place(
            slug="xss-place",
            name=XSS,
            kind=XSS[:32],
            admin_region=XSS,
            aliases=[XSS],
            country_code="MLI",
            lat=15.0,
            lon=-4.0,
        )
        document = Document(
            slug="xss-document",
            title=XSS,
            authors=[XSS],
            publisher=XSS,
            url=JS_URL,
            published_stated=XSS[:100],
            filename=XSS,
            sha256="f" * 64,
            text=text,
            published=date(2024, 6, 1),
            date_warnings=[XSS],
        )
        session.add_all(
            [
                actor,
                place,
                document,
                Period(
                    slug="xss-period",
                    name=XSS,
                    description=XSS,
                    date_start=date(2024, 1, 1),
                    date_end=date(2024, 12, 31),
                ),
            ]
        )
        session.flush()
        quote = f"In early May 2024 troops fought near {XSS}"
        for slug, status in (("xss-event", "published"), ("xss-candidate", "candidate")):
            event = add_event(
                session,
                EventSpec(
                    slug=slug,
                    title=XSS,
                    summary=XSS,
                    type="armed_violence",
                    start=date(2024, 5, 1),
                    end=date(2024, 5, 10),
                    precision="part_of_month",
                    edtf="2024-05-01/2024-05-10",
                    status=status,
                    countries=["MLI"],
                    actors=[(actor, "party")],
                    places=[(place, "location")],
                    tags=[SHORT],
                    quotes=[(document, quote)],
                    flags=[SHORT],
                ),
            )
            session.add(
                Revision(
                    event_id=event.id,
                    author_kind="editor",
                    author=XSS[:120],
                    action="update",
                    event_version=1,
                    changes={"title": [XSS, XSS], "tags": [[SHORT], []]},
                )
            )
        user = User(username=XSS[:80], password_hash="x", role="editor")
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(
            ApiToken(
                user_id=user.id,
                name=XSS[:120],
                token_hash="e" * 64,
                prefix="sct_<b>",
                created_by=XSS[:80],
            )
        )
        run = IngestionRun(
            started_by=XSS[:120],
            finished_at=datetime.now(UTC),
            summary={
                "failures": [XSS],
                "warnings": [XSS],
                "documents": ["xss-document"],
                "events_new": 1,
            },
        )
        session.add(run)
        session.add(
            ReferenceRevision(
                author=XSS[:120],
                kind="actor",
                slug="xss-actor",
                action="update",
                changes={"name": [XSS, XSS]},
            )
        )
        session.commit()
        token = session.exec(select(ApiToken)).one()
        return {"run": str(run.id), "user": str(user.id), "token": str(token.id)}


def _value(segment: str, name: str, ids: dict[str, str]) -> str:
    if name.endswith("_id") or name in ("run", "user"):
        return ids.get(name.removesuffix("_id"), "1")
    by_segment = {
        "events": "xss-event",
        "actors": "xss-actor",
        "places": "xss-place",
        "periods": "xss-period",
        "documents": "xss-document",
        "sources": "xss-document",
        "countries": "MLI",
        "types": "armed_violence",
        "runs": ids["run"],
    }
    return by_segment.get(segment, "xss-event")


def _fill(match: re.Match[str], segments: list[str], ids: dict[str, str]) -> str:
    """A path parameter's value, chosen by the path segment before it (/actors/{id})."""
    index = segments.index(match[0])
    return _value(segments[index - 1] if index else "", match[1], ids)


def _pages(app: FastAPI, ids: dict[str, str]) -> list[str]:
    urls = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        path = str(context.path)
        if not isinstance(route, APIRoute) or "GET" not in (context.methods or ()):
            continue
        if path.startswith(NOT_PAGES):
            continue
        segments = path.split("/")
        urls.append(_PARAM.sub(lambda m, parts=segments: _fill(m, parts, ids), path))
    return urls


def _inert(page: str, url: str, *, links: bool = False) -> None:
    """No stored script, tag or event handler made it into the page (with `links`: no link
    to a stored javascript: URL either)."""
    soup = BeautifulSoup(page, "html.parser")
    for script in soup.find_all("script"):
        assert "xss" not in script.get_text(), f"{url}: a stored script runs"
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            joined = " ".join(value) if isinstance(value, list) else str(value)
            assert not (name.startswith("on") and "xss" in joined), f"{url}: <{tag.name} {name}>"
            assert not name.startswith("data-xss"), f"{url}: a stored tag was rendered"
            if links and name in ("href", "src", "action", "formaction"):
                assert not joined.strip().lower().startswith("javascript:"), f"{url}: {name}"
        assert not (tag.name == "img" and tag.get("src") == "x"), f"{url}: a stored <img>"


def _visit(
    app: FastAPI, browser: Browser, ids: dict[str, str], *, links: bool = False
) -> dict[str, bool]:
    """Every HTML page, checked; for each, whether it shows the (escaped) payload."""
    extra = [
        "/admin/review?document=xss-document&run=" + ids["run"],
        "/admin/events?q=" + XSS,
        "/admin/actors?q=" + XSS,
        "/admin/runs/" + ids["run"],
        "/admin/events/xss-event/edit?accept=1",
    ]
    shown: dict[str, bool] = {}
    for url in _pages(app, ids) + extra:
        params: dict[str, Any] = {}
        if "?" not in url:
            params["q"] = XSS  # reflected search boxes, where a page has one
        response = browser.get(url, params=params)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        _inert(response.text, url, links=links)
        shown[url] = "&lt;script&gt;alert(" in response.text
    return shown


def test_stored_payloads_are_inert_on_every_page(
    app: FastAPI, admin: Browser, app_engine: Engine
) -> None:
    ids = _store_payloads(app_engine)
    shown = _visit(app, admin, ids)
    escaped_on = {url for url, yes in shown.items() if yes}
    for expected in (
        "/admin",
        "/admin/events/xss-event/edit",
        "/admin/events/xss-event/history",
        "/admin/review",
        "/admin/documents",
        "/admin/actors",
        "/admin/actors/xss-actor",
        "/admin/places/xss-place",
        "/admin/periods/xss-period",
        "/admin/users",
        "/admin/tokens",
        "/admin/runs/" + ids["run"],
    ):
        assert expected in escaped_on, f"{expected} does not show the payload at all"
    assert len(shown) > 25


def test_stored_links_never_run_scripts(app: FastAPI, admin: Browser, app_engine: Engine) -> None:
    _visit(app, admin, _store_payloads(app_engine), links=True)


def test_payloads_typed_into_the_forms_are_inert_when_shown_again(
    admin: Browser, app_engine: Engine
) -> None:
    response = admin.post(
        "/admin/events/new",
        event_form(
            title=XSS,
            summary=XSS,
            date=XSS,
            tags=XSS,
            actor_ref=[XSS],
            actor_role=["party"],
            actor_kind=[""],
            citation_document=[XSS],
            citation_quote=[XSS],
            relation_event=[XSS],
        ),
    )
    assert response.status_code == 400
    _inert(response.text, "/admin/events/new")
    assert response.text.count("&lt;script&gt;alert(") >= 5
