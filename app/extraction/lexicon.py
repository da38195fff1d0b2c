"""The trigger lexicon of data/triggers.toml, compiled: which event types a clause speaks of.

Patterns are written in a small phrase language an editor can read (see the file's header).
They are matched on words, not characters: text is cut into folded words (lower case, no
accents), and each phrase is indexed by its first word, so a clause costs a dictionary look-up
per word however many phrases there are. Every hit still knows which phrase (the rule id) fired.
"""

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

from app.extraction.words import WORD, fold_word, words_of

_GAP_WORDS = 8
_GAP = "..."


@dataclass(frozen=True)
class _Step:
    """One word of a phrase: any of `exact`, or any word starting with one of `prefixes`."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]

    def accepts(self, word: str) -> bool:
        return word in self.exact or word.startswith(self.prefixes)


def _parse(phrase: str) -> list[_Step | None]:
    """A phrase as steps; None stands for a gap of up to eight words."""
    steps: list[_Step | None] = []
    for token in phrase.split():
        if token == _GAP:
            steps.append(None)
            continue
        # "sit-in*" and "d'état" are two words each once the text is cut into words.
        alternatives = [WORD.findall(fold_word(word)) for word in token.split("|")]
        width = max(len(words) for words in alternatives)
        for i in range(width):
            exact, prefixes = set(), []
            for word, words in zip(token.split("|"), alternatives, strict=True):
                if i >= len(words):
                    continue
                last = i == len(words) - 1
                if last and word.endswith("*"):
                    prefixes.append(words[i])
                else:
                    exact.add(words[i])
            steps.append(_Step(frozenset(exact), tuple(prefixes)))
    return steps


def _match(steps: list[_Step | None], words: Sequence[str], at: int) -> int | None:
    """The index after the last word of a match of `steps` starting at words[at], or None."""
    if not steps:
        return at
    step, rest = steps[0], steps[1:]
    if step is None:
        for skip in range(_GAP_WORDS + 1):
            end = _match(rest, words, at + skip)
            if end is not None:
                return end
        return None
    if at < len(words) and step.accepts(words[at]):
        return _match(rest, words, at + 1)
    return None


def _variants(phrase: str) -> list[str]:
    """The phrase as phrases whose alternatives each have one width: "won ... term|run-off"
    is "won ... term" and "won ... run-off", since a step of the compiled phrase is one word
    and "run-off" is two."""
    choices: list[list[str]] = []
    for token in phrase.split():
        by_width: dict[int, list[str]] = {}
        for alternative in token.split("|"):
            width = len(WORD.findall(fold_word(alternative))) or 1
            by_width.setdefault(width, []).append(alternative)
        choices.append(["|".join(group) for group in by_width.values()])
    return [" ".join(parts) for parts in product(*choices)]


def compile_phrase(phrase: str) -> list[_Step | None]:
    """One phrase of the lexicon language, ready to match (raises ValueError when empty)."""
    steps = _parse(phrase)
    if not steps or steps[0] is None:
        raise ValueError(f"phrase {phrase!r} must start with a word")
    return steps


@dataclass(frozen=True)
class PhraseSet:
    """Phrases indexed by their first word; `find` says which phrase matched where.

    Where several phrases match at one word, the first listed wins and its words are taken."""

    labels: tuple[str, ...]
    steps: tuple[list[_Step | None], ...]
    by_word: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_prefix: dict[str, tuple[int, ...]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    # Words already looked up, and the phrases that may start at them.
    _seen: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, phrases: list[str], labels: list[str] | None = None) -> "PhraseSet":
        """`labels` name each phrase in `find`'s results (default: the phrase itself)."""
        named = [
            (v, label)
            for p, label in zip(phrases, labels or phrases, strict=True)
            for v in _variants(p)
        ]
        steps = tuple(compile_phrase(v) for v, _ in named)
        by_word: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        for index, phrase in enumerate(steps):
            first = phrase[0]
            assert first is not None
            for word in first.exact:
                by_word.setdefault(word, []).append(index)
            for prefix in first.prefixes:
                by_prefix.setdefault(prefix, []).append(index)
        return cls(
            tuple(label for _, label in named),
            steps,
            {k: tuple(v) for k, v in by_word.items()},
            {k: tuple(v) for k, v in by_prefix.items()},
            tuple(sorted({len(k) for k in by_prefix})),
        )

    def _candidates(self, word: str) -> tuple[int, ...]:
        cached = self._seen.get(word)
        if cached is not None:
            return cached
        found = list(self.by_word.get(word, ()))
        for length in self.prefix_lengths:
            if length <= len(word):
                found.extend(self.by_prefix.get(word[:length], ()))
        result = self._seen[word] = tuple(sorted(set(found)))
        return result

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        spans, words = words_of(text[start:end] if start or end is not None else text)
        found: list[tuple[str, int, int]] = []
        seen, at, count = self._seen, 0, len(words)
        while at < count:
            # The hot loop of extraction: most words start no phrase, so look them up inline.
            candidates = seen.get(words[at])
            if candidates is None:
                candidates = self._candidates(words[at])
            for index in candidates:
                stop = _match(self.steps[index][1:], words, at + 1)
                if stop is not None:
                    found.append(
                        (self.labels[index], start + spans[at][0], start + spans[stop - 1][1])
                    )
                    at = stop
                    break
            else:
                at += 1
        return found

    def search(self, text: str, start: int = 0, end: int | None = None) -> bool:
        return bool(self.find(text, start, end))


@dataclass(frozen=True)
class PhraseSets:
    """Several phrase sets matched in one pass over the words, each as `PhraseSet.find` would
    on its own (its own leftmost, first-listed matches), so a sentence is cut into words and
    walked once for all the cues an event is checked against rather than once per cue."""

    names: tuple[str, ...]
    sets: tuple[PhraseSet, ...]
    # Words already looked up, and (set index, phrase index) of the phrases that may start there.
    _seen: dict[str, tuple[tuple[int, int], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def _candidates(self, word: str) -> tuple[tuple[int, int], ...]:
        found = tuple(
            (k, index) for k, phrases in enumerate(self.sets) for index in phrases._candidates(word)
        )
        self._seen[word] = found
        return found

    def find(
        self, text: str, start: int = 0, end: int | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """Each set's name with the spans its phrases match in text[start:end]."""
        spans, words = words_of(text[start:end] if start or end is not None else text)
        found: list[list[tuple[int, int]]] = [[] for _ in self.sets]
        resume = [0] * len(self.sets)  # where each set may match next
        seen = self._seen
        for at, word in enumerate(words):
            candidates = seen.get(word)
            if candidates is None:
                candidates = self._candidates(word)
            done = -1  # the set that matched at this word: its later phrases wait
            for k, index in candidates:
                if k == done or at < resume[k]:
                    continue
                stop = _match(self.sets[k].steps[index][1:], words, at + 1)
                if stop is not None:
                    found[k].append((start + spans[at][0], start + spans[stop - 1][1]))
                    resume[k], done = stop, k
        return dict(zip(self.names, found, strict=True))


@dataclass(frozen=True)
class TypeRule:
    name: str
    title: str
    noun: str = ""
    title_countries: int = 1
    # First word of a trigger (folded, a prefix) -> the noun a title opens with.
    nouns: tuple[tuple[str, str], ...] = ()

    def noun_for(self, trigger: str) -> str:
        """The noun for a trigger's text: the longest listed prefix of its first word."""
        words = WORD.findall(fold_word(trigger))
        first = words[0] if words else ""
        matches = [(len(k), noun) for k, noun in self.nouns if first.startswith(k)]
        return max(matches)[1] if matches else self.noun


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
    """All types' phrases compiled into one expression for strong and one for weak triggers,
    so a clause is scanned twice whatever the number of types. At one place in the text the
    first type in order of precedence takes the words, so a word counts for one type only."""

    types: tuple[TypeRule, ...]
    cues: dict[str, PhraseSet]
    strong: PhraseSet
    weak: PhraseSet
    light: frozenset[str] = frozenset()  # labels of strong phrases that weigh like weak ones
    all_cues: PhraseSets = PhraseSets((), ())

    def title_template(self, type_name: str) -> str:
        return next((t.title for t in self.types if t.name == type_name), "{where}")

    def title_countries(self, type_name: str) -> int:
        return next((t.title_countries for t in self.types if t.name == type_name), 1)

    def noun(self, type_name: str, trigger: str) -> str:
        rule = next((t for t in self.types if t.name == type_name), None)
        return rule.noun_for(trigger) if rule else ""

    def hits(self, text: str, start: int, end: int) -> list[TriggerHit]:
        """Types spoken of in text[start:end], best first; strong hits count 2, weak ones 1.

        A type needs a strong hit to be returned. Ties keep the lexicon's order of precedence.
        """
        return self.rank(
            self.occurrences(text, start, end), self.weak_occurrences(text, start, end)
        )

    def rank(self, strong: list[TriggerHit], weak: list[TriggerHit]) -> list[TriggerHit]:
        """`hits` from triggers already found: one per type, best first."""
        first: dict[str, TriggerHit] = {}
        scores: dict[str, int] = {}
        for hit in strong:
            first.setdefault(hit.type, hit)
            scores[hit.type] = scores.get(hit.type, 0) + hit.score
        for hit in weak:
            if hit.type in scores:
                scores[hit.type] += 1
        ranked = sorted(first, key=lambda t: (-scores[t], self.precedence(t)))
        return [
            TriggerHit(t, scores[t], first[t].rule, first[t].start, first[t].end) for t in ranked
        ]

    def occurrences(self, text: str, start: int, end: int) -> list[TriggerHit]:
        """Every strong trigger in text[start:end], each on its own, in text order: 2 points,
        or 1 for a light one (a reporting verb such as "announced")."""
        return [
            TriggerHit(label.split(":", 1)[0], 1 if label in self.light else 2, label, s, e)
            for label, s, e in self.strong.find(text, start, end)
        ]

    def weak_occurrences(self, text: str, start: int, end: int) -> list[TriggerHit]:
        """Every weak trigger in text[start:end], each scoring 1, in text order."""
        return [
            TriggerHit(label.split(":", 1)[0], 1, label, s, e)
            for label, s, e in self.weak.find(text, start, end)
        ]

    def precedence(self, type_name: str) -> int:
        return next((i for i, t in enumerate(self.types) if t.name == type_name), len(self.types))

    def cue(self, name: str, text: str, start: int = 0, end: int | None = None) -> bool:
        return self.cues[name].search(text, start, end)

    def cue_spans(
        self, name: str, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[str, int, int]]:
        return self.cues[name].find(text, start, end)

    def every_cue(
        self, text: str, start: int = 0, end: int | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """The spans of every cue in text[start:end], by cue name, in one pass."""
        return self.all_cues.find(text, start, end)


def load_lexicon(path: Path) -> Lexicon:
    """Read and compile a trigger lexicon. Raises ValueError naming the file on a bad entry."""
    with path.open("rb") as handle:
        content = tomllib.load(handle)
    try:
        types = tuple(
            TypeRule(
                name=str(entry["name"]),
                title=str(entry.get("title", "{where}")),
                noun=str(entry.get("noun", "")),
                title_countries=int(entry.get("title_countries", 1)),
                nouns=tuple((fold_word(str(k)), str(v)) for k, v in entry.get("nouns", {}).items()),
            )
            for entry in content["type"]
        )
        cues = {name: PhraseSet.of(list(phrases)) for name, phrases in content["cues"].items()}
        strong = [
            (f"{e['name']}:{p}", p)
            for e in content["type"]
            for p in [*e["strong"], *e.get("light", [])]
        ]
        light = frozenset(f"{e['name']}:{p}" for e in content["type"] for p in e.get("light", []))
        weak = [(f"{e['name']}:{p}", p) for e in content["type"] for p in e.get("weak", [])]
        combined = {
            "strong": PhraseSet.of([p for _, p in strong], [label for label, _ in strong]),
            "weak": PhraseSet.of([p for _, p in weak], [label for label, _ in weak]),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: bad trigger lexicon ({exc})") from exc
    all_cues = PhraseSets(tuple(cues), tuple(cues.values()))
    return Lexicon(types=types, cues=cues, light=light, all_cues=all_cues, **combined)
