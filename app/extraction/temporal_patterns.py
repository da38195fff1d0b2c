"""Regular expressions and word tables for the temporal-expression stage (app.extraction.temporal).

Pure module: no database, HTTP or settings imports; every pattern is compiled once, at import.

Month names match case-sensitively (Title or UPPER case) so that the modal "may" and the noun
"march" never look like months. Speed matters (the stage reads megabytes a second), so each main
pattern starts with its most distinctive token written as plain literals or a character class:
Python's regex engine then skips every position whose first character cannot start a match. For
the same reason main patterns carry no leading \\b or look-behind: the rules check word boundaries
in code (`temporal_pieces.starts_word`), and the optional words that come *before* a date
("since", "around", "the following", the count in "two days later") are looked up afterwards in
a short window before the match, with the *_BEFORE patterns, which are anchored at its end.
"""

from __future__ import annotations

import re
from typing import Final

from app.extraction.numbers import TENS, UNITS
from app.extraction.temporal_bounds import MONTH_NAMES

_ABBREVIATIONS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
MONTH_NUMBERS: Final[dict[str, int]] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{abbr.lower(): [n[:3] for n in MONTH_NAMES].index(abbr[:3]) + 1 for abbr in _ABBREVIATIONS},
}
COUNT_WORDS: Final[dict[str, int]] = {"a": 1, "an": 1, "couple": 2, **UNITS, **TENS}

_MONTH_FULL: Final = "|".join([*MONTH_NAMES, *(name.upper() for name in MONTH_NAMES)])
MONTH_FULL: Final = rf"(?:{_MONTH_FULL})\b"
# One flat alternation (so the engine can index it by first letter); abbreviations take a dot.
MONTH: Final = (
    rf"(?:{_MONTH_FULL}|{'|'.join(_ABBREVIATIONS)})\b"
    rf"(?:(?<={'|'.join(a for a in _ABBREVIATIONS if len(a) == 3)})\.|(?<=Sept)\.)?"
)
_WEEKDAY: Final = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?)"
)
# Counted things that show a number is a quantity, not a year ("2000 troops", "2024 km").
_UNITS: Final = (
    r"km|kms|kilomet(?:er|re)s|miles|met(?:er|re)s|hectares|ha|kg|tons|tonnes|sq|square"
    r"|people|persons|soldiers|troops|fighters|civilians|militants|jihadists|combatants|men"
    r"|women|children|refugees|migrants|displaced|casualties|deaths|personnel|members"
    r"|residents|villagers|households|families|villages|vehicles|trucks|drones|aircraft"
    r"|weapons|rounds|euros?|dollars?|usd|eur|cfa|francs|percent|per\s*cent|votes|hours"
    r"|minutes|days|weeks|months|years|pages|words|schools|homes|heads|cattle"
)
_REF_LEAD: Final = (
    r"this|last|next|that(?:\s+same)?|the\s+(?:same|following|next|previous|preceding)"
)
_COUNT: Final = "|".join(sorted(COUNT_WORDS, key=len, reverse=True))


def _cased(*words: str) -> str:
    """Lower, Title and UPPER forms as one flat alternation (fast, unlike (?i:...))."""
    forms = [form for word in words for form in (word, word.capitalize(), word.upper())]
    return "|".join(dict.fromkeys(forms))


def _day(name: str) -> str:
    # One or two digits; the rule checks 1-31, so the pattern can start with a plain class.
    return rf"(?P<{name}>[0-9][0-9]?)(?!\d)(?:st|nd|rd|th)?\b"


def _year(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d\d)(?!\w)(?![.,]\d)"


def _year_ref(name: str) -> str:
    """A year given by reference: "this year", "that same year", "the following year"."""
    return rf"(?P<{name}>(?i:(?:{_REF_LEAD})\s+year))\b"


def _year_or_ref(year: str, ref: str) -> str:
    """A year after a month or season: "May 2021", "May, 2021", "December of that year"."""
    return rf"(?:(?:\s+of)?,?\s+{_year(year)}|(?:\s+of)?\s+{_year_ref(ref)})"


def _join(name: str) -> str:
    return rf"(?:\s*[-–]\s*|\s+(?P<{name}>(?i:to|and|through|thru|until|till))\s+)"


# --- main patterns (each paired with a rule in temporal_rules) ---------------------------------

# "16 September 2024", "16th of September", "4-10 May 2024", "from 4 to 10 May", "3 March last
# year".
DAY_FIRST: Final = re.compile(
    rf"{_day('d1')}(?:{_join('w')}{_day('d2')})?(?:\s+of)?\s+(?P<m>{MONTH})"
    rf"(?:,?\s+{_year('y')}|\s+{_year_ref('r')})?"
)
# "September 16, 2024", "Sept. 16", "July 26 last year", "May 4-10, 2024", "January 2022",
# "December of that year", or a month alone (kept only in a date context).
MONTH_FIRST: Final = re.compile(
    rf"(?P<m>{MONTH})(?:"
    rf",?\s+{_day('d')}(?:{_join('w')}{_day('d2')})?"
    rf"(?:,?\s+{_year('dy')}|\s+{_year_ref('dr')}|(?!\s+(?i:{_UNITS})\b))"
    rf"|{_year_or_ref('y', 'r')}"
    r")?"
)
# "2024-05-04", "the 2010s", "2024 Q1", or a year alone (kept only in a date context).
YEAR_FIRST: Final = re.compile(
    r"(?P<y>(?:19|20)\d\d)(?:"
    r"-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-3]\d)(?![\d-])"
    r"|(?<=0)(?P<dec>['’]?s)\b"
    r"|\s*(?P<q>[QH][1-4])\b"
    r"|(?![\w%])(?![.,]\d)"
    r")"
)
YEAR_SPAN: Final = re.compile(
    rf"{_year('y1')}(?:\s*(?P<dash>[-–/])\s*|\s+(?P<word>to|and|through|thru|until|till)\s+)"
    r"(?P<y2>(?:19|20)\d\d|\d\d)(?![\w%])(?![.,/-]\d)"
)
# "early April 2024", "mid-October", "the end of 2023", "late last year", "the end of the month".
PART: Final = re.compile(
    rf"(?P<pw>{_cased('early', 'mid', 'late', 'beginning', 'start', 'middle', 'end', 'close')})"
    r"(?:(?P<of>\s+of\s+)|(?P<dash>\s*-\s*)|\s+)(?:"
    rf"(?P<m>{MONTH}){_year_or_ref('my', 'mr')}?"
    rf"|{_year('y')}|{_year_ref('r')}"
    r"|(?P<theyear>(?i:the\s+year))\b"
    rf"|(?P<mref>(?i:(?:{_REF_LEAD}|the)\s+month))\b"
    r")"
)
WEEK_OF: Final = re.compile(rf"week\s+of\s+(?P<m>{MONTH}){_year_or_ref('y', 'r')}?")
QUARTER_OF: Final = re.compile(
    r"(?P<unit>quarter|half)\s+of\s+"
    rf"(?:{_year('y')}|{_year_ref('r')}|(?P<theyear>(?i:the\s+year))\b)"
)
QUARTER_CODE: Final = re.compile(rf"(?P<q>[QH][1-4])\s*{_year('y')}")
SEASON: Final = re.compile(
    rf"(?P<s>{_cased('spring', 'summer', 'autumn', 'fall', 'winter')})\b(?:"
    rf"(?P<of>\s+of)?,?\s+{_year('y')}(?:\s*[-–/]\s*(?P<y2>\d\d(?:\d\d)?)(?!\w))?"
    rf"|(?P<ofref>\s+of)\s+{_year_ref('r')}"
    r")?"
)
# Relative expressions are anchored on their unit ("two days later", "the following day",
# "that year", "in the past 12 months", "year's end"); their leading words are looked up.
UNIT: Final = re.compile(
    rf"(?P<unit>{_cased('day', 'week', 'month', 'year')}|decade|morning|evening|night)"
    r"(?P<plural>s)?\b"
    r"(?:(?P<yearend>(?<=[yY]ear)(?:['’]s\s+end|-end))\b(?:\s+(?P<yey>(?:19|20)\d\d)(?!\w))?"
    r"|\s+(?P<dir>later|earlier|ago|before|after|on)\b)?"
)
DEIXIS: Final = re.compile(rf"(?P<word>{_cased('today', 'yesterday', 'tomorrow')})\b")
# "On Saturday", "last Friday", "next Monday": a weekday named alone, read from a dated document.
WEEKDAY_REF: Final = re.compile(
    r"(?:(?P<lead>(?i:last|next|this\s+past|this\s+coming))\s+)?"
    r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?!,?\s+(?:\d|(?:the\s+)?\d|" + MONTH + r"))"
)

# --- context looked up around a match ---------------------------------------------------------

UNIT_AFTER: Final = re.compile(rf"\s*%|-?\s*(?i:percent|per\s*cent)\b|\s+(?i:{_UNITS})\b")
YEAR_CONTEXT_BEFORE: Final = re.compile(
    r"(?i:\b(?:in|since|during|from|until|till|through|throughout|by|before|after|of|to|for"
    r"|between|year|as\s+of|as\s+early\s+as|as\s+late\s+as)\s+(?:at\s+least\s+)?$)"
)
YEAR_LIST_BEFORE: Final = re.compile(r"(?:19|20)\d\d\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
DETERMINER_BEFORE: Final = re.compile(
    r"(?i:\b(?:the|a|an|its|their|his|her|our|this|that|each|every|whose)\s+$)|\w['’]s\s+$"
)
WORD_AFTER: Final = re.compile(r"\s+[A-Za-z]")
POSSESSIVE_AFTER: Final = re.compile(r"['’]s\b")
PAREN_BEFORE: Final = re.compile(r"[(\[]\s*$")
PAREN_AFTER: Final = re.compile(r"\s*[)\]]")
LINE_START_BEFORE: Final = re.compile(r"(?:^|\n)[ \t]*(?:[-•*·–]\s*)?$")
LINE_YEAR_AFTER: Final = re.compile(r"\s*[:–—]|\s+-\s|,\s")
SENTENCE_START_BEFORE: Final = re.compile(r"(?:^|[.!?;:]\s+|\n\s*)$")
YEAR_VERB_AFTER: Final = re.compile(
    r"\s+(?:was|saw|marked|brought|proved|began|ended|is|will|has|had|became|remains|witnessed)\b"
)
LABEL_BEFORE: Final = re.compile(
    r"(?i:(?:\bpp?|\bnos?|\bvol|\bart|\bpara)\.\s*$"
    r"|\b(?:pages?|resolutions?|articles?|sections?|paragraphs?|numbers?|chapters?|laws?"
    r"|decrees?)\s+$|[#§]\s*$)"
)
MONTH_CONTEXT_BEFORE: Final = re.compile(
    r"(?i:\b(?:in|since|from|until|till|through|throughout|during|by|before|after|of|between"
    r"|as\s+of|around|about|circa)\s+$)"
)
MONTH_LIST_BEFORE: Final = re.compile(
    rf"{MONTH_FULL}(?:\s+(?:19|20)\d\d)?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$"
)
MONTH_ARTICLE_BEFORE: Final = re.compile(
    r"(?i:\b(?:the|a|an|its|their|his|her|this|each|every)\s+$)|\w['’]s\s+$"
)
# After "the May ...": a lowercase word that is not a function word ("the May coup" is a date,
# "The March on Bamako" is not).
MONTH_ARTICLE_AFTER: Final = re.compile(
    r"\s+(?!(?:of|on|to|in|into|and|or|was|is|were|are|has|had|will|would|may|could|should"
    r"|for|with|by|at|from|as|that|which|who|the|a|an)\b)[a-z][a-z-]+"
)
MONTH_SPAN_AFTER: Final = re.compile(
    rf"\s*(?:[-–]|\s(?i:to|through|thru|until|till)\s)\s*{MONTH_FULL}"
)
# A date used as a modifier ("about 2024 elections", "around 2015 attacks"): a qualifier before it
# is not about the date ("concerns about 2024 elections") or makes the number a count.
MODIFIER_AFTER: Final = re.compile(
    r"\s+(?!(?:the|a|an|and|or|but|when|as|in|on|at|by|to|for|with|from|of|that|which|it|they"
    r"|he|she|we|after|before|until|since|while|amid)\b)[a-z]"
)
APPROX_BEFORE: Final = re.compile(
    r"(?i:\b(?:(?:around|about|approximately|roughly|circa)\s+|(?:approx|ca|c)\.\s*)$)"
)
# Offsets take more qualifiers: "some two years later", "nearly nine months later".
APPROX_OFFSET_BEFORE: Final = re.compile(
    r"(?i:\b(?:around|about|approximately|roughly|nearly|almost|some|just\s+over|just\s+under)"
    r"\s+$)"
)
# "Less than two years later" only bounds the date from one side: it is not a date.
BOUND_BEFORE: Final = re.compile(
    r"(?i:\b(?:(?:less|more|fewer)\s+than|(?<!just\s)(?:over|under)|within|at\s+(?:least|most)"
    r"|up\s+to|no\s+(?:later|earlier)\s+than)\s+$)"
)
SINCE_BEFORE: Final = re.compile(r"(?i:\b(?:ever\s+)?since\s+(?:at\s+least\s+)?$)")
UNCERTAIN_BEFORE: Final = re.compile(
    r"(?i:\b(?:possibly|reportedly|probably|likely|allegedly|presumably|apparently|perhaps"
    r"|supposedly)\s+(?:(?:in|on|during|around|by|at)\s+)?$)"
)
FROM_BEFORE: Final = re.compile(r"(?i:\bfrom\s+$)")
BETWEEN_BEFORE: Final = re.compile(r"(?i:\bbetween\s+$)")
SPAN_JOIN: Final = re.compile(r"\s*[-–]\s*|\s+(?P<word>(?i:to|and|through|thru|until|till))\s+")
COUNT_BEFORE: Final = re.compile(
    rf"(?i:\b(?P<n>a\s+couple(?:\s+of)?|a\s+few|several|some|{_COUNT}|\d{{1,3}})\s+$)"
)
# "Two days before," / "the year before for ...": the offset ends its phrase. Anything else
# ("the day after the vote", "a day after protests") counts from another event, not a date here.
OFFSET_END_AFTER: Final = re.compile(
    r"\s*(?:[,.;:!?)\]—–]|$)|\s+(?:for|and|but|when|while|as|with|by|at|in|on|during|amid)\b"
)
CLAUSE_END_AFTER: Final = re.compile(r"\s*(?:[,.;:!?)\]—–]|$)")
DURATION_BEFORE: Final = re.compile(r"(?i:\b(?:over|for|within|throughout|across|during)\s+$)")
THE_BEFORE: Final = re.compile(r"(?i:\bthe\s+$)")
DECADE_PART_BEFORE: Final = re.compile(r"(?i:\b(?P<part>early|mid|late)(?:\s*-\s*|\s+)$)")
PARTICLE_AFTER: Final = re.compile(
    r"(?i:\s+(?:from|up|under|into|to|on|in|out|back|within|outside|between|short|apart)\b)"
)
WEEKDAY_BEFORE: Final = re.compile(rf"{_WEEKDAY},?\s+$")
DEICTIC_BEFORE: Final = re.compile(r"(?i:\b(?P<rel>last|this|next|that)\s+$)")
ORDINAL_BEFORE: Final = re.compile(
    r"(?i:\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|latter|1st|2nd|3rd|4th)"
    r"\s+$)"
)
SEASON_RELATION_BEFORE: Final = re.compile(
    r"(?i:\b(?P<rel>last|this|next|that|the\s+following|the\s+previous|the\s+preceding)\s+$)"
)
LEAD_BEFORE: Final = re.compile(
    r"(?i:\b(?P<lead>the\s+(?:following|next|previous|preceding|same)|that(?:\s+same)?"
    r"|later\s+that|earlier\s+that|later\s+this|earlier\s+this|this|last|next)\s+$)"
)
RECENT_BEFORE: Final = re.compile(
    r"(?i:\b(?:in|during)\s+(?P<body>the\s+(?:past|last)\s+"
    rf"(?:(?P<n>few|several|(?:a\s+)?couple\s+of|{_COUNT}|\d{{1,3}})\s+)?)$)"
)
# "In the following weeks", "within days", "in the weeks that followed": a short while after
# the narrative's date.
FOLLOWING_BEFORE: Final = re.compile(
    r"(?i:\b(?P<lead>(?:in|during|over)\s+the\s+(?:following|next|ensuing|subsequent)"
    r"(?:\s+(?:few|several))?|within(?:\s+a\s+few)?|in\s+the)\s+$)"
)
FOLLOWED_AFTER: Final = re.compile(r"(?i:\s+(?:that|which)\s+followed\b)")
LEADING_WORDS: Final = re.compile(
    r"(?i:(?:possibly|reportedly|probably|likely|allegedly|presumably|apparently|perhaps)\s+)?"
    r"(?i:(?:in|on|during|at|of|by)\s+)?(?i:the\s+)?"
)
ANY_CASE_MONTH: Final = re.compile(
    r"(?i:\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b)"
)
DAY_MONTH_TYPED: Final = re.compile(
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{MONTH})"
    rf"|(?P<m2>{MONTH}),?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+(?P<y>\d{{4}}))?"
)
