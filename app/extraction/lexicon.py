"""The trigger lexicon of data/triggers.toml, compiled: which event types a clause speaks of.

Patterns are written in a small phrase language an editor can read (see the file's header);
each type's patterns compile into one regular expression with a group per pattern, so a clause
is scanned once per type and every hit still knows which pattern (the rule id) fired.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_GAP = r"(?:\W+\w+){0,8}?"


def compile_phrase(phrase: str) -> str:
    """The regular expression (without groups) for one phrase of the lexicon language."""
    parts: list[str] = []
    for token in phrase.split():
        if token == "...":
            parts.append(_GAP)
            continue
        options = []
        for word in token.split("|"):
            stem = word.rstrip("*")
            body = re.escape(stem).replace("'", "['’]").replace("\\-", "[-‑ ]?")
            options.append(body + (r"\w*" if word.endswith("*") else ""))
        parts.append("(?:" + "|".join(options) + ")")
    joined = ""
    for i, part in enumerate(parts):
        if i and part != _GAP and parts[i - 1] != _GAP:
            joined += r"[\s,'’-]+"
        elif i and part != _GAP:
            joined += r"\W+"
        joined += part
    return r"(?<!\w)" + joined + r"(?!\w)"


@dataclass(frozen=True)
class PhraseSet:
    """Several phrases compiled into one expression; `find` says which phrase matched where."""

    phrases: tuple[str, ...]
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, phrases: list[str]) -> "PhraseSet":
        body = "|".join(f"({compile_phrase(p)})" for p in phrases) or r"(?!x)x"
        return cls(tuple(phrases), re.compile(body, re.I))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        stop = len(text) if end is None else end
        return [
            (self.phrases[(m.lastindex or 1) - 1], m.start(), m.end())
            for m in self.pattern.finditer(text, start, stop)
        ]

    def search(self, text: str, start: int = 0, end: int | None = None) -> bool:
        return self.pattern.search(text, start, len(text) if end is None else end) is not None


@dataclass(frozen=True)
class TypeRule:
    name: str
    title: str
    strong: PhraseSet
    weak: PhraseSet


@dataclass(frozen=True)
class TriggerHit:
    """A type a clause speaks of: its score and the strongest pattern that fired, with offsets."""

    type: str
    score: int
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class Lexicon:
    types: tuple[TypeRule, ...]
    cues: dict[str, PhraseSet]

    def title_template(self, type_name: str) -> str:
        return next((t.title for t in self.types if t.name == type_name), "{where}")

    def hits(self, text: str, start: int, end: int) -> list[TriggerHit]:
        """Types spoken of in text[start:end], best first; strong hits count 2, weak ones 1.

        A type needs a strong hit to be returned. Ties keep the lexicon's order of precedence.
        """
        found: list[tuple[int, int, TriggerHit]] = []
        for order, rule in enumerate(self.types):
            strong = rule.strong.find(text, start, end)
            if not strong:
                continue
            weak = rule.weak.find(text, start, end)
            phrase, s, e = strong[0]
            hit = TriggerHit(rule.name, 2 * len(strong) + len(weak), f"{rule.name}:{phrase}", s, e)
            found.append((-hit.score, order, hit))
        return [hit for _, _, hit in sorted(found, key=lambda item: (item[0], item[1]))]

    def occurrences(self, text: str, start: int, end: int) -> list[TriggerHit]:
        """Every strong trigger in text[start:end], each on its own (score 2), in text order."""
        found = [
            TriggerHit(rule.name, 2, f"{rule.name}:{phrase}", s, e)
            for rule in self.types
            for phrase, s, e in rule.strong.find(text, start, end)
        ]
        return sorted(found, key=lambda hit: (hit.start, self.precedence(hit.type)))

    def precedence(self, type_name: str) -> int:
        return next((i for i, t in enumerate(self.types) if t.name == type_name), len(self.types))

    def cue(self, name: str, text: str, start: int = 0, end: int | None = None) -> bool:
        return self.cues[name].search(text, start, end)

    def cue_spans(
        self, name: str, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[str, int, int]]:
        return self.cues[name].find(text, start, end)


def load_lexicon(path: Path) -> Lexicon:
    """Read and compile a trigger lexicon. Raises ValueError naming the file on a bad entry."""
    with path.open("rb") as handle:
        content = tomllib.load(handle)
    try:
        types = tuple(
            TypeRule(
                name=str(entry["name"]),
                title=str(entry.get("title", "{where}")),
                strong=PhraseSet.of(list(entry["strong"])),
                weak=PhraseSet.of(list(entry.get("weak", []))),
            )
            for entry in content["type"]
        )
        cues = {name: PhraseSet.of(list(phrases)) for name, phrases in content["cues"].items()}
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{path}: bad trigger lexicon ({exc})") from exc
    return Lexicon(types=types, cues=cues)
