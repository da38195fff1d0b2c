"""Numbers as analyses write them: digits with separators, and English number words."""

import re

# Number words, shared with the temporal stage ("two days later", "nine months later").
UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(list(TENS) + list(UNITS)) + r")(?:[- ](?:" + "|".join(UNITS) + r"))?"
    r"(?:\s+(?:hundred|thousand|million))?)"
)
# A number: 1,200 / 1200 / 1.5 million / seven / twenty-one / two hundred; "a dozen" is 12.
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|"
    + _WORD_NUMBER
    + r"|a dozen)"
)


def parse_number(value: str) -> int | None:
    """The integer a NUMBER match stands for, or None when it is not one."""
    text = value.strip().lower().replace(",", "")
    if text == "a dozen":
        return 12
    scale = 1
    for word, factor in _SCALES.items():
        if text.endswith(word):
            scale, text = factor, text[: -len(word)].strip()
            break
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return int(float(text) * scale)
    total = 0
    for part in re.split(r"[- ]+", text):
        if part in UNITS:
            total += UNITS[part]
        elif part in TENS:
            total += TENS[part]
        else:
            return None
    return total * scale if total else None
