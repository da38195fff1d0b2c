"""Signing in and out: argon2 hashes, the session cookie's flags and expiry, throttled guessing,
CSRF on every form (the sign-in form included), and the secret that signs it all."""

import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.accounts import change_account, verify_password
from app.config import PROJECT_ROOT, Settings, get_settings
from app.errors import ConfigurationError
from app.models import User
from app.sessions import COOKIE_NAME, SessionCodec, SessionData
from tests.admin.conftest import PASSWORD, Browser, browser, make_user


def test_passwords_are_stored_as_argon2_hashes(app_engine: Engine) -> None:
    make_user(app_engine, "erin", "editor")
    with Session(app_engine) as session:
        user = session.exec(select(User)).one()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert verify_password(user.password_hash, PASSWORD)
    assert not verify_password(user.password_hash, PASSWORD + "!")


def test_signing_in_sets_a_safe_session_cookie(app: FastAPI, app_engine: Engine) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app)
    response = client.sign_in("erin")
    assert response.status_code == 303 and response.headers["location"] == "/admin"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here; see the next test
    home = client.get("/admin")
    assert home.status_code == 200 and "Signed in as" in home.text and "erin" in home.text


def test_the_cookie_is_secure_over_https(app: FastAPI, app_engine: Engine) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app, base_url="https://testserver")
    response = client.sign_in("erin")
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_password_shows_the_form_again(app: FastAPI, app_engine: Engine) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app)
    response = client.sign_in("erin", "not the password")
    assert response.status_code == 401
    assert "wrong user name or password" in response.text
    assert 'value="erin"' in response.text  # the name is kept, the password is not
    assert client.get("/admin", follow_redirects=False).status_code == 303


def test_unknown_names_and_disabled_accounts_cannot_sign_in(
    app: FastAPI, app_engine: Engine
) -> None:
    make_user(app_engine, "erin", "editor")
    make_user(app_engine, "ada", "admin")
    with Session(app_engine) as session:
        erin = session.exec(select(User).where(User.username == "erin")).one()
    assert erin.id is not None
    change_account(app_engine, user_id=erin.id, active=False)
    client = browser(app)
    assert client.sign_in("erin").status_code == 401
    assert client.sign_in("nobody").status_code == 401


def test_repeated_failures_are_throttled_even_with_the_right_password(
    app: FastAPI, app_engine: Engine
) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app)
    for _ in range(5):
        assert client.sign_in("erin", "guess").status_code == 401
    refused = client.sign_in("erin")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "too many failed sign-ins" in refused.text
    # Another account is not locked by these failures.
    make_user(app_engine, "ada", "admin")
    assert browser(app).sign_in("ada").status_code == 303


def test_signing_out_ends_the_session_everywhere(app: FastAPI, app_engine: Engine) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app)
    client.sign_in("erin")
    stolen = client.client.cookies.get(COOKIE_NAME)
    assert stolen
    out = client.post("/admin/logout", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"].startswith("/admin/login")
    assert client.get("/admin", follow_redirects=False).status_code == 303
    replay = TestClient(app, cookies={COOKIE_NAME: stolen})
    assert replay.get("/admin", follow_redirects=False).status_code == 303


def test_a_new_password_or_role_ends_the_sessions(app: FastAPI, app_engine: Engine) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app)
    client.sign_in("erin")
    with Session(app_engine) as session:
        erin = session.exec(select(User).where(User.username == "erin")).one()
    assert erin.id is not None
    change_account(app_engine, user_id=erin.id, role="admin")
    assert client.get("/admin", follow_redirects=False).status_code == 303


def test_sessions_expire() -> None:
    codec = SessionCodec("x" * 40, max_age=1)
    value = codec.dumps(SessionData.signed_in(1, 0))
    assert codec.loads(value) is not None
    time.sleep(2.1)
    assert codec.loads(value) is None


def test_a_tampered_cookie_is_ignored(app: FastAPI, app_engine: Engine) -> None:
    codec = SessionCodec("another secret, not the app's, long enough", max_age=3600)
    make_user(app_engine, "ada", "admin")
    forged = codec.dumps(SessionData(csrf="t", user_id=1, epoch=0))
    client = TestClient(app, cookies={COOKIE_NAME: forged})
    assert client.get("/admin", follow_redirects=False).status_code == 303


def test_anonymous_pages_redirect_to_sign_in_and_back(anonymous: Browser) -> None:
    response = anonymous.get("/admin/review?document=x", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=%2Fadmin%2Freview%3Fdocument%3Dx"


def test_next_never_leads_to_another_site(app: FastAPI, app_engine: Engine) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app)
    response = client.post(
        "/admin/login",
        {"username": "erin", "password": PASSWORD, "next": "//evil.example/admin"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/admin"


def test_forms_without_the_token_are_refused(editor: Browser) -> None:
    response = editor.client.post("/admin/events/new", data={"title": "x"})
    assert response.status_code == 403
    assert "reload the page" in response.text
    forged = editor.client.post("/admin/events/new", data={"title": "x", "csrf_token": "forged"})
    assert forged.status_code == 403


def test_forms_from_another_origin_are_refused(editor: Browser) -> None:
    response = editor.post(
        "/admin/events/new", {"title": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    cross = editor.post(
        "/admin/events/new", {"title": "x"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403


def test_the_sign_in_form_needs_its_token_and_signing_in_renews_it(
    app: FastAPI, app_engine: Engine
) -> None:
    make_user(app_engine, "erin", "editor")
    client = browser(app)
    bare = client.client.post("/admin/login", data={"username": "erin", "password": PASSWORD})
    assert bare.status_code == 403
    before = client.token()
    client.sign_in("erin")
    assert client.token() != before


def test_outside_development_a_real_secret_is_required(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="SAHEL_SECRET_KEY must be set"):
        Settings(environment="production")
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(environment="production", secret_key="changethis")
    with pytest.raises(ValidationError, match="placeholder or shorter"):
        Settings(environment="production", secret_key="short")
    strong = Settings(environment="production", secret_key="s" * 48)
    assert strong.signing_key() == "s" * 48


def test_development_keeps_a_generated_secret(tmp_path: Path) -> None:
    path = tmp_path / ".secret_key"
    settings = Settings(secret_key_file=path)
    first = settings.signing_key()
    assert len(first) >= 32 and path.stat().st_mode & 0o777 == 0o600
    assert Settings(secret_key_file=path).signing_key() == first


def test_the_app_refuses_to_start_in_production_without_a_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAHEL_ENVIRONMENT", "production")
    monkeypatch.delenv("SAHEL_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SAHEL_SECRET_KEY must be set in production"):
        get_settings()
    monkeypatch.setenv("SAHEL_SECRET_KEY", "changethis-changethis-changethis-changethis")
    with pytest.raises(ConfigurationError, match="placeholder"):
        get_settings()


def test_a_token_of_any_characters_is_refused_cleanly(editor: Browser) -> None:
    response = editor.client.post("/admin/events/new", data={"csrf_token": "jeton-é"})
    assert response.status_code == 403


def test_the_readme_documents_the_settings_of_the_admin() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in (
        "environment",
        "secret_key",
        "secret_key_file",
        "session_max_age_seconds",
        "login_max_failures",
        "login_window_seconds",
    ):
        assert name in Settings.model_fields
        assert f"SAHEL_{name.upper()}" in readme, name
    assert "scripts/create_user.py" in readme
