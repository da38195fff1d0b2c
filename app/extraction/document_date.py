"""The document's own date: stated, inferred from the text, or corrected, with warnings.

Relative dates ("this year", "last May", "since late 2021") are read from this date, so it is
checked against the content: when the text reports, in the past tense, things later than its
stated date, the stated date is doubtful; the warning says so and the later, better-supported
date is used instead. With no stated date, the latest date the text reports stands in for it.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from app.extraction.lexicon import Lexicon
from app.extraction.residue import WIRE_DATELINE, mask_residue
from app.extraction.sentences import split_sentences
from app.extraction.temporal import (
    DateBounds,
    TemporalMention,
    find_dates,
    parse_date_expression,
)

DateSourceName = Literal["stated", "inferred", "corrected"]

_HEAD_LINES = 15
_DATELINE = re.compile(
    r"^\s*(?:(?:published|posted|updated|date)\s*(?:on)?\s*:?\s*)?"
    r"(?P<date>[A-Za-z0-9 ,./-]{4,40}?)\s*$",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|took|sent|met|began|left|made|held|won|led|saw|came|went|gave|"
    r"struck|fought|broke|rose|fell|withdrew|[a-z]{3,}ed)\b",
    re.I,
)
# What may come before a date that opens a sentence: "Then, on", "In", "By late".
_OPENING = re.compile(r"\W*(?:\w+\W+){0,3}")
# A report later than the stated date by more than this is a contradiction, not a slip.
_TOLERANCE = timedelta(days=31)


@dataclass(frozen=True)
class DocumentDate:
    bounds: DateBounds | None
    source: DateSourceName
    stated_text: str | None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def reference(self) -> date:
        """The day relative dates are read from: the last day the document could be from."""
        return self.bounds.end if self.bounds else date.today()


def find_stated_date(text: str) -> tuple[str, DateBounds] | None:
    """A dateline among the first lines ("February 27, 2022", "Published: 4 May 2024", or a
    wire dateline "OUAGADOUGOU, July 8, 2024 (Sahel Wire) - ...")."""
    lines = [line for line in text.splitlines() if line.strip()][:_HEAD_LINES]
    for line in lines:
        wire = WIRE_DATELINE.match(line)
        if wire and wire["date"]:
            try:
                return wire["date"], parse_date_expression(wire["date"])
            except ValueError:
                pass
        match = _DATELINE.match(line)
        if not match or not re.search(r"\d{4}", line):
            continue
        try:
            bounds = parse_date_expression(match["date"])
        except ValueError:
            continue
        if bounds.precision in ("day", "month"):
            return line.strip(), bounds
    return None


def latest_past_reference(
    text: str, lexicon: Lexicon, reference: date, *, follow_narrative: bool = False
) -> DateBounds | None:
    """The latest date the text reports as past: absolute dates in clauses that are not
    planned, hedged or forward-facing ("until June 2023", "by the end of 2024").

    With `follow_narrative` (no stated date to read them from), a date without a year counts
    too, read in the year of the absolute date before it: "In January 2024 ... On 28 November,
    the government ended the pact" was written after 28 November 2024."""
    masked = mask_residue(text)
    latest: DateBounds | None = None
    anchor: DateBounds | None = None
    for sentence in split_sentences(masked):
        narrative = anchor if follow_narrative else None
        found = find_dates(
            sentence.text, document_date=reference, anchor=narrative, offset=sentence.start
        )
        if not found:
            continue  # most sentences: no date, no need to read their cues
        # Cues are read with the dates blanked: "6 May 2024" holds no modal "may".
        cue_text = _blanked(sentence.text, sentence.start, found)
        skip = lexicon.cue("planned", cue_text) or lexicon.cue("hypothetical", cue_text)
        for mention in found:
            if (
                mention.kind == "absolute"
                and (mention.bounds.end - mention.bounds.start).days <= 366
            ):
                anchor = mention.bounds
            if mention.kind == "anchored" and narrative is not None:
                if mention.bounds.start < narrative.start:
                    continue  # the narrative would run backwards: not a reading to rely on
            elif mention.kind != "absolute":
                continue
            if skip:
                continue
            before = masked[max(sentence.start, mention.start - 16) : mention.start]
            if lexicon.cue("forward", before):
                continue
            # Only what the text tells in the past tense shows when it was written: a verb near
            # the date, or anywhere in the sentence when the date opens it ("Then, on 28
            # November, hours after ..., the ministry announced").
            near = (mention.start - 80 - sentence.start, mention.end + 40 - sentence.start)
            opens = _OPENING.fullmatch(cue_text, 0, mention.start - sentence.start) is not None
            if not _PAST.search(cue_text, *(((0, len(cue_text))) if opens else near)):
                continue
            if latest is None or mention.bounds.start > latest.start:
                latest = mention.bounds
    return latest


def _blanked(text: str, offset: int, mentions: list[TemporalMention]) -> str:
    """`text` (starting at `offset` of the document) with each date mention blanked."""
    chars = list(text)
    for m in mentions:
        chars[m.start - offset : m.end - offset] = " " * (m.end - m.start)
    return "".join(chars)


def _month_bounds(value: date) -> DateBounds:
    return parse_date_expression(value.strftime("%B %Y"))


def settle_document_date(
    text: str,
    lexicon: Lexicon,
    *,
    stated: DateBounds | None = None,
    stated_text: str | None = None,
    corrected: DateBounds | None = None,
    correction_note: str = "",
) -> DocumentDate:
    """Choose the date relative dates are read from, and say why when it is not the stated one.

    `stated` is the publication date a caller knows (CLI, manifest); without it the text's own
    dateline is used. `corrected` is a date an editor or manifest gives for the content.
    """
    if stated is None:
        found = find_stated_date(text)
        if found:
            stated_text, stated = found
    far_future = date(date.today().year + 5, 12, 31)
    latest = latest_past_reference(
        text, lexicon, stated.end if stated else far_future, follow_narrative=stated is None
    )
    warnings: list[str] = []
    if stated is not None and latest is not None and latest.start > stated.end + _TOLERANCE:
        warnings.append(
            f"the text reports {latest.label()} as past, later than its stated date "
            f"{stated.label()}; relative dates are read from the later date"
        )
    if corrected is not None:
        if stated is not None and corrected != stated:
            warnings.append(
                f"date corrected to {corrected.label()}: {correction_note}".rstrip(": ")
            )
        return DocumentDate(corrected, "corrected", stated_text, tuple(warnings))
    if warnings and latest is not None:
        return DocumentDate(_month_bounds(latest.end), "inferred", stated_text, tuple(warnings))
    if stated is not None:
        return DocumentDate(stated, "stated", stated_text, tuple(warnings))
    if latest is not None:
        warnings.append(
            f"no publication date stated; inferred from the latest date it reports "
            f"({latest.label()})"
        )
        return DocumentDate(latest, "inferred", None, tuple(warnings))
    warnings.append("no publication date stated or inferable; relative dates read from today")
    return DocumentDate(None, "inferred", None, tuple(warnings))
