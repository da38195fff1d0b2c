"""The event form over HTTP: create and edit with every field, the date preview, inline errors
that keep what was typed, references created on the spot, citations found in the document,
delete and restore, and the conflict screen when two editors save the same version."""

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.models import Actor, Citation, Country, Event, Place, Revision
from tests.admin.conftest import DOC_TEXT, Browser, World, html

NEW = "/admin/events/new"


def event_form(**overrides: Any) -> list[tuple[str, str]]:
    """A filled-in form, as a browser sends it (repeated fields for the rows)."""
    fields: dict[str, Any] = {
        "title": "Clash near Léré",
        "type": "armed_violence",
        "summary": "Malian troops and Wagner fighters clashed with an armed group.",
        "date": "4 May 2024",
        "status": "published",
        "occurrence": "occurred",
        "confidence": "0.9",
        "fatalities_best": "12",
        "fatalities_low": "",
        "fatalities_high": "",
        "tags": "border-crisis-2024, wagner",
        "actor_ref": ["Malian Armed Forces", "wagner-group", ""],
        "actor_role": ["perpetrator", "perpetrator", "party"],
        "actor_kind": ["", "", ""],
        "place_ref": ["Léré", ""],
        "place_role": ["location", "location"],
        "country_ref": ["Mali (MLI)", ""],
        "country_role": ["location", "location"],
        "relation_kind": ["follows"],
        "relation_event": [""],
        "citation_document": ["sahel-notes"],
        "citation_quote": [
            "Malian troops and Wagner fighters\nclashed with an armed group near Léré"
        ],
        "citation_start": [""],
        "action": "save",
    }
    fields.update(overrides)
    pairs = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


def _event(engine: Engine, slug: str) -> Event:
    with Session(engine) as session:
        return session.exec(select(Event).where(col(Event.slug) == slug)).one()


def test_the_new_event_form_has_every_field(editor: Browser, world: World) -> None:
    page = html(editor.get(NEW))
    names = {i.get("name") for i in page.select("form#event-form [name]")}
    assert {
        "title", "type", "summary", "date", "status", "occurrence", "confidence",
        "fatalities_best", "fatalities_low", "fatalities_high", "tags", "flags",
        "actor_ref", "actor_role", "actor_kind", "place_ref", "place_role", "place_new",
        "country_ref", "country_role", "country_new", "relation_kind", "relation_event",
        "citation_document", "citation_quote", "citation_start", "csrf_token",
    } <= names  # fmt: skip
    assert page.select_one("datalist#actor-suggestions")["data-suggest"].endswith(
        "/admin/suggest/actors"
    )


def test_creating_an_event_stores_it_with_links_citation_and_revision(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    response = editor.post(NEW, event_form(), follow_redirects=False)
    assert response.status_code == 303
    slug = "2024-05-04-clash-near-lere"
    assert response.headers["location"].endswith(f"/admin/events/{slug}/edit?notice=created")
    event = _event(app_engine, slug)
    assert (event.date_start.isoformat(), event.date_end.isoformat(), event.precision) == (
        "2024-05-04", "2024-05-04", "day",
    )  # fmt: skip
    assert (event.fatalities_best, event.confidence, event.version) == (12, 0.9, 1)
    with Session(app_engine) as session:
        citation = session.exec(select(Citation)).one()
        assert DOC_TEXT[citation.char_start : citation.char_end] == citation.quote
        assert citation.quote == world.quote and citation.method == "editor"
        revision = session.exec(select(Revision)).one()
        assert (revision.author_kind, revision.author, revision.action) == (
            "editor", "erin", "create",
        )  # fmt: skip
        assert revision.changes["actors"] == [
            None, ["fama:perpetrator", "wagner-group:perpetrator"],
        ]  # fmt: skip
    api = editor.get(f"/api/v1/events/{slug}").json()
    assert api["date"]["label"] == "4 May 2024"
    assert api["sources"][0]["quote"] == world.quote
    assert api["tags"] == ["border-crisis-2024", "wagner"]
    assert {a["id"] for a in api["actors"]} == {"fama", "wagner-group"}


def test_check_shows_the_parsed_date_and_saves_nothing(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    response = editor.post(NEW, event_form(date="early May 2024", action="check"))
    assert response.status_code == 200
    preview = html(response).select_one("#date-preview").get_text(" ", strip=True)
    assert "early May 2024" in preview and "2024-05-01 to 2024-05-10" in preview
    assert "part_of_month" in preview and "2024-05-01/2024-05-10" in preview
    assert "Everything checks out" in response.text
    with Session(app_engine) as session:
        assert session.exec(select(Event)).first() is None


def test_the_date_preview_endpoint(editor: Browser) -> None:
    for typed, edtf in (
        ("2021–2022", "2021/2022"),
        ("late 2021", "2021-09/2021-12"),
        ("2015", "2015"),
        ("4 May 2024", "2024-05-04"),
    ):
        body = editor.get("/admin/date-preview", params={"text": typed}).json()
        assert body["ok"] and body["edtf"] == edtf, typed
    bad = editor.get("/admin/date-preview", params={"text": "the other day"}).json()
    assert not bad["ok"] and "could not read" in bad["error"]


def test_errors_are_shown_at_their_fields_and_nothing_typed_is_lost(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    form = event_form(
        title="",
        date="sometime soon",
        confidence="very",
        fatalities_low="20",
        summary="Kept <b>as typed</b>",
        actor_ref=["Malian Armed Forces", "Nobody Knows"],
        actor_role=["perpetrator", "party"],
        actor_kind=["", ""],
        citation_quote=["words that are not in the document"],
    )
    response = editor.post(NEW, form)
    assert response.status_code == 400
    page = html(response)
    assert "could not read 'sometime soon'" in page.select_one("#date-error").text
    assert page.select_one("#title-error").text.strip().endswith("give the event a title")
    assert "not a number" in page.select_one("#confidence-error").text
    assert "above the best estimate" in page.select_one("#fatalities_low-error").text
    assert "no actor is called 'Nobody Knows'" in page.select_one("#f-actors-1").text
    assert "this quote is not in 'Notes from the Sahel'" in page.select_one("#f-citations-0").text
    assert len(page.select("#error-summary li")) == 6
    # Everything typed is still there.
    assert page.select_one("#f-date")["value"] == "sometime soon"
    assert page.select_one("#f-summary").text == "Kept <b>as typed</b>"
    assert page.select_one("#f-fatalities_low")["value"] == "20"
    refs = [i["value"] for i in page.select("input[name=actor_ref]")]
    assert refs[:2] == ["Malian Armed Forces", "Nobody Knows"]
    quote = page.select("textarea[name=citation_quote]")[0].text
    assert quote == "words that are not in the document"
    with Session(app_engine) as session:
        assert session.exec(select(Event)).first() is None


def test_new_actors_places_and_countries_are_created_on_the_spot(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    form = event_form(
        actor_ref=["Front de Libération de l'Azawad"],
        actor_role=["party"],
        actor_kind=["armed_group"],
        place_ref=["Ber", "Nowhere Town"],
        place_role=["location", "location"],
        place_new=["0"],
        country_ref=["Western Sahara (ESH)"],
        country_role=["mentioned"],
        country_new=["0"],
    )
    refused = editor.post(NEW, form)
    assert refused.status_code == 400  # "Nowhere Town" is unknown and not ticked as new
    assert "no place is called 'Nowhere Town'" in html(refused).select_one("#f-places-1").text
    form = [(k, v) for k, v in form if k != "place_new"] + [("place_new", "0"), ("place_new", "1")]
    assert editor.post(NEW, form, follow_redirects=False).status_code == 303
    with Session(app_engine) as session:
        actor = session.exec(
            select(Actor).where(Actor.kind == "armed_group", Actor.slug != "wagner-group")
        ).one()
        assert (actor.slug, actor.name) == (
            "front-de-liberation-de-l-azawad", "Front de Libération de l'Azawad",
        )  # fmt: skip
        assert {p.name for p in session.exec(select(Place))} >= {"Ber", "Nowhere Town"}
        assert session.get(Country, "ESH") is not None


def test_editing_changes_only_what_changed(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    editor.post(NEW, event_form())
    slug = "2024-05-04-clash-near-lere"
    page = html(editor.get(f"/admin/events/{slug}/edit"))
    assert page.select_one("#f-date")["value"] == "4 May 2024"
    assert page.select_one("input[name=version]")["value"] == "1"
    assert [i["value"] for i in page.select("input[name=actor_ref]")][:2] == [
        "Malian Armed Forces", "Wagner Group",
    ]  # fmt: skip
    # Send the form back as shown, with a new title and a second citation.
    form = _form_of(page)
    form = [(k, v) for k, v in form if k not in ("title", "action")] + [
        ("title", "Clash near Léré, Mali"),
        ("action", "save"),
    ]
    documents = [i for i, (k, _) in enumerate(form) if k == "citation_document"]
    quotes = [i for i, (k, _) in enumerate(form) if k == "citation_quote"]
    form[documents[-1]] = ("citation_document", "sahel-notes")
    form[quotes[-1]] = ("citation_quote", "twelve people were killed")
    response = editor.post(f"/admin/events/{slug}/edit", form, follow_redirects=False)
    assert response.status_code == 303, response.text
    with Session(app_engine) as session:
        revision = session.exec(select(Revision).where(Revision.action == "update")).one()
        assert set(revision.changes) == {"title", "citations"}
        assert revision.event_version == 2
        quotes_now = {c.quote for c in session.exec(select(Citation))}
    assert quotes_now == {world.quote, "twelve people were killed"}
    unchanged = editor.post(
        f"/admin/events/{slug}/edit",
        _form_of(html(editor.get(f"/admin/events/{slug}/edit"))),
        follow_redirects=False,
    )
    assert unchanged.headers["location"].endswith("notice=unchanged")


def _form_of(page: Any) -> list[tuple[str, str]]:
    """What a browser would send for the page's event form, untouched."""
    form = page.select_one("form#event-form")
    pairs: list[tuple[str, str]] = []
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or name == "csrf_token":
            continue
        if field.name == "textarea":
            pairs.append((name, field.text))
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            pairs.append((name, chosen.get("value", "") if chosen else ""))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                pairs.append((name, field.get("value", "on")))
        else:
            pairs.append((name, field.get("value", "")))
    return pairs + [("action", "save")]


def test_two_editors_saving_the_same_version_get_a_conflict_to_merge(
    editor: Browser, admin: Browser, world: World, app_engine: Engine
) -> None:
    editor.post(NEW, event_form())
    slug = "2024-05-04-clash-near-lere"
    url = f"/admin/events/{slug}/edit"
    mine = _form_of(html(editor.get(url)))
    theirs = _form_of(html(admin.get(url)))
    # The administrator saves a new summary and toll first.
    theirs = [(k, v) for k, v in theirs if k not in ("summary", "fatalities_best")] + [
        ("summary", "Their summary."),
        ("fatalities_best", "14"),
    ]
    assert admin.post(url, theirs, follow_redirects=False).status_code == 303
    # The editor, still on version 1, changes the title and the toll too.
    mine = [(k, v) for k, v in mine if k not in ("title", "fatalities_best")] + [
        ("title", "My title"),
        ("fatalities_best", "15"),
    ]
    conflict = editor.post(url, mine)
    assert conflict.status_code == 409
    page = html(conflict)
    assert "Someone else saved this event" in page.text
    rows = {r.th.get_text(" ", strip=True): r for r in page.select(".conflict-table tbody tr")}
    assert set(rows) == {"Summary", "Fatalities changed by both"}
    assert "Their summary." in rows["Summary"].text
    assert rows["Summary"].select_one("input[value=theirs]").has_attr("checked")
    both = rows["Fatalities changed by both"]
    assert "14" in both.text and "15" in both.text
    assert both.select_one("input[value=mine]").has_attr("checked")
    assert page.select_one("input[name=version]")["value"] == "2"
    assert page.select_one("#f-title")["value"] == "My title"  # nothing typed is lost
    # Keep their summary (the default) and their toll, with my title.
    resolved = _form_of(page)
    resolved = [(k, v) for k, v in resolved if k != "resolve_fatalities"] + [
        ("resolve_fatalities", "theirs")
    ]
    assert editor.post(url, resolved, follow_redirects=False).status_code == 303
    event = _event(app_engine, slug)
    assert (event.title, event.summary, event.fatalities_best, event.version) == (
        "My title", "Their summary.", 14, 3,
    )  # fmt: skip


def test_deleted_events_leave_the_api_and_can_be_restored(
    editor: Browser, anonymous: Browser, world: World, app_engine: Engine
) -> None:
    editor.post(NEW, event_form())
    slug = "2024-05-04-clash-near-lere"
    assert anonymous.get(f"/api/v1/events/{slug}").status_code == 200
    response = editor.post(f"/admin/events/{slug}/delete", {"version": "1"}, follow_redirects=False)
    assert response.status_code == 303
    assert _event(app_engine, slug).status == "deleted"
    assert anonymous.get(f"/api/v1/events/{slug}").status_code == 404
    page = html(editor.get(f"/admin/events/{slug}/edit"))
    assert "This event is deleted" in page.text
    editor.post(f"/admin/events/{slug}/restore", {"version": "2"})
    assert _event(app_engine, slug).status == "published"
    assert anonymous.get(f"/api/v1/events/{slug}").status_code == 200
    with Session(app_engine) as session:
        actions = [r.action for r in session.exec(select(Revision).order_by(col(Revision.id)))]
    assert actions == ["create", "delete", "restore"]


def test_a_stale_delete_is_a_conflict(editor: Browser, world: World, app_engine: Engine) -> None:
    editor.post(NEW, event_form())
    response = editor.post("/admin/events/2024-05-04-clash-near-lere/delete", {"version": "7"})
    assert response.status_code == 409
    assert "changed by someone else" in response.text


def test_suggestions_for_the_pickers(editor: Browser, world: World) -> None:
    actors = editor.get("/admin/suggest/actors", params={"q": "malian"}).json()
    assert actors == [{"value": "Malian Armed Forces", "label": "armed force · fama"}]
    places = editor.get("/admin/suggest/places", params={"q": "lere"}).json()
    assert places[0]["value"] == "Léré"
    countries = editor.get("/admin/suggest/countries", params={"q": "maur"}).json()
    assert countries == [{"value": "Mauritania (MRT)", "label": "MRT"}]
    assert editor.get("/admin/suggest/nothing").status_code == 400


def test_an_unknown_event_is_a_404_page(editor: Browser) -> None:
    response = editor.get("/admin/events/no-such-event/edit")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "no event has the id" in response.text


def test_the_event_list_finds_by_title_and_status(editor: Browser, world: World) -> None:
    editor.post(NEW, event_form())
    found = html(editor.get("/admin/events", params={"q": "léré"}))
    assert [a.text for a in found.select("tbody a")] == ["Clash near Léré"]
    none = html(editor.get("/admin/events", params={"status": "candidate"}))
    assert none.select("tbody a") == []
