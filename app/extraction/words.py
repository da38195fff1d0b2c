"""Words of a text, folded for matching: the one tokenizer the gazetteer and lexicon share.

A word is a run of letters or digits (a "%" counts as a word too, for statistics cues); folding
lowers the case and drops accents, so "Ségou" matches "Segou". Cut once per sentence and cached,
since every stage looks at the same sentence several times.
"""

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W_]+|%")


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1024)
def words_of(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """The words of `text` with their offsets, folded."""
    tokens = list(WORD.finditer(text))
    return tuple(t.span() for t in tokens), tuple(fold_word(t.group()) for t in tokens)
