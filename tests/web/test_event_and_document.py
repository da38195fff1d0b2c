"""The event page (details, citations, related events, history) and the document page (the
text with every cited span marked and linked, its own timeline, its metadata)."""

from collections.abc import Callable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from httpx import Response

from app.queries.documents import Span
from app.web.documents import text_pieces
from tests.api.world import COUP_2020, COUP_2021, DOC_A_TEXT, INCURSION

Get = Callable[..., tuple[Response, BeautifulSoup]]


def _facts(soup: BeautifulSoup) -> dict[str, str]:
    return {
        div.dt.get_text(): div.dd.get_text(" ", strip=True) for div in soup.select("dl.facts > div")
    }


def test_event_page_shows_every_detail(page: Get) -> None:
    response, soup = page(f"/events/{INCURSION}")
    assert response.status_code == 200
    assert soup.h1.get_text() == "Incursion near Adel Bagrou"
    assert soup.select_one(".event-page-date").get_text() == "early April 2024"
    facts = _facts(soup)
    assert facts["Type"] == "Border incident"
    assert facts["Day bounds"] == "2024-04-01 to 2024-04-10"
    assert facts["EDTF"] == "2024-04-01/2024-04-10"
    assert facts["Killed"] == "2 (sources say 2–3)"
    assert facts["Id"] == INCURSION
    actors = [a.get_text() for a in soup.select('section[aria-labelledby="details-heading"] a')]
    assert {"Malian Armed Forces", "Wagner Group", "Adel Bagrou", "Mali", "Mauritania"} <= set(
        actors
    )
    warning = soup.select_one('.message.warning[role="status"]')
    assert warning is not None and "disagree on the number killed" in warning.get_text()
    assert soup.find("a", string="JSON")["href"] == f"/api/v1/events/{INCURSION}"


def test_citations_link_to_their_spot_in_the_document(page: Get) -> None:
    _, soup = page(f"/events/{INCURSION}")
    citations = soup.select("ol.citations li.citation")
    assert len(citations) == 2
    first = citations[0]
    assert first.blockquote.get_text(strip=True) == (
        "“In early April 2024, Malian troops and Wagner fighters crossed into Adel Bagrou, "
        "killing two.”"
    )
    href = str(first.a["href"])
    parts = urlsplit(href)
    assert parts.path == "/documents/analysis-a" and parts.fragment.startswith("q-")
    _, document = page(parts.path)
    mark = document.find(id=parts.fragment)
    assert mark is not None and mark.name == "mark"
    assert mark.get_text() == (
        "In early April 2024, Malian troops and Wagner fighters crossed into Adel Bagrou, "
        "killing two."
    )
    assert mark.a["href"] == f"/events/{INCURSION}"


def test_related_events_share_actors_or_places(page: Get) -> None:
    _, soup = page(f"/events/{COUP_2020}")
    related = [
        str(a["href"]).rsplit("/", 1)[1]
        for a in soup.select('section[aria-labelledby="related-heading"] .event-title')
    ]
    # Same actor (FAMa) and place (Bamako): the second coup first (two shared), then the
    # incursion (FAMa, and Bamako mentioned).
    assert related[0] == COUP_2021
    assert INCURSION in related
    nearby = soup.select('section[aria-labelledby="nearby-heading"] .event-title')
    assert nearby == []  # nothing else in Mali within two months


def test_revision_history_is_listed(page: Get) -> None:
    _, soup = page(f"/events/{INCURSION}")
    rows = soup.select("table.revisions tbody tr")
    assert len(rows) == 1
    cells = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert cells[:3] == ["2024-01-06 12:00 UTC", "ingestion: tests", "create"]
    assert "status: published" in cells[3]


def test_document_marks_every_cited_span(page: Get) -> None:
    response, soup = page("/documents/analysis-a")
    assert response.status_code == 200
    text = soup.select_one("#text")
    assert text is not None
    assert text.get_text() == DOC_A_TEXT  # the text is whole, in order
    marks = text.find_all("mark")
    assert len(marks) == 6
    for mark in marks:
        assert str(mark["id"]).startswith("q-")
        assert mark.get_text() in DOC_A_TEXT
        assert str(mark.a["href"]).startswith("/events/")
    cited = soup.select("ol.spans li")
    assert len(cited) == 6
    assert [str(li.q.a["href"]) for li in cited] == [f"#{m['id']}" for m in marks]


def test_document_metadata_and_timeline(page: Get) -> None:
    _, soup = page("/documents/analysis-b")
    facts = _facts(soup)
    assert facts["Published"] == "2024-06-01"
    assert facts["Events cited"] == "4"
    chart = soup.select_one("svg#doc-chart")
    assert chart is not None
    # Its own timeline fits its events (2019–2024) and links into the main timeline.
    assert (chart["data-start"], chart["data-end"]) == ("2019-01-01", "2024-12-31")
    assert soup.select_one('nav.zoom a[aria-label^="2019"]')["href"] == (
        "/?document=analysis-b&start=2019&end=2019"
    )


def test_overlapping_spans_nest_and_keep_every_anchor() -> None:
    class Urls:
        def event(self, slug: str) -> str:
            return f"/events/{slug}"

    text = "abcdefghij"
    spans = [
        Span("outer", "Outer", "coup", "bcdefg", 1, 7, 1),
        Span("inner", "Inner", "treaty", "cde", 2, 5, 2),
        Span("twin", "Twin", "protest", "cde", 2, 5, 3),
        Span("bad", "Bad", "coup", "zz", 8, 99, 4),  # past the end: ignored
    ]
    pieces = text_pieces(text, spans, Urls())  # type: ignore[arg-type]
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.anchors, p.event_href) for p in pieces] == [
        ("a", [], None),
        ("b", ["q-1"], "/events/outer"),
        ("cde", ["q-2", "q-3"], "/events/inner"),
        ("fg", [], "/events/outer"),
        ("hij", [], None),
    ]
