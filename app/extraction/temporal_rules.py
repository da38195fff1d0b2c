"""Calendar rules of the temporal-expression stage: each regex match becomes a `Piece`.

Pure module: no database, HTTP or settings imports.

A rule gets a match of its pattern (app.extraction.temporal_patterns) and the whole text, and
returns a piece, or None to drop a match that is not a date after all ("2000 troops", "May seek",
"31 April"). Relative expressions ("two days later", "last year") are in temporal_relative.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, Literal

from app.extraction import temporal_patterns as p
from app.extraction.temporal_bounds import (
    SEASON_CODES,
    DateBounds,
    Part,
    add_months,
    day_bounds,
    decade_bounds,
    half_bounds,
    interval_bounds,
    month_bounds,
    part_of_month_bounds,
    part_of_year_bounds,
    quarter_bounds,
    season_bounds,
    week_of_month_bounds,
    year_bounds,
    year_span_bounds,
)
from app.extraction.temporal_pieces import (
    Builder,
    Calendar,
    Context,
    Piece,
    YearRef,
    before,
    starts_word,
)

# --- rule helpers ---------------------------------------------------------------------------------


def _month(name: str) -> int:
    return p.MONTH_NUMBERS[name.rstrip(".").lower()]


def _fixed(bounds: DateBounds) -> Builder:
    return lambda _year: bounds


def _ref(words: str) -> YearRef:
    """YearRef for "this year", "that same month", "the following year" ..."""
    lead = " ".join(words.lower().split()[:-1])
    base, value = _REFS[lead]
    return YearRef(base, value)


_REFS: Final[dict[str, tuple[Literal["document", "anchor"], int]]] = {
    "this": ("document", 0),
    "last": ("document", -1),
    "next": ("document", 1),
    "that": ("anchor", 0),
    "that same": ("anchor", 0),
    "the same": ("anchor", 0),
    "the": ("anchor", 0),
    "the following": ("anchor", 1),
    "the next": ("anchor", 1),
    "the previous": ("anchor", -1),
    "the preceding": ("anchor", -1),
}


def _year_of(match: re.Match[str], year_group: str, ref_group: str) -> YearRef:
    if match[year_group]:
        return YearRef("explicit", int(match[year_group]))
    if match[ref_group]:
        return _ref(match[ref_group])
    return YearRef("auto")


def _calendar_piece(start: int, end: int, calendar: Calendar) -> Piece | None:
    """A calendar piece, or None when the date cannot exist (31 April): dropping it here keeps an
    impossible long reading from beating a possible shorter one."""
    year = calendar.year.value if calendar.year.base == "explicit" else 2000  # 2000 was leap
    try:
        calendar.build(year)
    except ValueError:
        return None
    return Piece(start, end, calendar=calendar)


_NUMBER_PUNCTUATION: Final = ".,/$€£"


def span_start(text: str, start: int, word: str) -> int | None:
    """Start of a span once "from"/"between" is taken in; None when the joining word needs one
    that is missing ("2019 and 2020" is two dates, "between 2019 and 2020" one span)."""
    after_from = before(p.FROM_BEFORE, text, start, 8)
    after_between = before(p.BETWEEN_BEFORE, text, start, 10)
    if word in ("to", "until", "till"):
        opener = after_from
    elif word == "and":
        opener = after_between
    else:
        opener = after_from or after_between
    if opener is None and word in ("to", "until", "till", "and"):
        return None
    return opener.start() if opener else start


def _day_number(digits: str) -> int | None:
    number = int(digits)
    return number if 1 <= number <= 31 else None


def _day_piece(
    text: str, start: int, end: int, month: int, day: int | None, ref: YearRef
) -> Piece | None:
    """One day; a weekday just before it is taken in ("Monday, September 16, 2024")."""
    if day is None:
        return None
    weekday = before(p.WEEKDAY_BEFORE, text, start, 12)
    if weekday:
        start = weekday.start()
    calendar = Calendar(lambda year: day_bounds(year, month, day), ref, month)
    return _calendar_piece(start, end, calendar)


def _day_span(
    text: str,
    start: int,
    end: int,
    days: tuple[int | None, int | None],
    month: int,
    ref: YearRef,
    word: str,
) -> Piece | None:
    """ "4-10 May 2024", "from 4 to 10 May", "May 4-10, 2024"; None when it is no span."""
    first, last = days
    if first is None or last is None or first >= last:
        return None
    opened = span_start(text, start, word)
    if opened is None:
        return None
    calendar = Calendar(
        lambda year: interval_bounds(date(year, month, first), date(year, month, last)), ref, month
    )
    return _calendar_piece(opened, end, calendar)


_PART_WORDS: Final[dict[str, Part]] = {
    "beginning": "early",
    "start": "early",
    "early": "early",
    "middle": "mid",
    "mid": "mid",
    "end": "late",
    "close": "late",
    "late": "late",
}


# --- rules ----------------------------------------------------------------------------------------


def day_first(match: re.Match[str], text: str) -> Piece | None:
    start, end = match.span()
    if not starts_word(text, start, _NUMBER_PUNCTUATION):
        return None
    month = _month(match["m"])
    ref = _year_of(match, "y", "r")
    first = _day_number(match["d1"])
    if match["d2"]:
        last = _day_number(match["d2"])
        word = (match["w"] or "").lower()
        span = _day_span(text, start, end, (first, last), month, ref, word)
        # Not a span ("4 and 10 May" without "between"): keep the day next to the month.
        return span or _day_piece(text, match.start("d2"), end, month, last, ref)
    return _day_piece(text, start, end, month, first, ref)


def month_first(match: re.Match[str], text: str) -> Piece | None:
    start, end = match.span()
    if not starts_word(text, start):
        return None
    month = _month(match["m"])
    if match["d"]:
        ref = _year_of(match, "dy", "dr")
        first = _day_number(match["d"])
        if match["d2"]:
            last = _day_number(match["d2"])
            word = (match["w"] or "").lower()
            span = _day_span(text, start, end, (first, last), month, ref, word)
            return span or _day_piece(text, start, match.end("d"), month, first, YearRef("auto"))
        return _day_piece(text, start, end, month, first, ref)
    if match["y"] or match["r"]:
        calendar = Calendar(
            lambda year: month_bounds(year, month), _year_of(match, "y", "r"), month
        )
        return _calendar_piece(start, end, calendar)
    return _bare_month(text, start, end, month)


def _bare_month(text: str, start: int, end: int, month: int) -> Piece | None:
    """A month name alone is a date only in a date context ("in May", "since March", "the May
    coup", "January–March", "last May"), never as the modal or verb ("May seek", "The March on
    Bamako"). "Last May" is the most recent May strictly before the document's month, "next May"
    the first after it, "this May" the document year's, "that May" the anchor year's."""
    deictic = before(p.DEICTIC_BEFORE, text, start, 8)
    if deictic:
        relation = deictic["rel"].lower()
        if relation == "that":
            calendar = Calendar(lambda year: month_bounds(year, month), YearRef("anchor"), month)
            return Piece(deictic.start(), end, calendar=calendar)
        if before(p.THE_BEFORE, text, deictic.start(), 6):
            return None
        return Piece(
            deictic.start(),
            end,
            relative=lambda ctx: month_bounds(
                _deictic_year(ctx.document_date, month, relation), month
            ),
        )
    dated = (
        before(p.MONTH_CONTEXT_BEFORE, text, start, 12)
        or before(p.MONTH_LIST_BEFORE, text, start, 24)
        or p.MONTH_SPAN_AFTER.match(text, end)
        or (
            before(p.MONTH_ARTICLE_BEFORE, text, start, 8)
            and p.MONTH_ARTICLE_AFTER.match(text, end)
        )
    )
    if not dated:
        return None
    return Piece(
        start,
        end,
        calendar=Calendar(lambda year: month_bounds(year, month), YearRef("auto"), month),
    )


def _deictic_year(doc: date, month: int, relation: str) -> int:
    if relation == "last":
        return doc.year if month < doc.month else doc.year - 1
    if relation == "next":
        return doc.year if month > doc.month else doc.year + 1
    return doc.year


def year_first(match: re.Match[str], text: str) -> Piece | None:
    start, end = match.span()
    year = int(match["y"])
    if not starts_word(text, start, _NUMBER_PUNCTUATION):
        return None
    if match["im"]:
        ref = YearRef("explicit", year)
        return _day_piece(text, start, end, int(match["im"]), _day_number(match["id"]), ref)
    if match["dec"]:
        return _decade(text, start, end, year)
    if match["q"]:
        return _quarter(start, end, match["q"], YearRef("explicit", year))
    return _bare_year(text, start, end, year)


def _decade(text: str, start: int, end: int, first: int) -> Piece:
    qualifier = before(p.DECADE_PART_BEFORE, text, start, 8)
    which: Part | None = None
    if qualifier:
        which, start = _PART_WORDS[qualifier["part"].lower()], qualifier.start()
    bounds = decade_bounds(first, which)
    return Piece(start, end, calendar=Calendar(_fixed(bounds), YearRef("explicit", first)))


def _bare_year(text: str, start: int, end: int, year: int) -> Piece | None:
    if not 2000 <= year <= 2039 or not starts_word(text, start, _NUMBER_PUNCTUATION + "-"):
        return None
    if p.UNIT_AFTER.match(text, end) or not _year_in_context(text, start, end):
        return None
    calendar = Calendar(_fixed(year_bounds(year)), YearRef("explicit", year))
    return Piece(start, end, calendar=calendar)


def _year_in_context(text: str, start: int, end: int) -> bool:
    """A bare number 2000-2039 is a year only where English puts years: after a date preposition
    ("in 2012", "since 2013"), in a list of years, as a modifier ("the 2019 elections"), as a
    possessive ("2022's"), in parentheses, or opening a line or sentence ("2013: ...")."""
    if before(p.YEAR_CONTEXT_BEFORE, text, start) or before(p.YEAR_LIST_BEFORE, text, start, 14):
        return True
    if before(p.APPROX_BEFORE, text, start, 16):  # "around 2015", but "around 2015 attacks"
        return p.MODIFIER_AFTER.match(text, end) is None
    if p.POSSESSIVE_AFTER.match(text, end):
        return True
    if before(p.DETERMINER_BEFORE, text, start, 8):
        return p.WORD_AFTER.match(text, end) is not None
    if before(p.PAREN_BEFORE, text, start, 3):
        return p.PAREN_AFTER.match(text, end) is not None
    if before(p.LINE_START_BEFORE, text, start, 8):
        return bool(p.LINE_YEAR_AFTER.match(text, end) or p.YEAR_VERB_AFTER.match(text, end))
    if before(p.SENTENCE_START_BEFORE, text, start, 4):
        return p.YEAR_VERB_AFTER.match(text, end) is not None
    return False


def year_span(match: re.Match[str], text: str) -> Piece | None:
    """ "2021-2022", "2021–22", "(2021-2022)", "from 2021 to 2022", "between 2019 and 2021"."""
    first, raw = int(match["y1"]), match["y2"]
    last = int(raw) if len(raw) == 4 else first - first % 100 + int(raw)
    if not first < last <= first + 100 or (len(raw) == 2 and not match["dash"]):
        return None
    if not starts_word(text, match.start(), _NUMBER_PUNCTUATION + "-"):
        return None
    start = span_start(text, match.start(), (match["word"] or "").lower())
    if start is None or before(p.LABEL_BEFORE, text, start, 16):
        return None
    if p.UNIT_AFTER.match(text, match.end()):
        return None
    bounds = year_span_bounds(first, last)
    return Piece(start, match.end(), calendar=Calendar(_fixed(bounds), YearRef("explicit", first)))


def part(match: re.Match[str], text: str) -> Piece | None:
    """ "early April 2024", "mid-October", "the end of 2023", "late last year", "end-2023"."""
    start, end = match.span()
    word = match["pw"].lower()
    # "early"/"mid"/"late" stand alone; the nouns need "of" ("the end of 2023") or a hyphen
    # ("end-2023"); "the year" and "the month" only follow "of".
    if not starts_word(text, start):
        return None
    adjective = word in ("early", "mid", "late")
    if adjective and match["of"]:
        return None
    if not (adjective or match["of"] or (word in ("end", "start", "beginning") and match["dash"])):
        return None
    if (match["theyear"] or (match["mref"] or "").lower().startswith("the ")) and not match["of"]:
        return None
    if match["of"]:
        the = before(p.THE_BEFORE, text, start, 6)
        start = the.start() if the else start
    which = _PART_WORDS[word]
    if match["m"]:
        month = _month(match["m"])
        ref = _year_of(match, "my", "mr")
        calendar = Calendar(lambda year: part_of_month_bounds(year, month, which), ref, month)
        return _calendar_piece(start, end, calendar)
    if match["mref"]:
        month_ref = _ref(match["mref"])
        return Piece(start, end, relative=lambda ctx: _part_of_month_ref(ctx, month_ref, which))
    ref = YearRef("anchor") if match["theyear"] else _year_of(match, "y", "r")
    first = {"early": 1, "mid": 5, "late": 9}[which]
    calendar = Calendar(lambda year: part_of_year_bounds(year, which), ref, first)
    return _calendar_piece(start, end, calendar)


def _part_of_month_ref(ctx: Context, ref: YearRef, which: Part) -> DateBounds:
    """ "The end of the month" (the anchor's), "early this month", "late last month"."""
    origin = ctx.document_date if ref.base == "document" else ctx.base.start
    month = add_months(origin, ref.value)
    return part_of_month_bounds(month.year, month.month, which)


_ORDINALS: Final = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}


def week_of(match: re.Match[str], text: str) -> Piece | None:
    """ "The first week of May 2024" (days 1-7), "the last week of February" (its last 7 days)."""
    ordinal = before(p.ORDINAL_BEFORE, text, match.start(), 16)
    if ordinal is None:
        return None
    if ordinal["ord"].lower() == "latter":
        return None
    week = _ORDINALS.get(ordinal["ord"].lower(), -1)
    month = _month(match["m"])
    calendar = Calendar(
        lambda year: week_of_month_bounds(year, month, week), _year_of(match, "y", "r"), month
    )
    return _calendar_piece(ordinal.start(), match.end(), calendar)


def quarter_of(match: re.Match[str], text: str) -> Piece | None:
    """ "The first quarter of 2024", "the second half of last year", "the final quarter"."""
    ordinal = before(p.ORDINAL_BEFORE, text, match.start(), 16)
    if ordinal is None:
        return None
    unit = match["unit"]
    word = ordinal["ord"].lower()
    last = 4 if unit == "quarter" else 2
    index = last if word in ("final", "last", "latter") else _ORDINALS[word]
    ref = YearRef("anchor") if match["theyear"] else _year_of(match, "y", "r")
    return _quarter(ordinal.start(), match.end(), f"{unit[0].upper()}{index}", ref)


def quarter_code(match: re.Match[str], text: str) -> Piece | None:
    """ "Q1 2024", "H2 2023" (and "2024 Q1", read by year_first)."""
    if not starts_word(text, match.start()):
        return None
    ref = YearRef("explicit", int(match["y"]))
    return _quarter(match.start(), match.end(), match["q"], ref)


def _quarter(start: int, end: int, code: str, ref: YearRef) -> Piece | None:
    index = int(code[1])
    if code[0] == "Q":
        calendar = Calendar(lambda year: quarter_bounds(year, index), ref, 3 * index - 2)
    else:
        calendar = Calendar(lambda year: half_bounds(year, index), ref, 6 * index - 5)
    return _calendar_piece(start, end, calendar)


def season(match: re.Match[str], text: str) -> Piece | None:
    """ "Spring 2024", "the summer of 2023", "winter 2023-24", "last summer", "that autumn"."""
    start, end = match.span()
    if not starts_word(text, start):
        return None
    word = match["s"].lower()
    code = SEASON_CODES[word]
    if not (match["y"] or match["r"]):
        return _relative_season_piece(text, start, end, word, code)
    if match["y2"]:
        year, second = int(match["y"]), int(match["y2"])
        # Only winter straddles two years ("winter 2023-24"); "summer 2021-2022" is no season.
        if code != 24 or second not in (year + 1, (year + 1) % 100):
            return None
    if match["of"] or match["ofref"]:
        the = before(p.THE_BEFORE, text, start, 6)
        start = the.start() if the else start
    calendar = Calendar(
        lambda year: season_bounds(year, code), _year_of(match, "y", "r"), 3 * (code - 20)
    )
    return _calendar_piece(start, end, calendar)


def _relative_season_piece(text: str, start: int, end: int, word: str, code: int) -> Piece | None:
    related = before(p.SEASON_RELATION_BEFORE, text, start, 16)
    if related is None:
        return None
    relation = " ".join(related["rel"].lower().split())
    # "regions that fall under", "groups that spring from": verbs, not seasons.
    if relation == "that" and word in ("fall", "spring") and p.PARTICLE_AFTER.match(text, end):
        return None
    return Piece(related.start(), end, relative=lambda ctx: _relative_season(ctx, code, relation))


def _relative_season(ctx: Context, code: int, relation: str) -> DateBounds:
    """ "This summer" is the document year's (a January "this winter" the one under way), "last
    summer" the latest that ended before the document date, "next summer" the first that starts
    after it; "that summer", "the following summer" count from the anchor."""
    doc, base = ctx.document_date, ctx.base
    if relation == "this":
        year = doc.year - 1 if code == 24 and doc.month <= 2 else doc.year
        return season_bounds(year, code)
    if relation == "that":
        return season_bounds(base.start.year, code)
    forward = relation in ("next", "the following")
    pivot = doc if relation in ("last", "next") else (base.end if forward else base.start)
    year = pivot.year - 1 if forward else pivot.year
    step = 1 if forward else -1
    while True:  # at most three steps
        candidate = season_bounds(year, code)
        if (candidate.start > pivot) if forward else (candidate.end < pivot):
            return candidate
        year += step
