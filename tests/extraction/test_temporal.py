"""Tests for the temporal-expression stage (app.extraction.temporal).

Sentences marked "seed NNN" are quoted verbatim from seeds/; the others are invented in the style
of other news and analysis, so that the rules are checked on text they were not written from.
Expected values follow docs/date-conventions.md.
"""

import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.extraction.temporal import (
    DateBounds,
    TemporalMention,
    find_dates,
    parse_date_expression,
)

DOC = date(2024, 6, 30)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# Document dates of the seeds (tests/gold/README.md).
SEED_DATES = {
    "000": date(2024, 6, 30),
    "001": date(2021, 11, 15),
    "002": date(2022, 2, 25),
    "003": date(2023, 9, 20),
    "004": date(2023, 3, 1),
}
_Q = r"[~?%]?"
_POINT = rf"\d{{4}}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?{_Q}"
# Every EDTF form the conventions table uses: day, month, year, season, decade, interval, open.
EDTF_FORMS = re.compile(rf"{_POINT}|\d{{4}}-2[1-4]{_Q}|\d{{3}}X{_Q}|{_POINT}/(?:{_POINT}|\.\.)")


def bounds(value: str, document_date: date = DOC) -> DateBounds:
    return parse_date_expression(value, document_date=document_date)


def only(text: str, *, doc: date = DOC, anchor: DateBounds | None = None) -> TemporalMention:
    mentions = find_dates(text, document_date=doc, anchor=anchor)
    assert len(mentions) == 1, mentions
    return mentions[0]


def expect(
    mention: TemporalMention, text: str, start: str, end: str, precision: str, edtf: str, kind: str
) -> None:
    assert (mention.text, mention.kind) == (text, kind)
    assert mention.bounds == DateBounds(
        date.fromisoformat(start), date.fromisoformat(end), precision, edtf
    )  # type: ignore[arg-type]


# --- single mentions: (sentence, document date, anchor, expected text, start, end, precision,
# EDTF, kind) --------------------------------------------------------------------------------------

CASES: list[Any] = [
    # Full dates, both orders, with and without comma and weekday.
    pytest.param(
        "On Monday, September 16, 2024, the junta announced its withdrawal.",
        DOC,
        None,
        "Monday, September 16, 2024",
        "2024-09-16",
        "2024-09-16",
        "day",
        "2024-09-16",
        "absolute",
        id="mdy-weekday-comma",
    ),
    pytest.param(
        "Talks opened on 16 September 2024 in Niamey.",
        DOC,
        None,
        "16 September 2024",
        "2024-09-16",
        "2024-09-16",
        "day",
        "2024-09-16",
        "absolute",
        id="dmy",
    ),
    pytest.param(
        "The referendum was held on September 16 2024 without observers.",
        DOC,
        None,
        "September 16 2024",
        "2024-09-16",
        "2024-09-16",
        "day",
        "2024-09-16",
        "absolute",
        id="mdy-no-comma",
    ),
    pytest.param(
        "On Wednesday 4 May 2022 gunmen struck a market.",
        DOC,
        None,
        "Wednesday 4 May 2022",
        "2022-05-04",
        "2022-05-04",
        "day",
        "2022-05-04",
        "absolute",
        id="dmy-weekday",
    ),
    pytest.param(
        "The convoy was ambushed on Sept. 16 near Gao.",
        date(2024, 10, 1),
        None,
        "Sept. 16",
        "2024-09-16",
        "2024-09-16",
        "day",
        "2024-09-16",
        "anchored",
        id="abbreviated-month-dot",
    ),
    pytest.param(
        "Troops left the base Sep 16th, officials said.",
        date(2024, 10, 1),
        None,
        "Sep 16th",
        "2024-09-16",
        "2024-09-16",
        "day",
        "2024-09-16",
        "anchored",
        id="abbreviated-month-ordinal",
    ),
    pytest.param(
        "The 3rd of March 2023 attack killed nine.",
        DOC,
        None,
        "3rd of March 2023",
        "2023-03-03",
        "2023-03-03",
        "day",
        "2023-03-03",
        "absolute",
        id="day-of-month",
    ),
    pytest.param(
        "Mauritanian soldiers stand guard at a G5 Sahel task force command post, on "
        "Nov. 22, 2018, in the southeast of Mauritania",
        SEED_DATES["001"],
        None,
        "Nov. 22, 2018",
        "2018-11-22",
        "2018-11-22",
        "day",
        "2018-11-22",
        "absolute",
        id="seed-001-nov-22",
    ),
    pytest.param(
        "shake hands during a meeting on the sidelines of the United Nations General "
        "Assembly on Sept, 25, 2021.",
        SEED_DATES["001"],
        None,
        "Sept, 25, 2021",
        "2021-09-25",
        "2021-09-25",
        "day",
        "2021-09-25",
        "absolute",
        id="seed-001-sept-comma",
    ),
    pytest.param(
        "The accord, signed 2015-06-20 in Bamako, never took hold.",
        DOC,
        None,
        "2015-06-20",
        "2015-06-20",
        "2015-06-20",
        "day",
        "2015-06-20",
        "absolute",
        id="iso-date",
    ),
    # Month and year.
    pytest.param(
        "the Malian armed forces launched a campaign to pursue terrorist elements, "
        "crossing the international border into Mauritania in January 2022",
        SEED_DATES["000"],
        None,
        "January 2022",
        "2022-01-01",
        "2022-01-31",
        "month",
        "2022-01",
        "absolute",
        id="seed-000-month-year",
    ),
    pytest.param(
        "Sanctions were eased in Jan. 2022 after talks.",
        DOC,
        None,
        "Jan. 2022",
        "2022-01-01",
        "2022-01-31",
        "month",
        "2022-01",
        "absolute",
        id="abbreviated-month-year",
    ),
    pytest.param(
        "ELECTIONS POSTPONED UNTIL MARCH 2024",
        DOC,
        None,
        "MARCH 2024",
        "2024-03-01",
        "2024-03-31",
        "month",
        "2024-03",
        "absolute",
        id="upper-case-month",
    ),
    pytest.param(
        "The ceasefire broke down in May of 2021.",
        DOC,
        None,
        "May of 2021",
        "2021-05-01",
        "2021-05-31",
        "month",
        "2021-05",
        "absolute",
        id="month-of-year",
    ),
    # Bare years in a date context.
    pytest.param(
        "Since the outbreak of terrorism in the Sahel region in 2012, the alliance "
        "between the countries of the region",
        SEED_DATES["000"],
        None,
        "2012",
        "2012-01-01",
        "2012-12-31",
        "year",
        "2012",
        "absolute",
        id="seed-000-in-year",
    ),
    pytest.param(
        "following the successful peaceful transition of power through the 2019 "
        "elections that ended President Mohamed Ould Abdel Aziz’s rule",
        SEED_DATES["000"],
        None,
        "2019",
        "2019-01-01",
        "2019-12-31",
        "year",
        "2019",
        "absolute",
        id="seed-000-year-modifier",
    ),
    pytest.param(
        "He is the author of État islamique, le fait accompli (2016).",
        SEED_DATES["003"],
        None,
        "2016",
        "2016-01-01",
        "2016-12-31",
        "year",
        "2016",
        "absolute",
        id="seed-003-parenthesised-year",
    ),
    pytest.param(
        "Officials say 2022's violence was the worst on record.",
        DOC,
        None,
        "2022",
        "2022-01-01",
        "2022-12-31",
        "year",
        "2022",
        "absolute",
        id="possessive-year",
    ),
    pytest.param(
        "Mali’s 2020 coup reshaped the region.",
        DOC,
        None,
        "2020",
        "2020-01-01",
        "2020-12-31",
        "year",
        "2020",
        "absolute",
        id="after-possessive",
    ),
    # Parts of months and years.
    pytest.param(
        "In early April 2024, another similar incident was reported, with reports of "
        "Malian military elements killing several Mauritanian civilians",
        SEED_DATES["000"],
        None,
        "early April 2024",
        "2024-04-01",
        "2024-04-10",
        "part_of_month",
        "2024-04-01/2024-04-10",
        "absolute",
        id="seed-000-early-month",
    ),
    pytest.param(
        "As of mid-October,",
        SEED_DATES["001"],
        None,
        "mid-October",
        "2021-10-11",
        "2021-10-20",
        "part_of_month",
        "2021-10-11/2021-10-20",
        "anchored",
        id="seed-001-mid-month",
    ),
    pytest.param(
        "The first phase of the withdrawal was achieved at the end of August with the "
        "closure of four bases.",
        SEED_DATES["003"],
        None,
        "the end of August",
        "2023-08-21",
        "2023-08-31",
        "part_of_month",
        "2023-08-21/2023-08-31",
        "anchored",
        id="seed-003-end-of-month",
    ),
    pytest.param(
        "The mandate lapsed in late May 2024.",
        DOC,
        None,
        "late May 2024",
        "2024-05-21",
        "2024-05-31",
        "part_of_month",
        "2024-05-21/2024-05-31",
        "absolute",
        id="late-month",
    ),
    pytest.param(
        "Recruitment rose sharply in late 2021.",
        DOC,
        None,
        "late 2021",
        "2021-09-01",
        "2021-12-31",
        "range",
        "2021-09/2021-12",
        "absolute",
        id="late-year",
    ),
    pytest.param(
        "International statutory forces supporting Mali by the end of 2023 represent a "
        "40-percent reduction",
        SEED_DATES["004"],
        None,
        "the end of 2023",
        "2023-09-01",
        "2023-12-31",
        "range",
        "2023-09/2023-12",
        "absolute",
        id="seed-004-end-of-year",
    ),
    pytest.param(
        "Fuel shortages began at the beginning of 2022.",
        DOC,
        None,
        "the beginning of 2022",
        "2022-01-01",
        "2022-04-30",
        "range",
        "2022-01/2022-04",
        "absolute",
        id="beginning-of-year",
    ),
    pytest.param(
        "A new constitution was promised by mid-2022.",
        DOC,
        None,
        "mid-2022",
        "2022-05-01",
        "2022-08-31",
        "range",
        "2022-05/2022-08",
        "absolute",
        id="mid-year",
    ),
    # Seasons, quarters, halves, decades.
    pytest.param(
        "Herders moved south in the spring of 2023.",
        DOC,
        None,
        "the spring of 2023",
        "2023-03-01",
        "2023-05-31",
        "season",
        "2023-21",
        "absolute",
        id="season-of",
    ),
    pytest.param(
        "Flooding hit Niamey in winter 2023-24.",
        DOC,
        None,
        "winter 2023-24",
        "2023-12-01",
        "2024-02-29",
        "season",
        "2023-24",
        "absolute",
        id="winter-straddles",
    ),
    pytest.param(
        "Exports fell in the first quarter of 2024.",
        DOC,
        None,
        "the first quarter of 2024",
        "2024-01-01",
        "2024-03-31",
        "range",
        "2024-01/2024-03",
        "absolute",
        id="quarter",
    ),
    pytest.param(
        "Attacks doubled in Q3 2023, the report says.",
        DOC,
        None,
        "Q3 2023",
        "2023-07-01",
        "2023-09-30",
        "range",
        "2023-07/2023-09",
        "absolute",
        id="quarter-code",
    ),
    pytest.param(
        "Prices eased in the second half of 2022.",
        DOC,
        None,
        "the second half of 2022",
        "2022-07-01",
        "2022-12-31",
        "range",
        "2022-07/2022-12",
        "absolute",
        id="half",
    ),
    pytest.param(
        "Banditry spread through the 2010s.",
        DOC,
        None,
        "2010s",
        "2010-01-01",
        "2019-12-31",
        "range",
        "201X",
        "absolute",
        id="decade",
    ),
    # Spans.
    pytest.param(
        "The First Wave of Border Tensions (2021-2022): Against the backdrop of "
        "Mali’s unstable security situation",
        SEED_DATES["000"],
        None,
        "2021-2022",
        "2021-01-01",
        "2022-12-31",
        "range",
        "2021/2022",
        "absolute",
        id="seed-000-year-span",
    ),
    pytest.param(
        "The 2021–2022 drought emptied the wells.",
        DOC,
        None,
        "2021–2022",
        "2021-01-01",
        "2022-12-31",
        "range",
        "2021/2022",
        "absolute",
        id="year-span-en-dash",
    ),
    pytest.param(
        "multiple key leaders of the group were killed between January 2020 and September 2021.",
        SEED_DATES["001"],
        None,
        "between January 2020 and September 2021",
        "2020-01-01",
        "2021-09-30",
        "range",
        "2020-01/2021-09",
        "absolute",
        id="seed-001-between",
    ),
    pytest.param(
        "Talks ran from March to May 2022 in Algiers.",
        DOC,
        None,
        "from March to May 2022",
        "2022-03-01",
        "2022-05-31",
        "range",
        "2022-03/2022-05",
        "absolute",
        id="from-month-to-month",
    ),
    pytest.param(
        "The summit was held 4-10 May 2024 in Lomé.",
        DOC,
        None,
        "4-10 May 2024",
        "2024-05-04",
        "2024-05-10",
        "range",
        "2024-05-04/2024-05-10",
        "absolute",
        id="day-span",
    ),
    pytest.param(
        "Schools closed from 4 to 10 May 2024.",
        DOC,
        None,
        "from 4 to 10 May 2024",
        "2024-05-04",
        "2024-05-10",
        "range",
        "2024-05-04/2024-05-10",
        "absolute",
        id="from-day-to-day",
    ),
    pytest.param(
        "Strikes continued April 28–May 3, 2024, across the north.",
        DOC,
        None,
        "April 28–May 3, 2024",
        "2024-04-28",
        "2024-05-03",
        "range",
        "2024-04-28/2024-05-03",
        "absolute",
        id="day-span-across-months",
    ),
    pytest.param(
        "The dry spell lasted from November to February 2022.",
        DOC,
        None,
        "from November to February 2022",
        "2021-11-01",
        "2022-02-28",
        "range",
        "2021-11/2022-02",
        "absolute",
        id="span-across-new-year",
    ),
    # Open spans.
    pytest.param(
        "Since late 2021, Malian forces in the western areas near the Mauritanian "
        "border faced a rising wave of terrorist attacks",
        SEED_DATES["000"],
        None,
        "Since late 2021",
        "2021-09-01",
        "2024-06-30",
        "range",
        "2021-09/..",
        "open",
        id="seed-000-since-late",
    ),
    pytest.param(
        "having suffered more than 150 casualties since 2013.",
        SEED_DATES["003"],
        None,
        "since 2013",
        "2013-01-01",
        "2023-09-20",
        "range",
        "2013/..",
        "open",
        id="seed-003-since-year",
    ),
    pytest.param(
        "since at least 2017 ethnic-based militias have emerged in central Mali",
        SEED_DATES["001"],
        None,
        "since at least 2017",
        "2017-01-01",
        "2021-11-15",
        "range",
        "2017/..",
        "open",
        id="seed-001-since-at-least",
    ),
    pytest.param(
        "Since taking power in August 2020, the military junta in Mali has alienated",
        SEED_DATES["004"],
        None,
        "August 2020",
        "2020-08-01",
        "2020-08-31",
        "month",
        "2020-08",
        "absolute",
        id="seed-004-since-not-adjacent",
    ),
    # Relative to the anchor (or the document date without one).
    pytest.param(
        "The following day, protesters returned.",
        DOC,
        "4 May 2024",
        "The following day",
        "2024-05-05",
        "2024-05-05",
        "day",
        "2024-05-05",
        "relative",
        id="following-day",
    ),
    pytest.param(
        "The next day the border reopened.",
        DOC,
        "4 May 2024",
        "The next day",
        "2024-05-05",
        "2024-05-05",
        "day",
        "2024-05-05",
        "relative",
        id="next-day",
    ),
    pytest.param(
        "The day before, the minister had resigned.",
        DOC,
        "4 May 2024",
        "The day before",
        "2024-05-03",
        "2024-05-03",
        "day",
        "2024-05-03",
        "relative",
        id="day-before",
    ),
    pytest.param(
        "Two days later, he met with Iranian foreign minister Hossein Amir-Abdollahian in Tehran",
        SEED_DATES["002"],
        "10 February 2022",
        "Two days later",
        "2022-02-12",
        "2022-02-12",
        "day",
        "2022-02-12",
        "relative",
        id="seed-002-two-days-later",
    ),
    pytest.param(
        "A week later the convoy was hit again.",
        DOC,
        "4 May 2024",
        "A week later",
        "2024-05-11",
        "2024-05-11",
        "day",
        "2024-05-11~",
        "relative",
        id="week-later-approximate",
    ),
    pytest.param(
        "A few months later, the junta expelled the envoy.",
        DOC,
        "January 2022",
        "A few months later",
        "2022-02-01",
        "2022-07-31",
        "range",
        "2022-02/2022-07",
        "relative",
        id="few-months-later",
    ),
    pytest.param(
        "Months later, nothing had changed.",
        DOC,
        "January 2022",
        "Months later",
        "2022-02-01",
        "2022-07-31",
        "range",
        "2022-02/2022-07",
        "relative",
        id="bare-months-later",
    ),
    pytest.param(
        "A year later the mission closed.",
        DOC,
        "May 2021",
        "A year later",
        "2022-01-01",
        "2022-12-31",
        "year",
        "2022",
        "relative",
        id="year-later",
    ),
    pytest.param(
        "Rebels seized Kidal the same day.",
        DOC,
        "4 May 2024",
        "the same day",
        "2024-05-04",
        "2024-05-04",
        "day",
        "2024-05-04",
        "relative",
        id="same-day",
    ),
    pytest.param(
        "Fuel prices doubled that month.",
        DOC,
        "4 May 2024",
        "that month",
        "2024-05-01",
        "2024-05-31",
        "month",
        "2024-05",
        "relative",
        id="that-month",
    ),
    pytest.param(
        "Later that year the junta dissolved the parties.",
        DOC,
        "10 March 2023",
        "Later that year",
        "2023-03-11",
        "2023-12-31",
        "range",
        "2023-03-11/2023-12-31",
        "relative",
        id="later-that-year",
    ),
    pytest.param(
        "following a previous deal the year before for Chinese-made Wing Loong 2 drones",
        SEED_DATES["000"],
        "March 2024",
        "the year before",
        "2023-01-01",
        "2023-12-31",
        "year",
        "2023",
        "relative",
        id="seed-000-year-before",
    ),
    pytest.param(
        "the parties made very little progress ... even less so after the second coup last May.",
        SEED_DATES["002"],
        None,
        "last May",
        "2021-05-01",
        "2021-05-31",
        "month",
        "2021-05",
        "relative",
        id="seed-002-last-may",
    ),
    pytest.param(
        "Last May the talks collapsed.",
        date(2024, 5, 20),
        None,
        "Last May",
        "2023-05-01",
        "2023-05-31",
        "month",
        "2023-05",
        "relative",
        id="last-may-in-may",
    ),
    pytest.param(
        "This year may be on track to surpass it",
        SEED_DATES["001"],
        None,
        "This year",
        "2021-01-01",
        "2021-12-31",
        "year",
        "2021",
        "relative",
        id="seed-001-this-year",
    ),
    pytest.param(
        "Aid fell sharply last year.",
        DOC,
        "2012",
        "last year",
        "2023-01-01",
        "2023-12-31",
        "year",
        "2023",
        "relative",
        id="last-year-ignores-anchor",
    ),
    pytest.param(
        "Soldiers detained the president on July 26 last year.",
        DOC,
        None,
        "July 26 last year",
        "2023-07-26",
        "2023-07-26",
        "day",
        "2023-07-26",
        "relative",
        id="month-day-last-year",
    ),
    pytest.param(
        "The talks opened on 3 March this year.",
        DOC,
        "2012",
        "3 March this year",
        "2024-03-03",
        "2024-03-03",
        "day",
        "2024-03-03",
        "relative",
        id="day-month-this-year",
    ),
    pytest.param(
        "Two polls were held earlier this year.",
        DOC,
        None,
        "earlier this year",
        "2024-01-01",
        "2024-06-30",
        "range",
        "2024-01/2024-06",
        "relative",
        id="earlier-this-year",
    ),
    pytest.param(
        "Three years ago the junta took power.",
        DOC,
        "2012",
        "Three years ago",
        "2021-01-01",
        "2021-12-31",
        "year",
        "2021",
        "relative",
        id="years-ago",
    ),
    pytest.param(
        "UN Security Council Resolution 2690 has scheduled the retreat to be completed "
        "by year’s end.",
        SEED_DATES["003"],
        None,
        "year’s end",
        "2023-09-01",
        "2023-12-31",
        "range",
        "2023-09/2023-12",
        "relative",
        id="seed-003-year-end",
    ),
    pytest.param(
        "In the past 12 months, attacks doubled.",
        DOC,
        None,
        "the past 12 months",
        "2023-06-01",
        "2024-06-30",
        "range",
        "2023-06/2024-06",
        "relative",
        id="past-12-months",
    ),
    pytest.param(
        "The following day, protesters returned.",
        DOC,
        None,
        "The following day",
        "2024-07-01",
        "2024-07-01",
        "day",
        "2024-07-01",
        "relative",
        id="relative-without-anchor-uses-document-date",
    ),
    # Year-less dates: the anchor's year, else the latest such date not after the document date.
    pytest.param(
        "The tripartite alliance was declared on September 16, just over two weeks "
        "after Russian delegates met with junta leaders",
        SEED_DATES["003"],
        "13 August 2023",
        "September 16",
        "2023-09-16",
        "2023-09-16",
        "day",
        "2023-09-16",
        "anchored",
        id="seed-003-yearless-anchor",
    ),
    pytest.param(
        "On January 5 the curfew was lifted.",
        DOC,
        "20 December 2023",
        "January 5",
        "2023-01-05",
        "2023-01-05",
        "day",
        "2023-01-05",
        "anchored",
        id="yearless-takes-anchor-year-even-before-it",
    ),
    pytest.param(
        "On December 20 the curfew was lifted.",
        DOC,
        None,
        "December 20",
        "2023-12-20",
        "2023-12-20",
        "day",
        "2023-12-20",
        "anchored",
        id="yearless-latest-before-document-date",
    ),
    pytest.param(
        "After an April jet flyover marked an initial show of strength by the junta",
        SEED_DATES["003"],
        None,
        "April",
        "2023-04-01",
        "2023-04-30",
        "month",
        "2023-04",
        "anchored",
        id="seed-003-article-month",
    ),
    pytest.param(
        "In May, the army moved north.",
        DOC,
        None,
        "May",
        "2024-05-01",
        "2024-05-31",
        "month",
        "2024-05",
        "anchored",
        id="in-may",
    ),
    pytest.param(
        "Captain Traoré seized power eight months after Lt. Col. Damiba's January coup.",
        DOC,
        "September 2022",
        "January",
        "2022-01-01",
        "2022-01-31",
        "month",
        "2022-01",
        "anchored",
        id="possessive-month-modifier",
    ),
    pytest.param(
        "In March 12 soldiers were killed near Douentza.",
        DOC,
        None,
        "March",
        "2024-03-01",
        "2024-03-31",
        "month",
        "2024-03",
        "anchored",
        id="month-before-a-count",
    ),
    # Qualifiers.
    pytest.param(
        "The camp was built around May 2024.",
        DOC,
        None,
        "around May 2024",
        "2024-05-01",
        "2024-05-31",
        "month",
        "2024-05~",
        "absolute",
        id="around",
    ),
    pytest.param(
        "The militia formed approximately 2015.",
        DOC,
        None,
        "approximately 2015",
        "2015-01-01",
        "2015-12-31",
        "year",
        "2015~",
        "absolute",
        id="approximately",
    ),
    pytest.param(
        "Nearly nine months later, the talks resumed.",
        DOC,
        "August 2020",
        "Nearly nine months later",
        "2021-05-01",
        "2021-05-31",
        "month",
        "2021-05~",
        "relative",
        id="nearly-offset",
    ),
    pytest.param(
        "In about 2015 the group split.",
        DOC,
        None,
        "about 2015",
        "2015-01-01",
        "2015-12-31",
        "year",
        "2015~",
        "absolute",
        id="about-year",
    ),
    pytest.param(
        "The village was reportedly in May 2023 the scene of a massacre.",
        DOC,
        None,
        "May 2023",
        "2023-05-01",
        "2023-05-31",
        "month",
        "2023-05?",
        "absolute",
        id="reportedly-uncertain",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "doc", "anchor", "text", "start", "end", "precision", "edtf", "kind"), CASES
)
def test_single_mention(
    sentence: str,
    doc: date,
    anchor: str | None,
    text: str,
    start: str,
    end: str,
    precision: str,
    edtf: str,
    kind: str,
) -> None:
    anchor_bounds = bounds(anchor) if anchor else None
    mention = only(sentence, doc=doc, anchor=anchor_bounds)
    assert sentence[mention.start : mention.end] == mention.text
    expect(mention, text, start, end, precision, edtf, kind)


NOT_DATES = [
    pytest.param("including the primary contingent of 2,200 French soldiers", id="comma-number"),
    pytest.param("the junta has brought an estimated 1,000 fighters", id="fighters"),
    pytest.param("represent a 40-percent reduction", id="percent"),
    pytest.param("- PolicyWatch 3589", id="publication-number"),
    pytest.param("UN Security Council Resolution 2031 was adopted unanimously.", id="resolution"),
    pytest.param("The figures appear on page 2019 of the annex.", id="page-number"),
    pytest.param("Donors funded a network of 2030 km of roads.", id="kilometres"),
    pytest.param("Food aid went to 2021 people in Gao.", id="people"),
    pytest.param("Officials said 2024 soldiers had deserted.", id="soldiers"),
    pytest.param("French forces have been in Mali for nine years", id="seed-002-duration"),
    pytest.param("Violence has grown over the past decade.", id="past-decade"),
    pytest.param("A 25-year-old shepherd was killed near Nara.", id="age"),
    pytest.param("The junta proposed a two-year transition.", id="two-year-transition"),
    pytest.param("after a five-month wait", id="seed-001-five-month-wait"),
    pytest.param("The Junta May Seek Middle Eastern Support", id="seed-002-may-modal-title"),
    pytest.param("MINUSMA may close, further exposing Malian communities", id="may-modal"),
    pytest.param("The March on Bamako drew thousands of protesters.", id="march-noun"),
    pytest.param("The attack began at 3 p.m. this morning.", id="time-of-day-only"),
    pytest.param("Clashes erupted the day after the vote.", id="day-after-event"),
    pytest.param("Two weeks after the coup, ECOWAS met in Accra.", id="weeks-after-event"),
    pytest.param(
        "The junta suspended political parties, a day after protests.", id="day-after-bare-noun"
    ),
    pytest.param("Around 2015 attacks were recorded in the region.", id="approximate-count"),
    pytest.param("Concerns about 2024 elections grew.", id="about-as-topic"),
    pytest.param(
        "under the banner of Jamaa’t Nusrat al-Islam wal Muslimin (JNIM) less than two "
        "years later.",
        id="seed-003-less-than-later",
    ),
    pytest.param(
        "security and political developments about a decade later pushed towards "
        "diverging approaches",
        id="seed-000-decade-later",
    ),
    pytest.param(
        "Four years after its inception, the G5 Sahel has little to show for it",
        id="seed-001-years-after-inception",
    ),
    pytest.param("See https://example.org/2022/05/04/story for details.", id="url"),
    pytest.param("The cost was $2020 per unit, or 12,2020 in total.", id="money-and-numbers"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_a_date(sentence: str) -> None:
    assert find_dates(sentence, document_date=DOC) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # DOC is Sunday 30 June 2024.
        ("Ministers met on Monday to discuss the crisis.", date(2024, 6, 24)),
        ("Ministers met on Sunday.", date(2024, 6, 30)),
        ("The envoy arrived last Sunday.", date(2024, 6, 23)),
        ("Talks resume next Monday.", date(2024, 7, 1)),
        ("Saturday's vote was calm.", date(2024, 6, 29)),
    ],
)
def test_a_weekday_named_alone_is_read_from_the_document_date(
    sentence: str, expected: date
) -> None:
    [mention] = find_dates(sentence, document_date=DOC)
    assert (mention.bounds.start, mention.bounds.end) == (expected, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Coups came in January and September 2022.", ["2022-01", "2022-09"]),
        ("Talks were held in May, June and July 2023.", ["2023-05", "2023-06", "2023-07"]),
        # Not a list: the year belongs to what follows it only.
        ("Ministers met in May, and in 2021 the talks failed.", ["2024-05", "2021"]),
    ],
)
def test_months_listed_before_a_year_share_it(sentence: str, expected: list[str]) -> None:
    assert [m.bounds.edtf for m in find_dates(sentence, document_date=DOC)] == expected


@pytest.mark.parametrize(
    ("sentence", "end"),
    [
        ("In the weeks that followed, protesters rallied.", date(2023, 9, 6)),
        ("Within days, Mali and Burkina Faso warned against intervention.", date(2023, 8, 5)),
        ("Over the next few weeks the troops left.", date(2023, 9, 6)),
        ("In the following months, the junta expelled diplomats.", date(2024, 1, 25)),
    ],
)
def test_a_short_while_after_the_narrative(sentence: str, end: date) -> None:
    anchor = parse_date_expression("26 July 2023")
    [mention] = find_dates(sentence, document_date=DOC, anchor=anchor)
    assert (mention.bounds.start, mention.bounds.end) == (date(2023, 7, 27), end)
    assert mention.approximate


def test_in_the_days_alone_is_no_date() -> None:
    assert find_dates("In the days ahead, talks may resume.", document_date=DOC) == []


def test_a_weekday_before_a_date_belongs_to_that_date() -> None:
    [mention] = find_dates("On Monday, September 16, 2024, troops left.", document_date=DOC)
    assert mention.bounds.start == date(2024, 9, 16)


# --- several mentions ---


def texts(sentence: str, **kwargs: Any) -> list[str]:
    return [m.text for m in find_dates(sentence, document_date=kwargs.pop("doc", DOC), **kwargs)]


def test_seed_001_relative_then_absolute() -> None:
    sentence = (
        "In August 2020, Mali first experienced a coup when President Ibrahim Boubacar "
        "Keita was overthrown by a military junta. Nine months later, in May 2021, the "
        "country's new interim civilian leaders were detained"
    )
    first, second, third = find_dates(sentence, document_date=SEED_DATES["001"])
    assert (first.text, second.text, third.text) == ("August 2020", "Nine months later", "May 2021")
    assert second.kind == "relative" and second.bounds == third.bounds


def test_chaining_inside_one_call_seed_002() -> None:
    sentence = (
        "On February 10, Foreign Minister Abdoulaye Diop visited Doha to meet with his "
        "Qatari counterpart. Two days later, he met with Iranian foreign minister "
        "Hossein Amir-Abdollahian in Tehran"
    )
    visit, meeting = find_dates(sentence, document_date=SEED_DATES["002"])
    assert visit.bounds.start == date(2022, 2, 10) and visit.kind == "anchored"
    assert meeting.bounds.start == meeting.bounds.end == date(2022, 2, 12)


def test_that_year_follows_an_open_span_seed_000() -> None:
    sentence = (
        "Since late 2021, Malian forces in the western areas near the Mauritanian border "
        "faced a rising wave of terrorist attacks, with the most notable resulting in "
        "seven deaths in December of that year."
    )
    _, december = find_dates(sentence, document_date=SEED_DATES["000"])
    expect(
        december,
        "December of that year",
        "2021-12-01",
        "2021-12-31",
        "month",
        "2021-12",
        "relative",
    )


def test_year_opening_a_clause() -> None:
    assert texts("In 2023 alone, 8,000 people died; 2023 was the deadliest year.") == [
        "2023",
        "2023",
    ]
    assert texts("2013: France launches Operation Serval.\n- 2014: Barkhane replaces it") == [
        "2013",
        "2014",
    ]


def test_year_lists_give_one_mention_per_year() -> None:
    assert texts("Protests were held in 2019, 2020 and 2021.") == ["2019", "2020", "2021"]
    assert texts("in 2019 and early 2020, thousands of Malians carried out protests") == [
        "2019",
        "early 2020",
    ]


def test_and_without_between_is_not_a_span() -> None:
    assert texts(
        "Mali also received two batches of Turkish-made Bayraktar TB2 drones in March "
        "2023 and January 2024."
    ) == ["March 2023", "January 2024"]
    assert texts("between 2019 and 2021 the army grew") == ["between 2019 and 2021"]


def test_longest_match_wins() -> None:
    assert texts("In early April 2024 clashes erupted.") == ["early April 2024"]
    assert texts("between January 2020 and September 2021") == [
        "between January 2020 and September 2021"
    ]
    assert texts("The April 2024 crisis marked a turning point") == ["April 2024"]


def test_offsets_are_shifted_by_offset() -> None:
    sentence = "In 2013, France launched Operation Serval."
    mention = find_dates(sentence, document_date=DOC, offset=100)[0]
    assert (mention.start, mention.end) == (103, 107)
    assert sentence[mention.start - 100 : mention.end - 100] == mention.text == "2013"


def test_open_end_never_precedes_start() -> None:
    mention = only("since late 2021", doc=date(2020, 1, 1))
    assert mention.kind == "open" and mention.bounds.start <= mention.bounds.end


def test_datetime_document_date_is_accepted() -> None:
    from datetime import datetime

    mention = only("this year", doc=datetime(2024, 6, 30, 12, 0))
    assert mention.bounds.start == date(2024, 1, 1)


# --- parse_date_expression: the conventions table ---

TABLE = [
    ("4 May 2024", "2024-05-04", "2024-05-04", "day", "2024-05-04"),
    ("May 4, 2024", "2024-05-04", "2024-05-04", "day", "2024-05-04"),
    ("May 2024", "2024-05-01", "2024-05-31", "month", "2024-05"),
    ("early May 2024", "2024-05-01", "2024-05-10", "part_of_month", "2024-05-01/2024-05-10"),
    ("beginning of May 2024", "2024-05-01", "2024-05-10", "part_of_month", "2024-05-01/2024-05-10"),
    ("mid-May 2024", "2024-05-11", "2024-05-20", "part_of_month", "2024-05-11/2024-05-20"),
    ("late May 2024", "2024-05-21", "2024-05-31", "part_of_month", "2024-05-21/2024-05-31"),
    ("end of May 2024", "2024-05-21", "2024-05-31", "part_of_month", "2024-05-21/2024-05-31"),
    ("2024", "2024-01-01", "2024-12-31", "year", "2024"),
    ("early 2024", "2024-01-01", "2024-04-30", "range", "2024-01/2024-04"),
    ("start of 2024", "2024-01-01", "2024-04-30", "range", "2024-01/2024-04"),
    ("mid-2024", "2024-05-01", "2024-08-31", "range", "2024-05/2024-08"),
    ("late 2024", "2024-09-01", "2024-12-31", "range", "2024-09/2024-12"),
    ("first quarter of 2024", "2024-01-01", "2024-03-31", "range", "2024-01/2024-03"),
    ("Q1 2024", "2024-01-01", "2024-03-31", "range", "2024-01/2024-03"),
    ("first half of 2024", "2024-01-01", "2024-06-30", "range", "2024-01/2024-06"),
    ("spring 2024", "2024-03-01", "2024-05-31", "season", "2024-21"),
    ("summer 2024", "2024-06-01", "2024-08-31", "season", "2024-22"),
    ("autumn 2024", "2024-09-01", "2024-11-30", "season", "2024-23"),
    ("fall 2024", "2024-09-01", "2024-11-30", "season", "2024-23"),
    ("winter 2024", "2024-12-01", "2025-02-28", "season", "2024-24"),
    ("2021-2022", "2021-01-01", "2022-12-31", "range", "2021/2022"),
    ("2021–2022", "2021-01-01", "2022-12-31", "range", "2021/2022"),
    ("from 2021 to 2022", "2021-01-01", "2022-12-31", "range", "2021/2022"),
    (
        "between January 2020 and September 2021",
        "2020-01-01",
        "2021-09-30",
        "range",
        "2020-01/2021-09",
    ),
    ("from 4 to 10 May 2024", "2024-05-04", "2024-05-10", "range", "2024-05-04/2024-05-10"),
    ("4-10 May 2024", "2024-05-04", "2024-05-10", "range", "2024-05-04/2024-05-10"),
    ("since late 2021", "2021-09-01", "2024-06-30", "range", "2021-09/.."),
    ("around May 2024", "2024-05-01", "2024-05-31", "month", "2024-05~"),
    ("possibly May 2024", "2024-05-01", "2024-05-31", "month", "2024-05?"),
    ("the 2010s", "2010-01-01", "2019-12-31", "range", "201X"),
    # Forms an editor may type.
    ("2024-05-04", "2024-05-04", "2024-05-04", "day", "2024-05-04"),
    ("2022-01", "2022-01-01", "2022-01-31", "month", "2022-01"),
    ("2021/2022", "2021-01-01", "2022-12-31", "range", "2021/2022"),
    ("2021-09/..", "2021-09-01", "2024-06-30", "range", "2021-09/.."),
    ("2024-21", "2024-03-01", "2024-05-31", "season", "2024-21"),
    ("201X", "2010-01-01", "2019-12-31", "range", "201X"),
    ("2024-05-01/2024-05-10", "2024-05-01", "2024-05-10", "part_of_month", "2024-05-01/2024-05-10"),
    ("  4 may   2024 ", "2024-05-04", "2024-05-04", "day", "2024-05-04"),
    ("in May 2024", "2024-05-01", "2024-05-31", "month", "2024-05"),
]


@pytest.mark.parametrize(("value", "start", "end", "precision", "edtf"), TABLE)
def test_parse_date_expression_follows_the_table(
    value: str, start: str, end: str, precision: str, edtf: str
) -> None:
    assert bounds(value) == DateBounds(
        date.fromisoformat(start), date.fromisoformat(end), precision, edtf
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31 February 2024", "'31 February 2024' is not a real day"),
        ("February 29, 2023", "'February 29, 2023' is not a real day"),
        ("2024-02-30", "'2024-02-30' is not a real day"),
        ("2024-13", "'2024-13' is not a real month"),
        ("foo", "could not read 'foo' as a date"),
        ("May 2024 and June 2024", "could not read 'May 2024 and June 2024' as a date"),
        ("", "an empty value is not a date"),
        ("September 16", "'September 16' has no year"),
        ("last year", "'last year' is relative"),
        ("since late 2021", "'since late 2021' is open-ended"),
    ],
)
def test_parse_date_expression_errors(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_date_expression(value)


def test_parse_matches_find_dates() -> None:
    mention = only("The junta struck in early May 2024.")
    assert parse_date_expression("early May 2024") == mention.bounds


# --- DateBounds helpers ---


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("4 May 2024", "4 May 2024"),
        ("May 2024", "May 2024"),
        ("early May 2024", "early May 2024"),
        ("mid-May 2024", "mid-May 2024"),
        ("spring 2024", "spring 2024"),
        ("2021–2022", "2021–2022"),
        ("late 2021", "late 2021"),
        ("2024", "2024"),
        ("around May 2024", "around May 2024"),
        ("between January 2020 and September 2021", "January 2020 – September 2021"),
        ("4-10 May 2024", "4–10 May 2024"),
        ("the 2010s", "the 2010s"),
        ("since August 2020", "since August 2020"),
    ],
)
def test_label(value: str, label: str) -> None:
    assert bounds(value).label() == label


def test_contains_and_overlaps() -> None:
    year, month, day = bounds("2024"), bounds("May 2024"), bounds("4 May 2024")
    assert year.contains(month) and month.contains(day) and not day.contains(month)
    assert bounds("late 2023").overlaps(bounds("2023-2024"))
    assert not bounds("early 2023").overlaps(bounds("late 2023"))


# --- properties over real and invented text ---

INVENTED = [
    "On 12 March 2023, gunmen attacked a convoy near Ménaka; the following day the army "
    "retaliated, and two weeks later a ceasefire was announced.",
    "The ECOWAS summit of 10 December 2023 gave the juntas until early 2024 to set a timetable.",
    "Between mid-2022 and late 2023 some 2,500 civilians were killed, roughly 40 percent more.",
    "In the spring of 2021 and again in summer 2022, herders clashed with farmers.",
    "Q4 2023 saw fewer attacks than the first half of 2023, according to ACLED.",
    "Since around 2015, and ever since the 2015 Algiers accord, the north has been contested.",
    "The 1990s rebellion and the 2006 accords set the stage; a decade later, fighting resumed.",
    "It may be that in May the rains come early; the march on Kidal began last year.",
    "Nearly three months later, on Sept. 3, the junta reportedly on 4 September expelled him.",
]


def _seed_lines() -> list[tuple[str, date]]:
    lines: list[tuple[str, date]] = []
    for path in sorted(SEEDS.glob("*.txt")):
        document_date = SEED_DATES.get(path.name[:3], DOC)
        lines.extend((line, document_date) for line in path.read_text("utf-8").splitlines())
    return lines


def _check_invariants(text: str, document_date: date) -> list[TemporalMention]:
    mentions = find_dates(text, document_date=document_date)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert previous_end <= mention.start < mention.end
        assert mention.bounds.start <= mention.bounds.end
        assert EDTF_FORMS.fullmatch(mention.bounds.edtf), mention
        assert mention.approximate == mention.bounds.approximate
        assert mention.kind in ("absolute", "anchored", "relative", "open")
        # Whatever was found reads back identically from its EDTF string.
        assert parse_date_expression(mention.bounds.edtf, document_date=document_date) == (
            mention.bounds
        )
        previous_end = mention.end
    return mentions


def test_invariants_on_the_seeds() -> None:
    found = sum(len(_check_invariants(line, day)) for line, day in _seed_lines())
    assert found > 100


@pytest.mark.parametrize("sentence", INVENTED)
def test_invariants_on_invented_text(sentence: str) -> None:
    assert _check_invariants(sentence, DOC)


def test_never_raises_on_odd_text() -> None:
    tokens = [
        "May",
        "2024",
        "2,000",
        "-",
        "–",
        "since",
        "between",
        "and",
        "to",
        "from",
        "31",
        "February",
        "the",
        "following",
        "day",
        "later",
        "early",
        "mid-",
        "(",
        ")",
        "Q4",
        "winter",
        "0",
        "99",
        "1999",
        "9999",
        "years",
        "ago",
        "last",
        "week",
        "of",
        "’s",
        "\n",
        "around",
        "reportedly",
        "Sept.",
        ",",
        "th",
        "the end of",
        "year’s end",
    ]
    generator = random.Random(20240630)
    for _ in range(400):
        text = " ".join(generator.choice(tokens) for _ in range(generator.randint(0, 14)))
        _check_invariants(text, date(generator.randint(1990, 2030), 1, 1))
    for document_date in (date.min, date.max):
        _check_invariants("since 2013, last May, two days later, this year", document_date)
