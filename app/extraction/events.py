"""Events: which clauses of a document report something dated, and what each one says.

A clause is an event when it has a date a reader can pin to at least a year (from the temporal
stage) and a trigger of an event type (from the lexicon) near it. Clauses that hedge ("could",
"might"), give statistics, or have a trigger but no date are set aside with a note saying why.
A sentence that opens by following the one before ("This was followed by...") takes that
sentence's date. Each event keeps the exact sentence it came from, with its offsets.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from app.extraction.entities import Involved, resolve
from app.extraction.fatalities import Toll, find_toll
from app.extraction.gazetteer import EntityMention, Gazetteer
from app.extraction.lexicon import Lexicon, TriggerHit
from app.extraction.residue import mask_residue
from app.extraction.sentences import Sentence, split_sentences
from app.extraction.subjects import SPLITTABLE_TYPES, coordinated_subjects
from app.extraction.temporal import (
    DateBounds,
    TemporalMention,
    find_dates,
    parse_date_expression,
)
from app.extraction.temporal_bounds import interval_bounds
from app.extraction.temporal_relative import event_offsets, is_weekday
from app.extraction.titles import title_slots
from app.extraction.words import words_of

# Where a clause ends inside a sentence: semicolons, dashes, parentheses, and a comma that
# opens a new clause.
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[—–]\s|\(|\)|,\s+(?=(?:and|but|while|whereas|which|who|after|before|following|"
    r"as|when|leading|prompting|resulting|with|igniting|sparking|triggering|amid|although|"
    r"though|despite|then)\b)"
)
# Event types whose violence-like wording means a border incident when the clause is about a border.
_BORDER_PRONE = {"armed_violence", "deployment", "military_exercise"}
_SUBJECT_ROLE_TYPES = {
    "armed_violence",
    "border_incident",
    "coup",
    "sanctions",
    "deployment",
    "troop_withdrawal",
    "arms_transfer",
    "military_exercise",
}


# A paragraph ends where a line break follows the end of a sentence, or at a blank line (a
# hard-wrapped text breaks lines inside its paragraphs).
_PARAGRAPH_BREAK = re.compile(r"[.!?\"”’)]\s*\n|\n\s*\n")
# A year used as a modifier of a noun: "a 2015 peace agreement", "the 2012 crisis".
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|this|that)\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s+(?!and\b|to\b|or\b|through\b|until\b)[a-z]")

_UNDATED_CEILING = 0.55
# In a document whose own date is unknown, a date read relative to it is a guess.
_UNKNOWN_DATE_CEILING = 0.5


@dataclass(frozen=True)
class Candidate:
    """One event as one document tells it."""

    type: str
    bounds: DateBounds
    approximate: bool
    occurrence: str  # "occurred" or "planned"
    quote_start: int
    quote_end: int
    quote: str
    summary: str
    rule: str
    confidence: float
    actors: tuple[tuple[str, str], ...]  # (actor id, role)
    places: tuple[str, ...]
    countries: tuple[str, ...]
    toll: Toll | None
    title_template: str
    noun: str = ""  # what the title calls it, from the trigger ("Ambush", "Ceasefire")
    # Whether the title should name the nearest place (else the countries): "Coup in Niger"
    # rather than a capital named elsewhere in the sentence.
    place_in_title: bool = True
    title_countries: int = 1  # how many of the nearest countries the title may name
    # What a directional title ("Withdrawal of {who} from {where}") names, read from the
    # clause (app.extraction.titles): "actor:ID", "country:CODE", "place:ID" or "".
    title_who: str = ""
    title_where: str = ""
    # The one of several coordinated subjects this event is told for ("Barkhane and Takuba both
    # ended their missions": two events), as a title reference; "" when not split.
    subject: str = ""


@dataclass(frozen=True)
class Note:
    """A passage that looked like an event but gave none, and why."""

    start: int
    end: int
    reason: str


@dataclass
class Extraction:
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    mentions: list[TemporalMention] = field(default_factory=list)


def _clauses(text: str, sentence: Sentence) -> list[tuple[int, int]]:
    spans, cursor = [], sentence.start
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    if cursor < sentence.end:
        spans.append((cursor, sentence.end))
    return spans or [(sentence.start, sentence.end)]


# A country named as a place ("near the border with Niger", "in Mali"), not as a party.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:with|near|to|from|along|across|into|toward|towards|on|at|in|inside|of)\s+(?:the\s+)?$",
    re.I,
)
_WORD_AT = re.compile(r"[\w'’-]+")
_BORDER_AFTER = re.compile(r"\s+(?:border|borders|frontier|side)\b", re.I)


def _sides(text: str, gazetteer: Gazetteer, involved: Involved) -> set[str]:
    """The states taking part in a clause: the countries of its state actors and armed forces,
    and countries named as parties ("Mauritanian herders", "Mali accused ...") rather than as
    places ("near the Malian border", "the border with Niger")."""
    sides = {
        gazetteer.actors[actor].country
        for actor, _ in involved.actors
        if gazetteer.actors[actor].kind in ("state", "armed_force")
    }
    for code, at in involved.country_mentions:
        word = _WORD_AT.match(text, at)
        if _LOCATIVE_BEFORE.search(text, max(0, at - 16), at):
            continue
        if word and _BORDER_AFTER.match(text, word.end()):
            continue
        sides.add(code)
    return sides - {""}


def _clause_around(
    clauses: list[tuple[int, int]], offset: int, window: tuple[int, int]
) -> tuple[int, int]:
    """The clause holding `offset`, within `window`."""
    for start, end in clauses:
        if start <= offset < end:
            return max(start, window[0]), min(end, window[1])
    return window


_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _summary(original: str, start: int, end: int) -> str:
    clause = original[start:end]
    if "](" in clause:
        clause = _LINK.sub(r"\1", clause)
    clause = " ".join(clause.split()).strip(" ,;:—–-")
    if len(clause) > 300:
        clause = clause[:297].rsplit(" ", 1)[0] + "…"
    if clause and not clause.endswith((".", "!", "?", "…")):
        clause += "."
    return clause[:1].upper() + clause[1:]


def _roles(kind: str, involved: Involved, trigger_at: int) -> tuple[tuple[str, str], ...]:
    roles = []
    for actor_id, offset in involved.actors:
        if kind in _SUBJECT_ROLE_TYPES:
            role = "perpetrator" if offset < trigger_at else "target"
        else:
            role = "party"
        roles.append((actor_id, role))
    return tuple(roles)


def _confidence(
    hit: TriggerHit,
    mention: TemporalMention | None,
    involved: Involved,
    continued: bool,
    adjust: float = 0.0,
) -> float:
    score = 0.45 + min(hit.score, 6) * 0.05 + adjust
    if mention is not None and mention.bounds.precision in ("day", "part_of_month", "month"):
        score += 0.1
    if mention is not None and mention.kind == "absolute":
        score += 0.05
    if involved.actors or involved.places:
        score += 0.05
    if mention is not None and mention.kind == "open":
        score -= 0.1  # "since 2021 ..." tells of a state of affairs more often than an event
    if continued:
        score -= 0.15
        # An event dated only by the narrative around it always waits for an editor.
        score = min(score, _UNDATED_CEILING)
    return round(max(0.05, min(score, 0.99)), 2)


@dataclass
class _Context:
    text: str
    masked: str
    document_date: date
    gazetteer: Gazetteer
    lexicon: Lexicon
    result: Extraction
    # False when the document's date is unknown: relative dates are then guesses.
    date_known: bool = True
    # Whether the document is dated to the day: only then does "on Saturday" name a date.
    day_known: bool = True
    # The narrative's date is a year (or coarser) told in an earlier paragraph.
    anchor_is_background: bool = False
    # The current sentence with its dates blanked, so that "May 2021" is no modal "may".
    cue_text: str = ""
    cue_offset: int = 0
    sentence: Sentence = Sentence(0, 0, "")
    # Per-sentence look-ups, made once on first use: cue spans, names, weak triggers.
    _cues: dict[str, list[tuple[int, int]]] | None = None
    _entities: list[EntityMention] | None = None
    _weak: list[TriggerHit] | None = None
    _clauses: list[tuple[int, int]] | None = None

    def cue(self, name: str, start: int, end: int) -> bool:
        """Whether a cue phrase of `name` lies within [start, end) of the current sentence."""
        if self._cues is None:
            self._cues = self.lexicon.every_cue(self.cue_text)
        start, end = start - self.cue_offset, end - self.cue_offset
        return any(start <= s and e <= end for s, e in self._cues[name])

    def entities(self, start: int, end: int) -> list[EntityMention]:
        if self._entities is None:
            self._entities = self.gazetteer.find(
                self.masked, self.sentence.start, self.sentence.end
            )
        return [m for m in self._entities if start <= m.start and m.end <= end]

    def weak(self, start: int, end: int) -> list[TriggerHit]:
        if self._weak is None:
            self._weak = self.lexicon.weak_occurrences(
                self.masked, self.sentence.start, self.sentence.end
            )
        return [h for h in self._weak if start <= h.start and h.end <= end]

    def set_sentence(self, sentence: Sentence, mentions: list[TemporalMention]) -> None:
        chars = list(sentence.text)
        for m in mentions:
            for i in range(m.start - sentence.start, m.end - sentence.start):
                chars[i] = " "
        self.cue_text, self.cue_offset = "".join(chars), sentence.start
        self.sentence = sentence
        self._cues, self._entities, self._weak, self._clauses = None, None, None, None

    def clauses(self) -> list[tuple[int, int]]:
        """The current sentence's clauses."""
        if self._clauses is None:
            self._clauses = _clauses(self.masked, self.sentence)
        return self._clauses


def _candidate(
    ctx: _Context,
    sentence: Sentence,
    window: tuple[int, int],
    hit: TriggerHit,
    bounds: DateBounds,
    mention: TemporalMention | None,
    continued: bool,
    adjust: float = 0.0,
) -> Candidate | None:
    start, end = window
    lexicon = ctx.lexicon
    # Only a hedge near the trigger and its date counts: "Fearing it could spread, the army
    # launched..." reports a launch.
    near = [hit.start, hit.end] + ([mention.start, mention.end] if mention else [])
    if ctx.cue("hypothetical", max(start, min(near) - 40), min(end, max(near) + 10)):
        ctx.result.notes.append(Note(start, end, f"hedged or hypothetical ({hit.type})"))
        return None
    # A vote share is how an election went ("won with 52 per cent"), not a statistic.
    if ctx.cue("statistic", start, end) and hit.score < 4 and hit.type != "political_transition":
        ctx.result.notes.append(Note(start, end, f"a statistic, not an event ({hit.type})"))
        return None
    forward = mention is not None and ctx.cue(
        "forward", max(sentence.start, mention.start - 16), mention.start
    )
    planned = forward or ctx.cue("planned", start, end) or bounds.start > ctx.document_date
    mentions = ctx.entities(start, end)
    involved = resolve(ctx.gazetteer, ctx.masked, mentions, bounds.start).nearest_first(hit.start)
    kind = hit.type
    # Crossing a border makes violence, a deployment or an exercise a border incident; being
    # at one with two states' sides makes only violence one (troops sent to a border are a
    # deployment).
    if kind in _BORDER_PRONE and (
        ctx.cue("crossing", start, end)
        or (
            kind == "armed_violence"
            and ctx.cue("border", start, end)
            and len(_sides(ctx.masked, ctx.gazetteer, involved)) >= 2
        )
    ):
        kind = "border_incident"
    clause = _clause_around(ctx.clauses(), hit.start, window)
    slots = title_slots(
        ctx.masked, involved, (hit.start, hit.end), clause, lexicon.title_template(kind), kind
    )
    # The word the title's noun is read from: the trigger's, unless the type changed.
    noun_word = ""
    if kind == "troop_withdrawal" and _leaves_organisation(ctx, involved, hit):
        # Leaving ECOWAS or the G5 Sahel is a decision about membership, not troops leaving.
        kind, noun_word = "institutional", "withdrawal"
        slots = title_slots(
            ctx.masked, involved, (hit.start, hit.end), clause, lexicon.title_template(kind), kind
        )
    toll = (
        find_toll(ctx.masked, start, sentence.end)
        if kind in ("armed_violence", "border_incident", "coup", "protest")
        else None
    )
    return Candidate(
        type=kind,
        bounds=bounds,
        approximate=bool(mention and mention.approximate),
        occurrence="planned" if planned else "occurred",
        quote_start=sentence.start,
        quote_end=sentence.end,
        quote=ctx.text[sentence.start : sentence.end],
        summary=_summary(ctx.text, start, end),
        rule=hit.rule,
        confidence=_confidence(hit, mention, involved, continued, adjust)
        if ctx.date_known or (mention is not None and mention.kind == "absolute")
        else min(_UNKNOWN_DATE_CEILING, _confidence(hit, mention, involved, continued, adjust)),
        actors=_roles(kind, involved, hit.start),
        places=tuple(p for p, _ in involved.places),
        countries=tuple(involved.countries),
        toll=toll,
        title_template=lexicon.title_template(kind),
        place_in_title=involved.place_is_nearest(hit.start),
        title_countries=lexicon.title_countries(kind),
        title_who=slots.who,
        title_where=slots.where,
        noun=lexicon.noun(kind, ctx.masked[hit.start : hit.end] if kind == hit.type else noun_word),
    )


_LEFT_FROM = re.compile(r"\s*(?:(?:from|out\s+of|of)\s+)?(?:the\s+)?", re.I)


def _leaves_organisation(ctx: _Context, involved: Involved, hit: TriggerHit) -> bool:
    """Whether the withdrawal's trigger is followed by an organisation it leaves ("withdrew
    from ECOWAS", "pulled out of the G5 Sahel"), not by a country or a mission."""
    for actor_id, offset in involved.actors:
        actor = ctx.gazetteer.actors.get(actor_id)
        if (
            actor is not None
            and actor.kind == "organization"
            and offset >= hit.end
            and _LEFT_FROM.fullmatch(ctx.masked, hit.end, offset)
        ):
            return True
    return False


_CONSEQUENCE = re.compile(
    r"\s*(?:,\s*)?(?:prompting|igniting|sparking|triggering|provoking|leading to|resulting in|"
    r"which (?:led|prompted|triggered|sparked))\b",
    re.I,
)
# Between two dated items of a list: a separator, a short noun phrase and the preposition (or
# parenthesis) of its date: "), Indelimane (", ", Indelimane in ", " and the envoy in ".
_LIST_ITEM = re.compile(
    r"\)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?[^\W\d][\w'’-]*(?:\s+[^\W\d][\w'’-]*){0,3}"
    r"\s*(?:\(|\b(?:in|on|during)\b)\s*"
)
# Between two dates that share their triggers: "in March 2023 and January 2024", "in August
# 2020 and again in May 2021".
_COORDINATED = re.compile(
    r"^\s*(?:,|and|or|, and|as well as)(?:\s+(?:again|later|then|once more))?"
    r"(?:\s+(?:in|on|during))?\s*$"
)
# Evidence that a sentence reports what happened rather than what is generally so: a past
# form. Looked up in the sentence's words (already cut for the cues) rather than by an
# expression: a case-blind alternation tried at every character cost more than the rest of
# the sentence's reading.
_PAST_FORMS = frozenset(
    "was were had did took sent met began left made held won led fled saw came went gave "
    "struck fought broke rose".split()
)
_NOT_PAST = frozenset(
    "armed united based linked related called allied aimed concerned used unidentified alleged "
    "red need speed indeed hundred seed feed bred shed".split()
)
_RECENT = frozenset({"recent", "recently", "lately"})
# Words that make a sentence about many occasions or a trend rather than one event.
_GENERIC = frozenset(
    "multiple several many some often repeatedly frequently every various numerous "
    "increasingly continues continued ongoing usually generally".split()
)
_GENERIC_PAIRS = frozenset({("wave", "of"), ("so", "far")})


def _says_past(words: tuple[str, ...]) -> bool:
    """Whether the words hold a past form ("was", "took", "deployed"; "has been")."""
    for i, word in enumerate(words):
        if word in _PAST_FORMS:
            return True
        if word.endswith("ed") and len(word) >= 4 and word not in _NOT_PAST and word.isalpha():
            return True
        if word == "been" and i and words[i - 1] in ("has", "have"):
            return True
    return False


def _says_recent(words: tuple[str, ...]) -> bool:
    return any(
        w in _RECENT or (w == "this" and i + 1 < len(words) and words[i + 1] == "year")
        for i, w in enumerate(words)
    )


def _says_generic(words: tuple[str, ...]) -> bool:
    return not _GENERIC.isdisjoint(words) or any(
        pair in _GENERIC_PAIRS for pair in zip(words, words[1:], strict=False)
    )


_PRESENT_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:\w+ly\s+|also\s+|been\s+|not\s+)?\w+(?:ed|en)\b", re.I
)
# A participle used as an adjective names an event told elsewhere: "the ousted leader".
_ATTRIBUTIVE_PARTICIPLE = re.compile(r"\b(?:the|a|an|its|his|her|their)\s+\w+ed$", re.I)
_PAST_VERB = re.compile(
    r"^(?:\w+ed|met|sent|took|left|held|won|led|fled|began|struck|fought|broke|rose|made|gave|"
    r"came|went|saw|overran|withdrew|seized|sought)\b",
    re.I,
)


def _undated_adjustment(ctx: _Context, sentence: Sentence, hit: TriggerHit) -> float:
    """How much more (or less) an undated sentence reads as one event than as background."""
    adjust = 0.0
    trigger = ctx.masked[hit.start : hit.end]
    subject = ctx.entities(sentence.start, hit.start)
    if _PAST_VERB.match(trigger) and subject:
        adjust += 0.1  # "Mauritania summoned the ambassador": a named subject did something
    if _says_generic(words_of(ctx.cue_text)[1]):
        adjust -= 0.1
    if _PRESENT_PERFECT.search(ctx.cue_text):
        adjust -= 0.1
    return adjust


def _dates(ctx: _Context, sentence: Sentence, anchor: DateBounds | None) -> list[TemporalMention]:
    """The sentence's dates. A year-less date ("On September 16") takes its year from a precise
    anchor only: after a mere year or decade, it is read from the document date instead."""
    found = find_dates(
        sentence.text, document_date=ctx.document_date, anchor=anchor, offset=sentence.start
    )
    if anchor is not None and any(m.kind == "anchored" for m in found):
        free = {
            m.start: m
            for m in find_dates(
                sentence.text, document_date=ctx.document_date, offset=sentence.start
            )
        }
        found = [
            _settle_year(m, free.get(m.start), anchor, ctx.document_date, ctx.anchor_is_background)
            for m in found
        ]
    # A date inside residue dates nothing, and a decade ("this decade", EDTF 202X) pins no event
    # to a year.
    found = [m for m in found if ctx.masked[m.start : m.end].strip() and "X" not in m.bounds.edtf]
    if any(is_weekday(m.text) for m in found):
        found = _weekdays(ctx, sentence, found)
    return _from_events(ctx, sentence, found)


def _weekdays(
    ctx: _Context, sentence: Sentence, found: list[TemporalMention]
) -> list[TemporalMention]:
    """A weekday named alone ("on Saturday") is a date only in a document dated to the day:
    the latest such day, or the next one when the sentence tells a plan ("the mission will
    close on Sunday")."""
    if not ctx.day_known:
        return [m for m in found if not is_weekday(m.text)]
    planned = ctx.lexicon.cue("planned", ctx.masked, sentence.start, sentence.end)
    week = timedelta(days=7)
    return [
        replace(m, bounds=interval_bounds(m.bounds.start + week, m.bounds.end + week))
        if planned
        and is_weekday(m.text)
        and m.bounds.end <= ctx.document_date
        and not m.text.lower().startswith(("last", "this past"))
        else m
        for m in found
    ]


def _from_events(
    ctx: _Context, sentence: Sentence, found: list[TemporalMention]
) -> list[TemporalMention]:
    """`found` and the dates counted from an event told before ("four days after the coup"):
    the latest earlier event of the kind the noun names, dated to a month or finer."""
    if "after" not in sentence.text and "before" not in sentence.text:
        return found  # most sentences: no offset to look for
    offsets = event_offsets(sentence.text, sentence.start)
    if not offsets:
        return found
    names = ctx.gazetteer.find(ctx.masked, sentence.start, sentence.end)
    countries = set(resolve(ctx.gazetteer, ctx.masked, names, ctx.document_date).countries)
    for item in offsets:
        if any(m.start < item.end and item.start < m.end for m in found):
            continue
        noun = (item.noun_start, item.noun_end)
        kinds = {h.type for h in ctx.lexicon.occurrences(ctx.masked, *noun)}
        told = [
            c
            for c in ctx.result.candidates
            if c.type in kinds and _span_days(c.bounds) <= 31 and c.quote_start < sentence.start
        ]
        # An event in a country the sentence names ("sanctions on Niger four days after the
        # coup"), the most precisely dated (the one told in detail), the latest of those.
        local = [c for c in told if countries & set(c.countries)] or told
        if not local:
            continue
        event = min(reversed(local), key=lambda c: _span_days(c.bounds))
        bounds = item.from_event(event.bounds)
        found.append(
            TemporalMention(
                item.start,
                item.end,
                ctx.text[item.start : item.end],
                bounds,
                "relative",
                item.low != item.high or item.unit == "week",
            )
        )
    return sorted(found, key=lambda m: m.start)


def _settle_year(
    mention: TemporalMention,
    free: TemporalMention | None,
    anchor: DateBounds,
    document_date: date,
    background: bool,
) -> TemporalMention:
    """A year-less date ("On July 28") read in the narrative's year, unless that makes the
    narrative run backwards or puts it after the document: then the latest such date before the
    document, as long as it does not precede the narrative's date.

    Writers leave out a year they think obvious: the year of the story they are telling, given
    just before as a date or as a year ("Through 2023 ... On October 20"). A span longer than
    a year ("since 2012") gives no year, and neither does a `background` one, a year told in an
    earlier paragraph, nor a planned one after the document: then the date is the latest one
    before the document."""
    if mention.kind != "anchored" or free is None:
        return mention
    # A date after the document's is a plan ("leaving takes effect in January 2025"), not the
    # year of the story: "In March" after it is the March before the document.
    background = background or _span_days(anchor) > 366 or anchor.start > document_date
    backwards = mention.bounds.end < anchor.start
    if background or backwards or mention.bounds.end > document_date:
        return free if free.bounds.start >= anchor.start or background else mention
    return mention


def _undated(
    ctx: _Context, sentence: Sentence, anchor: DateBounds | None, triggers: list[TriggerHit]
) -> None:
    """A sentence with a trigger and no date: an event only when it continues the narrative.

    Opening on a continuation ("This was followed by") it takes the date of the event before;
    otherwise a report in the past tense takes that event's year (or the document's year, when
    it says "recent"), with a lower confidence so that it waits for review. A year told only in
    an earlier paragraph dates nothing: on the gold sets not one such event was right.
    """
    hits = ctx.lexicon.rank(triggers, ctx.weak(sentence.start, sentence.end))
    if not hits:
        return
    whole = (sentence.start, sentence.end)
    opening = ctx.masked[sentence.start : sentence.start + 40]
    adjust = _undated_adjustment(ctx, sentence, hits[0])
    words = words_of(ctx.cue_text)[1]
    past = _says_past(words)
    recent = _says_recent(words) or anchor is None
    if anchor is not None and ctx.lexicon.cue("continuation", opening):
        found = _candidate(ctx, sentence, whole, hits[0], anchor, None, True, adjust + 0.05)
    elif past and (recent or not ctx.anchor_is_background):
        year = ctx.document_date.year if recent or anchor is None else anchor.start.year
        bounds = parse_date_expression(str(year))
        found = _candidate(ctx, sentence, whole, hits[0], bounds, None, True, adjust)
    else:
        why = "dated only by an earlier paragraph" if past else "no date a reader can pin down"
        ctx.result.notes.append(Note(sentence.start, sentence.end, f"{why} ({hits[0].type})"))
        return
    if found:
        ctx.result.candidates.extend(_per_subject(ctx, found, hits[0], whole))


def _per_subject(
    ctx: _Context, candidate: Candidate, hit: TriggerHit, window: tuple[int, int]
) -> list[Candidate]:
    """The candidate, or one per coordinated subject that each did it (app.extraction.subjects),
    each naming its own subject and not the others."""
    if candidate.type not in SPLITTABLE_TYPES:
        return [candidate]
    clause = _clause_around(ctx.clauses(), hit.start, window)
    subjects = coordinated_subjects(
        ctx.cue_text, ctx.cue_offset, ctx.entities(*clause), clause[0], hit.start
    )
    if not subjects:
        return [candidate]
    references = []
    for mention in subjects:
        involved = resolve(ctx.gazetteer, ctx.masked, [mention], candidate.bounds.start)
        if involved.actors:
            references.append(("actor", involved.actors[0][0]))
        elif involved.country_mentions:
            references.append(("country", involved.country_mentions[0][0]))
        else:
            return [candidate]  # a place or a name out of its time: not a list of doers
    named = {f"{kind}:{key}" for kind, key in references}
    split = []
    for kind, key in references:
        others = {k for t, k in references if t == "actor" and k != key}
        actors = tuple(a for a in candidate.actors if a[0] not in others)
        subject = f"{kind}:{key}"
        who, where = candidate.title_who, candidate.title_where
        # The subjects are the title's {who} ("X and Y both withdrew"), or else its {where}
        # ("X and Y each expelled French troops": French troops left each of them).
        if who in named or not who:
            who = subject
        elif where in named or not where:
            where = subject
        split.append(
            replace(candidate, actors=actors, title_who=who, title_where=where, subject=subject)
        )
    return split


def _distance(hit: TriggerHit, mention: TemporalMention) -> int:
    return max(0, max(hit.start, mention.start) - min(hit.end, mention.end))


def _clause_index(clauses: list[tuple[int, int]], offset: int) -> int:
    return next((i for i, (s, e) in enumerate(clauses) if s <= offset < e), len(clauses) - 1)


def _assign(
    ctx: _Context,
    mentions: list[TemporalMention],
    triggers: list[TriggerHit],
    clauses: list[tuple[int, int]],
) -> tuple[dict[int, list[TriggerHit]], set[int]]:
    """Each trigger goes to a date in its own clause if there is one, else to the nearest date;
    the result maps a mention's index to its triggers. A date coordinated with its neighbour
    ("in March 2023 and January 2024", "Boulkessi in June 2019, Inates in December 2019")
    shares that neighbour's triggers: it happened twice. Also returned: the indexes of the
    dates that are items of such a list."""
    where = [_clause_index(clauses, m.start) for m in mentions]
    assigned: dict[int, list[TriggerHit]] = {}
    items: set[int] = set()
    for hit in triggers:
        clause = _clause_index(clauses, hit.start)
        nearest = min(
            range(len(mentions)),
            key=lambda i: (where[i] != clause, _distance(hit, mentions[i])),
        )
        assigned.setdefault(nearest, []).append(hit)
    for i in range(len(mentions) - 1):
        first, second = mentions[i], mentions[i + 1]
        if _listed(ctx, first, second, triggers):
            shared = assigned.get(i, []) or assigned.get(i + 1, [])
            if shared:
                assigned.setdefault(i, shared)
                assigned.setdefault(i + 1, shared)
                items.update((i, i + 1))
    return assigned, items


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")


def _own_places(
    ctx: _Context, candidate: Candidate, mentions: list[TemporalMention], index: int
) -> Candidate:
    """A list item's event takes the places named in its own item ("Indelimane in November
    2019"), between the date before it and its own, when the item names any."""
    since = mentions[index - 1].end if index else ctx.sentence.start
    own = resolve(
        ctx.gazetteer,
        ctx.masked,
        ctx.entities(since, mentions[index].start),
        candidate.bounds.start,
    )
    if not own.places:
        # An item naming a place the gazetteer does not know is not at its neighbour's place.
        named = _CAPITALISED.search(ctx.masked, since, mentions[index].start)
        return replace(candidate, places=()) if named and index else candidate
    countries = tuple(dict.fromkeys([*own.countries, *candidate.countries]))
    return replace(
        candidate,
        places=tuple(p for p, _ in own.places),
        countries=countries,
        place_in_title=True,
    )


def _listed(
    ctx: _Context, first: TemporalMention, second: TemporalMention, triggers: list[TriggerHit]
) -> bool:
    """Whether two dates are items of one list: joined by "and" or a comma, or each after its
    own short noun phrase ("struck Boulkessi in June 2019, Indelimane in November 2019"), with
    no trigger or verb of their own between them."""
    gap = ctx.masked[first.end : second.start]
    if _COORDINATED.match(gap):
        return True
    if len(gap) > 60 or not _LIST_ITEM.fullmatch(gap):
        return False
    if any(first.end <= t.start < second.start for t in triggers):
        return False
    return not any(w in _PAST_FORMS or w.endswith("ed") for w in words_of(gap)[1])


def _best(
    ctx: _Context, hits: list[TriggerHit], triggers: list[TriggerHit], window: tuple[int, int]
) -> TriggerHit:
    """The type the triggers of one date speak for most: its own triggers count 2 each, or,
    when more, every strong (2) and weak (1) trigger of that type in the window. Its first
    trigger stands for it."""
    scores: dict[str, int] = {}
    for hit in hits:
        scores[hit.type] = scores.get(hit.type, 0) + hit.score
    in_window: dict[str, int] = {}
    for hit in [t for t in triggers if window[0] <= t.start and t.end <= window[1]]:
        in_window[hit.type] = in_window.get(hit.type, 0) + hit.score
    for hit in ctx.weak(*window):
        in_window[hit.type] = in_window.get(hit.type, 0) + 1
    for kind in scores:
        scores[kind] = max(scores[kind], in_window.get(kind, 0))
    # Ties go to a type said by a strong trigger rather than only by reporting words ("accused
    # of killing civilians, an accusation ..."), then to one said by a verb ("residents
    # protested against the killings").
    strong = {h.type for h in hits if h.score >= 2}
    verbal = {h.type for h in hits if _PAST_VERB.match(ctx.masked[h.start : h.end])}
    kind = min(
        scores,
        key=lambda t: (-scores[t], t not in strong, t not in verbal, ctx.lexicon.precedence(t)),
    )
    first = next(h for h in hits if h.type == kind)
    return TriggerHit(kind, scores[kind], first.rule, first.start, first.end)


def _window(
    clauses: list[tuple[int, int]], mention: TemporalMention, hits: list[TriggerHit]
) -> tuple[int, int]:
    """The clauses that hold a date and its triggers."""
    start = min([mention.start] + [h.start for h in hits])
    end = max([mention.end] + [h.end for h in hits])
    first = next((s for s, e in clauses if s <= start < e), start)
    last = next((e for s, e in clauses if s < end <= e), end)
    return first, last


def _groups(
    clauses: list[tuple[int, int]], mention: TemporalMention, hits: list[TriggerHit]
) -> list[list[TriggerHit]]:
    """A date's triggers by clause, the clause of the date (or the nearest) first: each clause
    may tell an event of its own ("X was killed in April 2021, and his son seized power")."""
    by_clause: dict[int, list[TriggerHit]] = {}
    for hit in hits:
        by_clause.setdefault(_clause_index(clauses, hit.start), []).append(hit)
    home = _clause_index(clauses, mention.start)
    return [by_clause[i] for i in sorted(by_clause, key=lambda i: (abs(i - home), i))]


def _sentence_events(
    ctx: _Context, sentence: Sentence, anchor: DateBounds | None
) -> list[TemporalMention]:
    mentions = _dates(ctx, sentence, anchor)
    # The event a date counts from ("four days after the coup") is not told again, nor one
    # named by a participle ("the ousted president").
    triggers = [
        t
        for t in ctx.lexicon.occurrences(ctx.masked, sentence.start, sentence.end)
        if not any(m.start <= t.start and t.end <= m.end for m in mentions)
        and not _ATTRIBUTIVE_PARTICIPLE.search(ctx.masked, max(0, t.start - 8), t.end)
    ]
    if not triggers:
        return mentions  # its dates still anchor what follows
    ctx.set_sentence(sentence, mentions)
    if not mentions:
        _undated(ctx, sentence, anchor, triggers)
        return mentions
    clauses = ctx.clauses()
    assigned, items = _assign(ctx, mentions, triggers, clauses)
    for index, hits in sorted(assigned.items()):
        mention = mentions[index]
        told: set[str] = set()
        for rank, group in enumerate(_groups(clauses, mention, hits)):
            if rank == 0:
                window = _window(clauses, mention, group)
                if len(mentions) == 1:
                    window = (sentence.start, sentence.end)
            else:
                window = _window(
                    clauses,
                    TemporalMention(
                        group[0].start,
                        group[0].end,
                        "",
                        mention.bounds,
                        mention.kind,
                        mention.approximate,
                    ),
                    group,
                )
            best = _best(ctx, group, triggers, window)
            if best.type in told:
                continue
            # A further clause's event ("..., prompting Nouakchott to summon the ambassador") is
            # dated by the sentence itself but less surely its own event: a lower confidence.
            found = _candidate(
                ctx, sentence, window, best, mention.bounds, mention, False, -0.1 * (rank > 0)
            )
            if found and found.type not in told:
                told.add(found.type)
                if index in items:
                    found = _own_places(ctx, found, mentions, index)
                ctx.result.candidates.extend(_per_subject(ctx, found, best, window))
    return mentions


def _attributive(text: str, mention: TemporalMention) -> bool:
    """Whether a date names a thing rather than a time ("a 2015 peace agreement")."""
    return bool(
        _DETERMINER_BEFORE.search(text, max(0, mention.start - 8), mention.start)
        and _NOUN_AFTER.match(text, mention.end)
    )


def _span_days(bounds: DateBounds) -> int:
    return (bounds.end - bounds.start).days


def extract_events(
    text: str,
    *,
    document_date: date,
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    date_known: bool = True,
    day_known: bool = True,
) -> Extraction:
    """Every candidate event in `text`, with notes on the passages passed over.

    `document_date` anchors relative dates ("this year", "last May") until the narrative gives
    a date of its own; with `date_known` False it is a stand-in, and events dated from it get a
    confidence that keeps them for review. With `day_known` False (a date stated to the month,
    or inferred), weekdays named alone ("on Saturday") date nothing. Offsets in the result
    refer to `text`. Never raises on unusual text.
    """
    ctx = _Context(
        text,
        mask_residue(text),
        document_date,
        gazetteer,
        lexicon,
        Extraction(),
        date_known,
        day_known and date_known,
    )
    anchor: DateBounds | None = None
    anchor_end = 0
    for sentence in split_sentences(ctx.masked):
        ctx.anchor_is_background = (
            anchor is not None
            and _span_days(anchor) > 31
            and _PARAGRAPH_BREAK.search(ctx.masked, anchor_end, sentence.start) is not None
        )
        mentions = _sentence_events(ctx, sentence, anchor)
        ctx.result.mentions.extend(mentions)
        # Only a date of a year or finer anchors what follows: "this decade" dates nothing, and
        # neither does a year that names a thing ("a 2015 peace agreement").
        dated = [
            m
            for m in mentions
            if m.kind != "open" and _span_days(m.bounds) <= 366 and not _attributive(ctx.masked, m)
        ]
        if dated:
            anchor, anchor_end = dated[-1].bounds, dated[-1].end
    return ctx.result
