"""Web-page residue: what a reader skips (link markup, photo credits, repeated page headers,
wire datelines).

`mask_residue` returns a copy of the text of the same length in which residue is blanked with
spaces, so every offset found in the masked text is an offset into the stored original. The
words inside a link (`[most violent year yet](#)`) stay: they are part of the sentence.
"""

import re
from collections import Counter

_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\n]*)\)")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)")
_BARE_URL = re.compile(r"https?://\S+")
# A line that credits a picture or asks the reader to act, rather than saying anything.
_CAPTION = re.compile(
    r"^\s*(?:\(?(?:AP|AFP|Reuters|Getty|EPA|Anadolu|Xinhua)\b[^.\n]{0,60}(?:Photo|Images|/)[^\n]*"
    r"|(?:Photo|Picture|Image|Credit|Source|Caption)s?(?:\s+\w+){0,2}\s*[:/][^\n]*"
    r"|[^\n]{0,80}\b(?:Photo|Photograph)\s*(?:/|by)\s*[^\n]{0,80}"
    r"|(?:Share|Tweet|Print|Email|Read more|Subscribe|Related|Download)(?:\s+\w+){0,3}\s*"
    r")$",
    re.I | re.M,
)

# A wire dateline opening a paragraph: "OUAGADOUGOU, July 8, 2024 (Sahel Wire) - ", "NIAMEY, Niger
# (AP) — ". A place in capitals, then a date or an agency, then a dash: it says where and when
# the story was filed, and is no part of the first sentence.
WIRE_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z'’.-]{2,}(?:[ \t][A-Z][A-Z'’.-]+){0,3}"
    r"(?:,[ \t]*[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)?"
    r"(?:,[ \t]*(?P<date>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+\d{4}|\d{1,2}[ \t]+[A-Z][a-z]{2,8}"
    r"[ \t]+\d{4}))?"
    r"[ \t]*(?:\((?P<agency>[^)\n]{1,40})\))?[ \t]*[-–—]{1,2}[ \t]+",
    re.M,
)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n":
            chars[i] = " "


def _repeated_lines(text: str) -> list[tuple[int, int]]:
    """Spans of short lines that occur more than once: page headers and footers."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped.split()) <= 20:
            lines.append((pos, pos + len(line), stripped))
        pos += len(line) + 1
    counts = Counter(stripped for _, _, stripped in lines)
    return [(s, e) for s, e, stripped in lines if counts[stripped] > 1]


def mask_residue(text: str) -> str:
    """The text with residue replaced by spaces (newlines kept), same length as `text`."""
    spans: list[tuple[int, int]] = []
    for match in _MD_IMAGE.finditer(text):
        spans.append(match.span())
    for match in _MD_LINK.finditer(text):
        spans.append((match.start(), match.start(1)))
        spans.append((match.end(1), match.end()))
    # Emphasis markers are rare and their pattern is the slowest of all: look for one first.
    emphasis = (_MD_EMPHASIS,) if "**" in text or "__" in text else ()
    for pattern in (_MD_HEADING, *emphasis, _BARE_URL, _CAPTION):
        spans.extend(match.span() for match in pattern.finditer(text))
    spans.extend(_repeated_lines(text))
    spans.extend(m.span() for m in WIRE_DATELINE.finditer(text) if m["date"] or m["agency"])
    if not spans:
        return text  # most plain-text analyses: nothing to blank
    chars = list(text)
    for start, end in spans:
        _blank(chars, start, end)
    return "".join(chars)
