"""Scoring against a gold annotation: app/evaluation.evaluate on hand-built events, and
scripts/evaluate.py as a subprocess on a database ingested from the seeds."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from app.config import PROJECT_ROOT, SEEDS_DIR, Settings
from app.db import make_engine
from app.evaluation import (
    MATCH_DISTANCE,
    Extracted,
    GoldError,
    GoldEvent,
    evaluate,
    read_extracted,
    read_gold,
)
from app.manifest import read_manifest
from app.pipeline import run_ingestion

GOLD = Path(__file__).parent / "gold" / "seeds.jsonl"
SCORE_KEYS = {"gold", "extracted", "matched", "recall", "precision", "exact_bounds", "type_right"}
REPORT_KEYS = {"overall", "per_document", "misses", "false_alarms", "wrong_bounds", "wrong_type"}

# -- evaluate() on hand-built events ---------------------------------------------------------

COUP = "On 18 August 2020, soldiers seized power in Bamako."
SANCTIONS = "On 9 January 2022, ECOWAS closed its borders with Mali."
AMBUSH = "In March 2022, a convoy was ambushed near Gao."
SECOND_COUP = "On 24 May 2021, the colonels removed the transitional president."
FILLER = "The region's economy depends on livestock and gold. " * 10  # > MATCH_DISTANCE
TEXT = FILLER.join(["", COUP, SANCTIONS, AMBUSH, SECOND_COUP, ""])


def _span(quote: str, text: str = TEXT) -> tuple[int, int]:
    at = text.index(quote)
    return at, at + len(quote)


def _gold(id_: str, start: date, end: date, type_: str, quote: str, doc: str = "100") -> GoldEvent:
    return GoldEvent(id_, start, end, type_, f"summary of {id_}", {doc: quote})


def _extracted(
    slug: str, start: date, end: date, type_: str, spans: dict[str, list[tuple[int, int]]]
) -> Extracted:
    return Extracted(slug, start, end, type_, f"title of {slug}", spans)


D_COUP = date(2020, 8, 18)
D_SANCTIONS = date(2022, 1, 9)
MARCH = (date(2022, 3, 1), date(2022, 3, 31))


def test_a_perfect_extraction_scores_one_everywhere() -> None:
    gold = [_gold("coup", D_COUP, D_COUP, "coup", COUP)]
    extracted = [_extracted("e-coup", D_COUP, D_COUP, "coup", {"100": [_span(COUP)]})]

    report = evaluate(gold, extracted, {"100": TEXT})

    expected = {
        "gold": 1,
        "extracted": 1,
        "matched": 1,
        "recall": 1.0,
        "precision": 1.0,
        "exact_bounds": 1.0,
        "type_right": 1.0,
    }
    assert report.overall.as_dict() == expected
    assert report.as_dict()["per_document"] == {"100": expected}
    assert (report.misses, report.false_alarms) == ([], [])
    assert report.matches == [(gold[0], extracted[0])]


def test_misses_false_alarms_duplicates_bounds_and_types_are_counted_exactly() -> None:
    assert len(FILLER) > MATCH_DISTANCE  # each sentence is out of reach of the others
    gold = [
        _gold("coup", D_COUP, D_COUP, "coup", COUP),
        _gold("sanctions", D_SANCTIONS, D_SANCTIONS, "sanctions", SANCTIONS),
        _gold("ambush", *MARCH, "armed_violence", AMBUSH),
        _gold("second-coup", date(2021, 5, 24), date(2021, 5, 24), "coup", SECOND_COUP),
    ]
    coup_span = {"100": [_span(COUP)]}
    extracted = [
        _extracted("e-coup", D_COUP, D_COUP, "coup", coup_span),
        _extracted("e-coup-again", D_COUP, D_COUP, "coup", coup_span),  # a duplicate
        # The right sentence, bounds wider than the gold's (they overlap, so it matches).
        _extracted(
            "e-sanctions",
            date(2022, 1, 1),
            date(2022, 1, 31),
            "sanctions",
            {"100": [_span(SANCTIONS)]},
        ),
        _extracted("e-ambush", *MARCH, "deployment", {"100": [_span(AMBUSH)]}),  # wrong type
        # The coup's date, but quoted from the ambush's paragraph, far from the coup's.
        _extracted("e-elsewhere", D_COUP, D_COUP, "coup", {"100": [_span(AMBUSH)]}),
    ]

    report = evaluate(gold, extracted, {"100": TEXT})

    assert report.overall.as_dict() == {
        "gold": 4,
        "extracted": 5,
        "matched": 3,
        "recall": 0.75,
        "precision": 0.6,
        "exact_bounds": 0.667,
        "type_right": 0.667,
    }
    assert report.as_dict()["per_document"]["100"] == report.overall.as_dict()
    assert [g.id for g in report.misses] == ["second-coup"]
    assert [e.slug for e in report.false_alarms] == ["e-coup-again", "e-elsewhere"]
    assert [(g.id, e.slug) for g, e in report.matches] == [
        ("coup", "e-coup"),
        ("sanctions", "e-sanctions"),
        ("ambush", "e-ambush"),
    ]
    listed = report.as_dict()
    assert listed["wrong_bounds"] == [
        {
            "gold": "sanctions",
            "extracted": "e-sanctions",
            "gold_bounds": "2022-01-09/2022-01-09",
            "bounds": "2022-01-01/2022-01-31",
        }
    ]
    assert listed["wrong_type"] == [
        {
            "gold": "ambush",
            "extracted": "e-ambush",
            "gold_type": "armed_violence",
            "type": "deployment",
        }
    ]
    assert listed["misses"] == [
        {
            "id": "second-coup",
            "start": "2021-05-24",
            "type": "coup",
            "summary": "summary of second-coup",
        }
    ]
    assert listed["false_alarms"][1] == {
        "id": "e-elsewhere",
        "start": "2020-08-18",
        "type": "coup",
        "title": "title of e-elsewhere",
    }


@pytest.mark.parametrize(("gap", "matched"), [(MATCH_DISTANCE, 1), (MATCH_DISTANCE + 1, 0)])
def test_quotes_match_up_to_the_match_distance(gap: int, matched: int) -> None:
    text = COUP + " " * gap + "Soldiers were seen in the streets."
    start = len(COUP) + gap
    gold = [_gold("coup", D_COUP, D_COUP, "coup", COUP)]
    extracted = [_extracted("e", D_COUP, D_COUP, "coup", {"100": [(start, start + 8)]})]

    assert evaluate(gold, extracted, {"100": text}).overall.matched == matched


def test_same_quote_with_bounds_that_do_not_overlap_is_no_match() -> None:
    gold = [_gold("coup", D_COUP, D_COUP, "coup", COUP)]
    extracted = [
        _extracted("e", date(2020, 8, 19), date(2020, 8, 19), "coup", {"100": [_span(COUP)]})
    ]

    report = evaluate(gold, extracted, {"100": TEXT})

    assert report.overall.as_dict()["recall"] == report.overall.as_dict()["precision"] == 0.0
    assert ([g.id for g in report.misses], [e.slug for e in report.false_alarms]) == (
        ["coup"],
        ["e"],
    )


def test_two_events_in_one_sentence_go_to_the_gold_events_they_agree_with() -> None:
    both = "On 18 August 2020, soldiers seized power in Bamako and ECOWAS closed its borders."
    gold = [
        _gold("sanctions", D_COUP, D_COUP, "sanctions", both),
        _gold("coup", D_COUP, D_COUP, "coup", both),
    ]
    spans = {"100": [(0, len(both))]}
    extracted = [
        _extracted("e-coup", D_COUP, D_COUP, "coup", spans),
        _extracted("e-sanctions", D_COUP, D_COUP, "sanctions", spans),
    ]

    report = evaluate(gold, extracted, {"100": both})

    assert sorted((g.id, e.slug) for g, e in report.matches) == [
        ("coup", "e-coup"),
        ("sanctions", "e-sanctions"),
    ]
    assert report.overall.as_dict()["type_right"] == 1.0


def test_per_document_figures_count_what_each_document_gave() -> None:
    other = "Mali's colonels took power on 18 August 2020, a second analysis says."
    gold = [GoldEvent("coup", D_COUP, D_COUP, "coup", "", {"100": COUP, "200": other})]
    # Only the first analysis was read well enough to cite the coup.
    extracted = [_extracted("e-coup", D_COUP, D_COUP, "coup", {"100": [_span(COUP)]})]

    report = evaluate(gold, extracted, {"100": TEXT, "200": other})

    assert report.overall.as_dict()["recall"] == 1.0
    per_document = report.as_dict()["per_document"]
    assert per_document["100"]["recall"] == 1.0
    assert per_document["200"] == {
        "gold": 1,
        "extracted": 0,
        "matched": 0,
        "recall": 0.0,
        "precision": 0.0,
        "exact_bounds": 0.0,
        "type_right": 0.0,
    }


def test_a_gold_quote_missing_from_its_document_cannot_be_matched() -> None:
    gold = [_gold("coup", D_COUP, D_COUP, "coup", "Words the document never says.")]
    extracted = [_extracted("e", D_COUP, D_COUP, "coup", {"100": [_span(COUP)]})]

    assert evaluate(gold, extracted, {"100": TEXT}).overall.matched == 0


# -- scripts/evaluate.py on the seeds --------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with the five seeds ingested (read-only for the tests)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    engine = make_engine(Settings(database_url=url))
    run_ingestion(engine, read_manifest(SEEDS_DIR / "manifest.toml"))
    engine.dispose()
    return url


def _evaluate(*args: str, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "evaluate.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _in_process(url: str, *, include_candidates: bool) -> dict[str, object]:
    engine = make_engine(Settings(database_url=url))
    with Session(engine) as session:
        extracted, texts = read_extracted(session, include_candidates=include_candidates)
    engine.dispose()
    return evaluate(read_gold(GOLD), extracted, texts).as_dict()


def test_evaluate_prints_overall_and_per_document_lines(seeds_url: str) -> None:
    result = _evaluate(str(GOLD), database_url=seeds_url)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = _in_process(seeds_url, include_candidates=False)
    overall = expected["overall"]
    assert isinstance(overall, dict)
    assert lines[0].split()[:7] == [
        "overall",
        "gold",
        str(len(read_gold(GOLD))),
        "extracted",
        str(overall["extracted"]),
        "matched",
        str(overall["matched"]),
    ]
    assert f"recall {overall['recall']:.3f}" in lines[0]
    assert f"precision {overall['precision']:.3f}" in lines[0]
    assert [line.split()[0] for line in lines[1:6]] == ["000", "001", "002", "003", "004"]
    assert all("exact bounds" in line and "type right" in line for line in lines[:6])
    misses = expected["misses"]
    assert isinstance(misses, list)
    assert f"misses ({len(misses)}):" in lines
    assert any(line.startswith("false alarms (") for line in lines)


def test_evaluate_json_has_the_documented_keys_and_the_database_flag(seeds_url: str) -> None:
    # --database wins over DATABASE_URL, which here names a database that does not exist.
    result = _evaluate(
        str(GOLD),
        "--json",
        "--database",
        seeds_url,
        database_url="sqlite:////nonexistent-folder/kb.db",
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == REPORT_KEYS
    assert set(report["overall"]) == SCORE_KEYS
    assert set(report["per_document"]) == {"000", "001", "002", "003", "004"}
    for score in report["per_document"].values():
        assert set(score) == SCORE_KEYS
        assert score["matched"] <= min(score["gold"], score["extracted"])
    assert report == _in_process(seeds_url, include_candidates=False)
    assert report["overall"]["gold"] == len(read_gold(GOLD))
    assert set(report["misses"][0]) == {"id", "start", "type", "summary"}

    with_candidates = json.loads(
        _evaluate(str(GOLD), "--json", "--include-candidates", database_url=seeds_url).stdout
    )
    assert with_candidates == _in_process(seeds_url, include_candidates=True)
    assert with_candidates["overall"]["extracted"] > report["overall"]["extracted"]


BAD_GOLD = [
    (
        '{"id": "a", "start": "2020-08-18", "end": "2020-08-18", "type": "coup"}\n',
        "1: missing key 'quotes'",
    ),
    ("\n{not json}\n", "2: Expecting property name"),
    (
        '{"id": "a", "start": "2020-13-01", "end": "2020-08-18", "type": "coup", "quotes": {}}',
        "1: month must be in 1..12",
    ),
    ('["a list, not an object"]\n', "1: list indices must be integers"),
    (
        '{"id": "a", "start": "2020-08-18", "end": "2020-08-18", "type": "coup", "quotes": "x"}',
        "1: dictionary update sequence",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_GOLD)
def test_read_gold_names_the_line_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(content, encoding="utf-8")

    with pytest.raises(GoldError) as error:
        read_gold(gold)

    assert str(error.value).startswith(f"{gold}:{message}")


def test_a_malformed_gold_file_is_a_clear_error_with_exit_2(seeds_url: str, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    good_lines = GOLD.read_text(encoding="utf-8").splitlines()
    gold.write_text("\n".join([*good_lines, BAD_GOLD[0][0]]), encoding="utf-8")
    line = len(good_lines) + 1

    result = _evaluate(str(gold), database_url=seeds_url)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {gold}:{line}: missing key 'quotes'\n"


def test_a_gold_file_that_is_missing_or_not_utf8_is_a_clear_error(
    seeds_url: str, tmp_path: Path
) -> None:
    missing = _evaluate(str(tmp_path / "absent.jsonl"), database_url=seeds_url)
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: ") and "absent.jsonl" in missing.stderr
    assert len(missing.stderr.splitlines()) == 1

    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "été"}\n'.encode("latin-1"))
    with pytest.raises(
        GoldError, match=r"latin\.jsonl: not UTF-8 text \(invalid continuation byte at byte 8\)"
    ):
        read_gold(latin)


def test_an_unmigrated_database_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    result = _evaluate(str(GOLD), database_url=f"sqlite:///{tmp_path / 'new.db'}")

    assert result.returncode == 2
    assert "run `python scripts/migrate.py` first" in result.stderr
    assert len(result.stderr.splitlines()) == 1
