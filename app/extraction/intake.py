"""Intake: bytes of a file to the text that is stored, cited and extracted from.

UTF-8 text and Markdown are kept as they are (a byte-order mark dropped); HTML is reduced to its
visible text with block elements on their own lines. The result's `text` is what offsets refer to.
"""

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

MAX_BYTES = 5 * 1024 * 1024

_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class IntakeError(ValueError):
    """A file that cannot be ingested; the message names the file and the reason."""


@dataclass(frozen=True)
class SourceText:
    text: str
    media_type: str
    sha256: str


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one block per line, runs of spaces folded."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _media_type(filename: str, raw: bytes) -> str:
    lower = filename.lower()
    if lower.endswith((".html", ".htm", ".xhtml")) or _HTML_START.match(raw[:512]):
        return "text/html"
    if lower.endswith((".md", ".markdown")):
        return "text/markdown"
    return "text/plain"


def read_source(raw: bytes, filename: str) -> SourceText:
    """Decode and normalise one file's bytes.

    Raises IntakeError naming `filename` when the file is empty, larger than MAX_BYTES, binary
    (has NUL bytes), not valid UTF-8, or has no text left once reduced.
    """
    if len(raw) > MAX_BYTES:
        raise IntakeError(f"{filename}: too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})")
    if not raw.strip():
        raise IntakeError(f"{filename}: the file is empty")
    if b"\x00" in raw[:65536]:
        raise IntakeError(f"{filename}: binary content (NUL bytes), not a text file")
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IntakeError(
            f"{filename}: not valid UTF-8 (byte {exc.start} is 0x{raw[exc.start]:02x}); "
            "convert it to UTF-8 first"
        ) from None
    media_type = _media_type(filename, raw)
    text = html_to_text(decoded) if media_type == "text/html" else decoded
    if not text.strip():
        raise IntakeError(f"{filename}: no text once the markup is removed")
    return SourceText(text=text, media_type=media_type, sha256=sha256_of(text))
