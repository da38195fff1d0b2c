"""The admin in a real browser (Debian's Chromium through Playwright), against the app served by
uvicorn on 127.0.0.1: sign in, create an event with a free-text date (previewed as typed) and a
citation, see it in the API and on its public page, edit it, see the revision, revert it, look at
the review queue, sign out. Screenshots of the event form and the review queue are written to
test-artifacts/.
"""

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session

from app import migrations
from app.accounts import create_user
from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.main import create_app
from tests.admin.conftest import DOC_TEXT, PASSWORD, SECRET
from tests.factories import EventSpec, add_actor, add_country, add_document, add_event, add_place

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
QUOTE = "Malian troops and Wagner fighters clashed with an armed group near Léré"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh SQLite database with a few entries and one editor, served by uvicorn
    in a thread until the tests of this module are done."""
    path = tmp_path_factory.mktemp("browser") / "admin.db"
    settings = Settings(database_url=f"sqlite:///{path}", secret_key=SECRET)
    engine = make_engine(settings)
    migrations.upgrade(engine)
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        add_actor(session, "fama", "Malian Armed Forces", country="MLI")
        add_place(session, "lere", "Léré", "MLI", 15.71, -4.91)
        document = add_document(session, "sahel-notes", "Notes from the Sahel", DOC_TEXT)
        add_event(
            session,
            EventSpec(
                slug="2024-06-01-manoeuvres-near-fassala",
                title="Manoeuvres near Fassala",
                type="military_exercise",
                start=date(2024, 6, 1),
                end=date(2024, 6, 10),
                precision="part_of_month",
                edtf="2024-06-01/2024-06-10",
                status="candidate",
                confidence=0.45,
                quotes=[(document, "Mauritania's army held manoeuvres near Fassala")],
            ),
        )
        session.commit()
    create_user(engine, username="amina", password=PASSWORD, role="editor")
    engine.dispose()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser_page(base_url: str) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: run the tests with scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


def test_an_editor_creates_edits_reverts_an_event_and_signs_out(
    browser_page: object, base_url: str
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    ARTIFACTS.mkdir(exist_ok=True)

    # Sign in: the admin sends anonymous visitors to the form, and back afterwards.
    page.goto("/admin/events/new")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    page.fill("#f-username", "amina")
    page.fill("#f-password", PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator("h1")).to_have_text("New event")

    # The date is read as it is typed.
    page.fill("#f-title", "Clash near Léré")
    page.select_option("#f-type", "armed_violence")
    page.fill("#f-summary", "Malian troops and Wagner fighters clashed with an armed group.")
    page.fill("#f-date", "early May 2024")
    expect(page.locator("#date-preview")).to_contain_text("2024-05-01 to 2024-05-10")
    expect(page.locator("#date-preview")).to_contain_text("part_of_month")
    # Pickers suggest as the editor types.
    actor = page.locator("input[name=actor_ref]").first
    actor.fill("Malian")
    suggestion = page.locator("#actor-suggestions option")
    expect(suggestion).to_have_count(1)
    actor.fill(str(suggestion.get_attribute("value")))  # choosing it (the list is native UI)
    page.locator("input[name=place_ref]").first.fill("Léré")
    page.locator("select[name=citation_document]").first.select_option("sahel-notes")
    page.locator("textarea[name=citation_quote]").first.fill(QUOTE)
    page.screenshot(path=str(ARTIFACTS / "admin-event-form.png"), full_page=True)
    page.click("button:has-text('Save')")
    expect(page.locator(".message[role=status]")).to_contain_text("The event was created")
    slug = "2024-05-01-clash-near-lere"
    expect(page).to_have_url(re.compile(f"/admin/events/{slug}/edit"))

    # In the API, and on the public page.
    api = page.request.get(f"/api/v1/events/{slug}").json()
    assert api["date"]["label"] == "early May 2024"
    assert api["sources"][0]["quote"] == QUOTE
    assert [a["id"] for a in api["actors"]] == ["fama"]
    # The public pages (issue 5) are checked when they exist.
    if page.request.get(f"/events/{slug}").status != 404:
        page.goto(f"/events/{slug}")
        expect(page.locator("main")).to_contain_text("Clash near Léré")
        expect(page.locator("main")).to_contain_text(QUOTE)
    if page.request.get("/").status == 200:
        page.goto("/")
        expect(page.locator("main")).to_contain_text("Clash near Léré")
    page.goto(f"/admin/events/{slug}/edit")

    # Edit it, and see the revision.
    page.fill("#f-title", "Clash at Léré")
    page.click("button:has-text('Save')")
    expect(page.locator(".message[role=status]")).to_contain_text("Your changes were saved")
    page.click("a:has-text('History')")
    newest = page.locator(".revision").first
    expect(newest).to_contain_text("update")
    expect(newest.locator("del")).to_have_text("Clash near Léré")
    expect(newest.locator("ins")).to_have_text("Clash at Léré")

    # Revert to the first version: the revert is a revision of its own.
    page.click("button:has-text('Revert to version 1')")
    expect(page.locator(".message[role=status]")).to_contain_text("reverted")
    expect(page.locator(".revision").first).to_contain_text("revert")
    assert page.request.get(f"/api/v1/events/{slug}").json()["title"] == "Clash near Léré"

    # The review queue, with the candidate's quote in its context.
    page.click("nav[aria-label=Admin] a:has-text('Review')")
    expect(page.locator(".candidate mark")).to_have_text(
        "Mauritania's army held manoeuvres near Fassala"
    )
    page.screenshot(path=str(ARTIFACTS / "admin-review-queue.png"), full_page=True)

    # Sign out: the admin is closed again.
    page.click("button:has-text('Sign out')")
    expect(page.locator(".message[role=status]")).to_contain_text("You are signed out")
    page.goto("/admin")
    expect(page).to_have_url(re.compile(r"/admin/login"))
