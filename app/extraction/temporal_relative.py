"""Relative rules of the temporal-expression stage: "two days later", "the following day", "that
year", "last year", "earlier this year", "in the past 12 months", "by year's end", "yesterday".

Pure module: no database, HTTP or settings imports.

Narrative expressions count from the anchor (the date of the event the text follows), else the
document date; deictic ones ("this year", "three years ago") always count from the document date,
as the writer does. Offsets measured from another event ("two days after the vote") are not
dates this stage can resolve: `event_offsets` finds them, and the events stage dates them from
the event the text told before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from app.extraction import temporal_patterns as p
from app.extraction.temporal_bounds import (
    DateBounds,
    add_months,
    decade_bounds,
    interval_bounds,
    part_of_year_bounds,
)
from app.extraction.temporal_pieces import (
    FEW,
    Calendar,
    Context,
    Piece,
    Resolver,
    Unit,
    YearRef,
    before,
    calendar_week,
    later_or_earlier,
    shift,
    starts_word,
    whole,
)

_UNITS: Final[dict[str, Unit]] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "morning": "day",
    "evening": "day",
    "night": "day",
}
_NEXT: Final = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}


def unit(match: re.Match[str], text: str) -> Piece | None:
    """Relative expressions, found by their unit: "two days later", "the following day", "that
    year", "later this year", "the year before", "in the past 12 months", "by year's end"."""
    start, end = match.span()
    if not starts_word(text, start):
        return None
    word, plural = match["unit"].lower(), bool(match["plural"])
    if match["yearend"]:  # "by year's end", "year-end 2023"
        ref = YearRef("explicit", int(match["yey"])) if match["yey"] else YearRef("anchor")
        calendar = Calendar(lambda year: part_of_year_bounds(year, "late"), ref, 9)
        return Piece(start, end, calendar=calendar)
    direction = (match["dir"] or "").lower()
    if direction and word != "decade":  # "a decade later" is a span of time, not a date
        found = _offset(text, start, end, word, plural, direction)
        if found is not None:
            return found
    word_end = match.end("plural") if plural else match.end("unit")
    if plural and word in ("day", "week", "month"):
        found = _following(text, start, word_end, _UNITS[word])
        if found is not None:
            return found
    recent = before(p.RECENT_BEFORE, text, start, 40)
    if recent:
        return _recent(recent, word_end, _UNITS[word] if word != "decade" else None)
    if direction in ("before", "after") and not plural:
        return _unit_before_or_after(text, start, end, word, direction)
    lead = before(p.LEAD_BEFORE, text, start, 20)
    if plural or lead is None:
        return None
    words = " ".join(lead["lead"].lower().split())
    if word == "decade":
        if words != "this":
            return None
        return Piece(
            lead.start(),
            word_end,
            relative=lambda ctx: decade_bounds(
                ctx.document_date.year - ctx.document_date.year % 10
            ),
        )
    resolver = _phrase_resolver(words, word, text, lead.start())
    return Piece(lead.start(), word_end, relative=resolver) if resolver else None


def _offset(
    text: str, start: int, end: int, word: str, plural: bool, direction: str
) -> Piece | None:
    """ "Two days later", "a few months later", "a year earlier", "three years ago", "a year on"."""
    count = before(p.COUNT_BEFORE, text, start, 24)
    if count:
        said = " ".join(count["n"].lower().split())
        if said.isdigit():
            number: int | None = int(said)
        else:
            number = 2 if said.startswith("a couple") else p.COUNT_WORDS.get(said.split()[-1])
        if number == 0:
            return None
        low, high = (number, number) if number else FEW  # "a few", "several", "some": vague
        start = count.start()
    elif plural:
        low, high = FEW
    else:
        return None
    if direction in ("before", "after") and not p.OFFSET_END_AFTER.match(text, end):
        return None  # "two days after the vote" counts from the vote, which is not a date here
    if before(p.BOUND_BEFORE, text, start, 24):
        return None  # "less than two years later" bounds a date from one side only
    if direction == "on" and not p.CLAUSE_END_AFTER.match(text, end):
        return None
    if direction in ("earlier", "before", "ago"):
        low, high = -high, -low
    step_unit = _UNITS[word]
    deictic = direction == "ago"  # "ago" counts from the writing, the others from the narrative

    def resolve(ctx: Context) -> DateBounds:
        base = interval_bounds(ctx.document_date, ctx.document_date) if deictic else ctx.base
        return shift(base, step_unit, low, high)

    # "A week later" is approximate by convention (docs/date-conventions.md).
    return Piece(start, end, relative=resolve, approximate=step_unit == "week", is_offset=True)


# How far "in the following days / weeks / months" reaches after the narrative's date.
_FOLLOWING_REACH: Final[dict[Unit, int]] = {"day": 10, "week": 42, "month": 183}


def _following(text: str, start: int, end: int, step_unit: Unit) -> Piece | None:
    """ "In the following weeks", "within days", "in the weeks that followed": from the day
    after the narrative's date to a few units later (approximate)."""
    lead = before(p.FOLLOWING_BEFORE, text, start, 40)
    if lead is None:
        return None
    if " ".join(lead["lead"].lower().split()) == "in the":
        followed = p.FOLLOWED_AFTER.match(text, end)
        if followed is None:
            return None  # "in the days" alone says nothing of when
        end = followed.end()
    reach = timedelta(days=_FOLLOWING_REACH[step_unit])

    def resolve(ctx: Context) -> DateBounds:
        after = ctx.base.end + timedelta(days=1)
        return interval_bounds(after, ctx.base.end + reach)

    return Piece(lead.start("lead"), end, relative=resolve, approximate=True)


def _recent(found: re.Match[str], end: int, step_unit: Unit | None) -> Piece | None:
    """ "In the past 12 months", "in the last few months": a range ending at the document date.

    A deliberate choice: these phrases usually date something ("the second restructuring ... in
    the past few months"), so they are kept, unlike pure durations ("for nine years", "over the
    past decade"). Months and years reach back to the first day of their month.
    """
    if step_unit is None:
        return None
    said = " ".join((found["n"] or "").lower().split())
    if not said:
        count = 1
    elif said.isdigit():
        count = int(said)
    else:
        count = 2 if "couple" in said else p.COUNT_WORDS.get(said, FEW[1])
    if count < 1:
        return None

    def resolve(ctx: Context) -> DateBounds:
        doc = ctx.document_date
        if step_unit in ("day", "week"):
            first = doc - timedelta(days=count * (7 if step_unit == "week" else 1))
        else:
            first = add_months(doc, -count * (12 if step_unit == "year" else 1))
        return interval_bounds(first, doc)

    return Piece(found.start("body"), end, relative=resolve)


def _unit_before_or_after(
    text: str, start: int, end: int, word: str, direction: str
) -> Piece | None:
    """ "The day before", "the year after": one unit from the narrative date, unless a noun
    phrase follows ("the day after the vote" counts from the vote)."""
    the = before(p.THE_BEFORE, text, start, 6)
    if the is None or not p.OFFSET_END_AFTER.match(text, end):
        return None
    step_unit = _UNITS[word]
    step = -1 if direction == "before" else 1
    return Piece(the.start(), end, relative=lambda ctx: shift(ctx.base, step_unit, step, step))


def _phrase_resolver(lead: str, word: str, text: str, start: int) -> Resolver | None:
    step_unit = _UNITS[word]
    time_of_day = word in ("morning", "evening", "night")
    if lead in _NEXT:
        if before(p.DURATION_BEFORE, text, start, 12):  # "over the next year" is a duration
            return None
        step = _NEXT[lead]
        if step_unit == "week":
            return lambda ctx: calendar_week(ctx.base.end if step > 0 else ctx.base.start, step)
        return lambda ctx: shift(ctx.base, step_unit, step, step)
    if time_of_day:  # "this morning", "last night": a time of day, not a date
        return None
    if lead in ("the same", "that", "that same"):
        return lambda ctx: whole(step_unit, ctx.base)
    if lead in ("later that", "earlier that"):
        later = lead.startswith("later")
        return lambda ctx: later_or_earlier(step_unit, ctx.base, later)
    if step_unit == "day" or before(p.THE_BEFORE, text, start, 6):  # "the last year": duration
        return None
    if lead in ("later this", "earlier this"):
        later = lead.startswith("later")
        return lambda ctx: _rest_of(step_unit, ctx.document_date, later)
    step = {"this": 0, "last": -1, "next": 1}[lead]
    return lambda ctx: shift(
        whole(step_unit, interval_bounds(ctx.document_date, ctx.document_date)),
        step_unit,
        step,
        step,
    )


def _rest_of(step_unit: Unit, doc: date, later: bool) -> DateBounds:
    """ "Earlier this year" runs from 1 January to the document date; "later this year" from the
    document date to 31 December."""
    around = whole(step_unit, interval_bounds(doc, doc))
    return interval_bounds(doc, around.end) if later else interval_bounds(around.start, doc)


def deixis(match: re.Match[str], text: str) -> Piece | None:
    """ "Yesterday", "today", "tomorrow": the document date, a day either side."""
    if not starts_word(text, match.start()):
        return None
    delta = timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[match["word"].lower()])
    return Piece(
        match.start(),
        match.end(),
        relative=lambda ctx: interval_bounds(ctx.document_date + delta, ctx.document_date + delta),
    )


_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday(match: re.Match[str], text: str) -> Piece | None:
    """ "On Saturday", "last Friday": the latest such day up to the document date (news tells
    what happened; the events stage moves a planned one to the next such day); "next Monday":
    the first after it; "last Friday": the latest strictly before it."""
    if not starts_word(text, match.start()):
        return None
    target = _WEEKDAYS.index(match["day"].lower())
    lead = " ".join((match["lead"] or "").lower().split())

    def resolve(ctx: Context) -> DateBounds:
        doc = ctx.document_date
        back = (doc.weekday() - target) % 7
        if lead in ("next", "this coming"):
            day = doc + timedelta(days=(target - doc.weekday()) % 7 or 7)
        else:
            day = doc - timedelta(days=back or (7 if lead in ("last", "this past") else 0))
        return interval_bounds(day, day)

    return Piece(match.start(), match.end(), relative=resolve)


def is_weekday(phrase: str) -> bool:
    """Whether a date phrase is a weekday named alone ("on Saturday"), which only a document
    dated to the day can resolve."""
    return p.WEEKDAY_REF.fullmatch(phrase.strip()) is not None


# "Four days after the coup", "the day before the vote", "weeks after the attack": a unit, a
# direction and what it counts from, a noun phrase of up to four words.
_EVENT_OFFSET: Final = re.compile(
    r"\b(?P<unit>day|week|month)(?P<plural>s)?\s+(?P<dir>after|before)\s+"
    r"(?P<noun>(?:the|its|his|her|their)\s+[\w'’-]+(?:\s+(?!(?:was|were|had|has|and|or|in|on|"
    r"of|to|that|which|who)\b)[\w'’-]+){0,3})",
    re.I,
)

_THE_BEFORE: Final = re.compile(r"(?i:\bthe\s+$)")


@dataclass(frozen=True)
class EventOffset:
    """A date counted from an event the text names ("four days after the coup"): the phrase,
    its unit and count, and where the event's noun phrase lies. Offsets are into the text
    passed to `event_offsets` plus its `offset`."""

    start: int
    end: int
    unit: Unit
    low: int
    high: int
    noun_start: int
    noun_end: int

    def from_event(self, event: DateBounds) -> DateBounds:
        """The date this offset names, counted from the event's date."""
        return shift(event, self.unit, self.low, self.high)


def event_offsets(text: str, offset: int = 0) -> list[EventOffset]:
    """Every offset counted from a named event in `text`, in text order."""
    found = []
    for match in _EVENT_OFFSET.finditer(text):
        start = match.start()
        count = before(p.COUNT_BEFORE, text, start, 24)
        if count:
            said = " ".join(count["n"].lower().split())
            if said.isdigit():
                number: int | None = int(said)
            else:
                number = 2 if said.startswith("a couple") else p.COUNT_WORDS.get(said.split()[-1])
            low, high = (number, number) if number else FEW
            start = count.start()
        elif match["plural"]:
            low, high = FEW  # "weeks after the attack"
        elif before(_THE_BEFORE, text, start, 8):
            low, high = 1, 1  # "the day after the vote"
        else:
            continue
        if low == 0 or before(p.BOUND_BEFORE, text, start, 24):
            continue  # "less than two weeks after" bounds a date from one side only
        if match["dir"].lower() == "before":
            low, high = -high, -low
        found.append(
            EventOffset(
                start + offset,
                match.end() + offset,
                _UNITS[match["unit"].lower()],
                low,
                high,
                match.start("noun") + offset,
                match.end("noun") + offset,
            )
        )
    return found
