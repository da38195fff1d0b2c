"""Accounts and API tokens, managed by administrators only: tokens are shown once and stored as
digests, revoked tokens and disabled accounts stop working."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import ApiToken, User
from tests.admin.conftest import PASSWORD, Browser, browser, html


def test_administrators_create_accounts(admin: Browser, app: FastAPI, app_engine: Engine) -> None:
    bad = admin.post(
        "/admin/users",
        {"username": "X Y", "password": "short", "password_again": "other", "role": "boss"},
    )
    assert bad.status_code == 400
    page = html(bad)
    assert "lower-case letters" in page.text and "at least 12 characters" in page.text
    assert "choose editor or admin" in page.text and "the two passwords differ" in page.text
    assert page.select_one("#f-username")["value"] == "X Y"
    assert page.select_one("#f-password")["value"] == ""  # passwords are never sent back
    ok = admin.post(
        "/admin/users",
        {"username": "Musa", "password": PASSWORD, "password_again": PASSWORD, "role": "editor"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert browser(app).sign_in("musa").status_code == 303
    taken = admin.post(
        "/admin/users",
        {"username": "musa", "password": PASSWORD, "password_again": PASSWORD, "role": "editor"},
    )
    assert "already taken" in taken.text


def test_the_last_administrator_cannot_be_demoted(admin: Browser, app_engine: Engine) -> None:
    with Session(app_engine) as session:
        ada = session.exec(select(User).where(User.username == "ada")).one()
    response = admin.post(f"/admin/users/{ada.id}", {"role": "editor", "active": "1"})
    assert response.status_code == 400 and "last active administrator" in response.text


def test_disabling_an_account_signs_it_out(
    admin: Browser, editor: Browser, app_engine: Engine
) -> None:
    with Session(app_engine) as session:
        erin = session.exec(select(User).where(User.username == "erin")).one()
    admin.post(f"/admin/users/{erin.id}", {"role": "editor"})  # "active" unticked
    assert editor.get("/admin", follow_redirects=False).status_code == 303
    assert editor.sign_in("erin").status_code == 401


def _issue(admin: Browser, app_engine: Engine, username: str = "ada") -> tuple[int, str]:
    with Session(app_engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
    page = admin.post("/admin/tokens", {"name": "nightly sync", "user": str(user.id)})
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    token = html(page).select_one("#issued-token").text
    with Session(app_engine) as session:
        row = session.exec(select(ApiToken).order_by(ApiToken.id.desc())).first()  # type: ignore[union-attr]
    assert row is not None and row.id is not None
    return row.id, token


def test_tokens_are_shown_once_and_stored_as_digests(
    admin: Browser, app: FastAPI, app_engine: Engine
) -> None:
    token_id, token = _issue(admin, app_engine)
    assert re.fullmatch(r"sct_[A-Za-z0-9_-]{43}", token)
    with Session(app_engine) as session:
        row = session.get(ApiToken, token_id)
    assert row is not None and token not in row.token_hash and len(row.token_hash) == 64
    listing = admin.get("/admin/tokens").text
    assert token not in listing and row.prefix in listing
    api = TestClient(app)
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/events?status=candidate", headers=headers).status_code == 200
    assert api.get("/api/v1/events?status=candidate").status_code == 403
    admin.post(f"/admin/tokens/{token_id}/revoke")
    assert api.get("/api/v1/events?status=candidate", headers=headers).status_code == 403
    refused = api.delete("/api/v1/events/x", headers=headers)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert refused.headers["www-authenticate"].startswith("Bearer")


def test_a_token_stops_working_with_its_disabled_account(
    admin: Browser, editor: Browser, app: FastAPI, app_engine: Engine
) -> None:
    _, token = _issue(admin, app_engine, "erin")
    with Session(app_engine) as session:
        erin = session.exec(select(User).where(User.username == "erin")).one()
    admin.post(f"/admin/users/{erin.id}", {"role": "editor"})
    response = TestClient(app).delete(
        "/api/v1/events/x", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


def test_signed_in_editors_read_unpublished_events_in_the_api(editor: Browser) -> None:
    assert editor.get("/api/v1/events?status=candidate").status_code == 200
