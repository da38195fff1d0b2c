"""Coordinated subjects that each did the same thing: "Barkhane and Takuba both ended their
missions", "Mali, Burkina Faso and Niger each expelled French troops".

Such a clause tells one event per subject, and an analysis counts them so. Without a word that
distributes the verb over the subjects ("both", "each", "all", "separately", "respectively"),
coordinated names are read as acting together ("Mali and Russia signed an agreement"), and so
are they for the kinds of event that take two sides (treaties, talks, clashes, protests).
"""

import re

from app.extraction.gazetteer import EntityMention

# Kinds of event each subject can do on its own.
SPLITTABLE_TYPES = frozenset(
    {
        "troop_withdrawal",
        "deployment",
        "sanctions",
        "arms_transfer",
        "coup",
        "political_transition",
        "institutional",
    }
)
_DISTRIBUTIVE = {"both", "each", "all", "separately", "respectively"}
# Between two subjects: a comma or "and", nothing else.
_JOINER = re.compile(r"\s*(?:,\s*and|,|and)\s*", re.I)
# Between the last subject and the verb: the distributive word, auxiliaries and adverbs.
_BEFORE_VERB = re.compile(
    r"\s*(?:['’]s?\s+\w+\s+)?(?:(?:both|each|all|separately|respectively|also|then|later|have|"
    r"has|had|were|was|would|subsequently|formally|officially|quickly)\s+)*",
    re.I,
)
# Before the first subject, after the clause's last comma: nothing but "both", "the" and
# capitalised words (the rest of a name, "Operation Barkhane", or a sentence's first word).
_OPENING = re.compile(r"\s*(?:(?:(?i:both|the)|[A-Z][\w'’-]*)\s+)*")


def coordinated_subjects(
    text: str,
    offset: int,
    mentions: list[EntityMention],
    clause_start: int,
    trigger_start: int,
) -> list[EntityMention]:
    """The names coordinated right before the trigger as its subjects, each acting on its own,
    or [] (one subject, no distributive word, or names that are not a plain list).

    `text` is the sentence with its dates blanked ("In 2022, X and Y both withdrew" reads as
    "In     , X and Y both withdrew") and starts at `offset` of the document, in which
    `mentions` (the clause's names, in text order), `clause_start` and `trigger_start` count."""
    before = [m for m in mentions if clause_start <= m.start and m.end <= trigger_start]
    if len(before) < 2:
        return []
    clause_start, trigger_start = clause_start - offset, trigger_start - offset
    if not _BEFORE_VERB.fullmatch(text, before[-1].end - offset, trigger_start):
        return []
    subjects = [before[-1]]
    for previous in reversed(before[:-1]):
        if not _JOINER.fullmatch(text, previous.end - offset, subjects[0].start - offset):
            break
        subjects.insert(0, previous)
    first = subjects[0].start - offset
    opening = re.split(r"[,;:]", text[clause_start:first])[-1]
    if len(subjects) < 2 or not _OPENING.fullmatch(opening):
        return []
    said = text[max(clause_start, first - 6) : trigger_start].lower().split()
    if not _DISTRIBUTIVE & {word.strip(",;:") for word in said}:
        return []
    return subjects
