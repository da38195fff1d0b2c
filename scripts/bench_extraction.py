"""Extraction throughput on a synthetic corpus: MB/s on one core, and peak memory.

The corpus is generated from templates filled with gazetteer names and random dates (never from
the seeds), in documents of about 20 kB, until it reaches --megabytes. As in real analyses, about
one sentence in three reports a dated event; the rest is commentary and background. Results are
printed and, with --write, appended to docs/benchmarks.md.
"""

import argparse
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.extraction.events import extract_events  # noqa: E402
from app.pipeline import load_reference  # noqa: E402

TEMPLATES = [
    "On {day}, gunmen attacked a {unit} post near {place}, killing {n} soldiers.",
    "In {month}, {actor} announced the withdrawal of its troops from {country}.",
    "The {country_adj} government signed a security agreement with {country2} in {year}.",
    "Since {year}, the region has seen a steady rise in insecurity and displacement.",
    "A delegation from {country} visited {capital} in {part} {month_only} {year} "
    "to discuss border security.",
    "Protesters gathered in {place} the following day to denounce the killings.",
    "Two days later, {actor} launched a military operation in the {region} region.",
    "Analysts argue that the crisis could worsen if regional cooperation continues to erode.",
    "Elections are scheduled for {month}, according to the transitional authorities.",
    "ECOWAS imposed sanctions on {country} in {month}, closing land borders.",
    "Between {month} and {month2}, at least {n} civilians were killed in {place}.",
    "[Read more](#) about the {region} region.",
]
BACKGROUND = [
    "Observers note that the security situation in the {region} area remains volatile.",
    "The {country_adj} authorities have long struggled to extend state presence to rural areas.",
    "Armed groups exploit local grievances over land, water and access to pasture.",
    "Humanitarian organisations warn that displacement strains host communities and services.",
    "Regional cooperation has weakened as governments pursue diverging security strategies.",
    "Many residents of {place} depend on cross-border trade and seasonal migration.",
    "Analysts disagree on whether negotiations with insurgent leaders can reduce violence.",
    "The influence of foreign partners has shifted as new alliances take shape.",
    "Local militias, often formed for self-defence, complicate the picture further.",
    "Economic pressure from inflation and food insecurity adds to public frustration.",
]


def _corpus(megabytes: float, seed: int) -> list[str]:
    gazetteer, _ = load_reference()
    rng = random.Random(seed)
    places = [p.name for p in gazetteer.places.values()] or ["Gao"]
    actors = [a.name for a in gazetteer.actors.values()] or ["the army"]
    countries = list(gazetteer.countries.values())
    documents, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        sentences = []
        for _ in range(160):
            day = date(2012, 1, 1) + timedelta(days=rng.randrange(4700))
            country, country2 = rng.sample(countries, 2)
            pool = TEMPLATES if rng.random() < 0.35 else BACKGROUND
            sentences.append(
                rng.choice(pool).format(
                    day=f"{day:%B} {day.day}, {day.year}",
                    month=f"{day:%B %Y}",
                    month_only=f"{day:%B}",
                    month2=f"{day + timedelta(days=90):%B %Y}",
                    year=day.year,
                    n=rng.randint(2, 90),
                    place=rng.choice(places),
                    region=rng.choice(places),
                    actor=rng.choice(actors),
                    unit="military",
                    country=country.name,
                    country2=country2.name,
                    country_adj=(country.demonyms or (country.name,))[0],
                    capital=rng.choice(places),
                    part=rng.choice(["early", "mid-", "late"]).rstrip("-"),
                )
            )
        text = "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
        documents.append(text)
        size += len(text.encode())
    return documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--write", action="store_true", help="append the result to docs/benchmarks.md"
    )
    args = parser.parse_args()
    documents = _corpus(args.megabytes, args.seed)
    gazetteer, lexicon = load_reference()
    total = sum(len(d.encode()) for d in documents)
    started = time.process_time()
    events = 0
    for text in documents:
        events += len(
            extract_events(
                text, document_date=date(2024, 12, 31), gazetteer=gazetteer, lexicon=lexicon
            ).candidates
        )
    seconds = time.process_time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = (
        f"extraction: {total / 1e6:.1f} MB in {len(documents)} documents, {seconds:.1f} s CPU, "
        f"{total / 1e6 / seconds:.2f} MB/s, {events} candidate events, peak RSS {peak_mb:.0f} MB"
    )
    print(line)
    if args.write:
        out = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
        with out.open("a", encoding="utf-8") as handle:
            handle.write(
                f"- {date.today()}: `python scripts/bench_extraction.py "
                f"--megabytes {args.megabytes:g}`: {line}\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
