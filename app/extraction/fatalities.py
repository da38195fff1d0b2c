"""Tolls: how many people a clause says an event killed, as best / low / high.

Only a toll for the event itself counts: a figure qualified as cumulative ("since 2013",
"in total", "so far", "over the past decade") or as a statistic is not one event's toll.
"""

import re
from dataclasses import dataclass

from app.extraction.numbers import NUMBER, parse_number

_VICTIMS = (
    r"(?:people|persons|civilians|soldiers|troops|herders|villagers|peacekeepers|"
    r"militants|fighters|jihadists|gendarmes|police(?:men)?|officers|members|men|women|"
    r"children|workers|miners|passengers|nationals|citizens|[A-Z][a-z]+(?:an|ian|ese|i|ois)s?"
    r")"
)
_QUALIFIER = (
    r"(?P<q>at least|more than|over|nearly|almost|about|around|some|up to|an estimated)?\s*"
)
_TOLL_PATTERNS = [
    # "killed at least 30 civilians", "killing seven"
    re.compile(
        r"\b(?:killed|killing|kills|massacred|executed|slaughtered)\s+"
        + _QUALIFIER
        + r"(?P<n>"
        + NUMBER
        + r")\b",
        re.I,
    ),
    # "30 civilians were killed", "seven Mauritanian herders ... were killed", "12 dead"
    re.compile(
        r"(?<![\w,.])"
        + _QUALIFIER
        + r"(?P<n>"
        + NUMBER
        + r")\s+(?:[\w-]+\s+){0,3}?"
        + _VICTIMS
        + r"?\s*(?:[\w,-]+\s+){0,9}?(?:were|was|had been|have been|being)?\s*"
        r"(?:killed|dead|died|slain|executed|massacred)\b",
        re.I,
    ),
    # "the deaths of seven civilians", "death toll of 40"
    re.compile(
        r"\b(?:deaths?|death toll|toll|lives)\s+(?:of|at|rose to|reached|stood at)\s+"
        + _QUALIFIER
        + r"(?P<n>"
        + NUMBER
        + r")\b",
        re.I,
    ),
    # "seven deaths", "40 fatalities"
    re.compile(
        r"(?<![\w,.])" + _QUALIFIER + r"(?P<n>" + NUMBER + r")\s+(?:deaths|fatalities|dead)\b", re.I
    ),
]
_RANGE = re.compile(
    r"\bbetween\s+(?P<low>" + NUMBER + r")\s+and\s+(?P<high>" + NUMBER + r")\s+"
    r"(?:[\w-]+\s+){0,3}?(?:people\s+)?(?:were\s+)?(?:killed|dead|deaths)",
    re.I,
)
_CUMULATIVE = re.compile(
    r"\b(?:since\s+(?:\d{4}|the|its|their)|in total|so far|to date|"
    r"cumulative|altogether|over the (?:past|last)|in the (?:past|last)|"
    r"percent|per cent|%|annual|every year|each year|a year|out of)\b",
    re.I,
)


@dataclass(frozen=True)
class Toll:
    best: int
    low: int | None
    high: int | None
    start: int
    end: int


def find_toll(text: str, start: int, end: int) -> Toll | None:
    """The first toll stated in text[start:end], or None (also when it reads as cumulative)."""
    window = text[start:end]
    if _CUMULATIVE.search(window):
        return None
    ranged = _RANGE.search(window)
    if ranged:
        low, high = parse_number(ranged["low"]), parse_number(ranged["high"])
        if low is not None and high is not None and low <= high:
            return Toll((low + high) // 2, low, high, start + ranged.start(), start + ranged.end())
    found: list[tuple[int, re.Match[str]]] = []
    for pattern in _TOLL_PATTERNS:
        match = pattern.search(window)
        if match:
            found.append((match.start(), match))
    if not found:
        return None
    match = min(found, key=lambda item: item[0])[1]
    count = parse_number(match["n"])
    if count is None or count > 100_000:
        return None
    qualifier = (match["q"] or "").lower()
    low = count if qualifier in ("at least", "more than", "over") else None
    high = count if qualifier in ("nearly", "almost", "up to") else None
    return Toll(count, low, high, start + match.start(), start + match.end())
