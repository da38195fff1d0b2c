"""Sentences with their offsets: the units in which events are looked for.

Lines are hard boundaries (headings, bullets and captions sit on their own lines in analyses);
inside a line a sentence ends at . ! ? followed by a space and a capital, a digit or a quote,
except after an abbreviation or an initial.
"""

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt adm gov sen rep pres st jr sr no vs etc fig approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e al inc ltd co dept est "
    "mt ft".split()
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_BULLET = re.compile(r"^[ \t]*(?:[-*•▪●]|\d{1,2}[.)])[ \t]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    # A bounded look-behind: slicing text[:dot] would copy the document for every full stop.
    word = _LAST_WORD.search(text, max(0, dot - 24), dot)
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _END.finditer(text, start, end):
        if text[match.start()] == "." and _ends_with_abbreviation(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of `text` with its offsets, stripped of surrounding blanks and bullets."""
    sentences: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        bullet = _BULLET.match(line)
        if bullet:
            line_start += bullet.end()
        for start, end in _split_line(text, line_start, line_end):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                sentences.append(Sentence(start, end, text[start:end]))
    return sentences
