"""Finding a pasted quote in a document's text, forgiving what copying and pasting changes.

Browsers and word processors turn line breaks into spaces and straight quotes into curly ones,
so a quote is looked for with any run of white space matching any other, and each kind of quote
mark and dash matching its variants. The citation then stores the document's own characters and
their offsets, so `text[start:end] == quote` always holds.
"""

import re

_VARIANTS = ("'‘’`´", '"“”«»', "-‐‑‒–—")
_CLASS = {ch: "[" + re.escape(group) + "]" for group in _VARIANTS for ch in group}


def _pattern(quote: str) -> re.Pattern[str]:
    words = quote.split()
    parts = ["".join(_CLASS.get(ch, re.escape(ch)) for ch in word) for word in words]
    return re.compile(r"\s+".join(parts))


def find_quote(text: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """The span of `quote` in `text`: the one starting at `near` when it is there, else the
    first. None when the quote (after trimming) is empty or not in the text."""
    wanted = quote.strip()
    if not wanted:
        return None
    if near is not None and text.startswith(wanted, near):
        return near, near + len(wanted)
    exact = text.find(wanted)
    if exact >= 0:
        return exact, exact + len(wanted)
    pattern = _pattern(wanted)
    if near is not None and 0 <= near <= len(text):
        match = pattern.match(text, near)
        if match:
            return match.span()
    match = pattern.search(text)
    return match.span() if match else None


def longest_found_prefix(text: str, quote: str) -> str:
    """The longest run of the quote's first words found in the text: where it stops matching.
    (A binary search: if the first n words are in the text, so are the first n - 1.)"""
    words = quote.split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if _pattern(" ".join(words[:middle])).search(text):
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])
