"""Intake accepts text, Markdown and HTML, and refuses everything else with the reason."""

import pytest

from app.extraction.intake import MAX_BYTES, IntakeError, read_source, sha256_of


def test_plain_text_is_kept_as_it_is_without_a_byte_order_mark() -> None:
    source = read_source("\ufeffOn 4 May 2024, troops left Gao.\n".encode(), "note.txt")
    assert source.text == "On 4 May 2024, troops left Gao.\n"
    assert source.media_type == "text/plain"
    assert source.sha256 == sha256_of(source.text)


def test_html_is_reduced_to_its_visible_text_one_block_per_line() -> None:
    html = (
        b"<!doctype html><html><head><title>x</title><style>p{}</style></head><body>"
        b"<h1>Clashes</h1><p>Fighting broke out in <b>Kidal</b> &amp; Gao.</p>"
        b"<script>var a = 1;</script><p>Second paragraph.</p></body></html>"
    )
    source = read_source(html, "page.html")
    assert source.media_type == "text/html"
    assert source.text == "Clashes\n\nFighting broke out in Kidal & Gao.\n\nSecond paragraph.\n"


def test_markdown_is_recognised_by_its_extension() -> None:
    assert read_source(b"# Title\n\nText.", "a.md").media_type == "text/markdown"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        ("Nouakchott, été 2024".encode("latin-1"), "not valid UTF-8 (byte 12 is 0xe9)"),
        (b"<html><body><script>only()</script></body></html>", "no text once the markup"),
    ],
)
def test_unusable_files_are_refused_naming_the_file_and_the_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(IntakeError, match=r"^bad\.txt: ") as error:
        read_source(raw, "bad.txt")
    assert reason in str(error.value)


def test_oversized_files_are_refused() -> None:
    with pytest.raises(IntakeError, match="too large"):
        read_source(b"a" * (MAX_BYTES + 1), "huge.txt")
