"""What the HTTP benchmark measures: the app's paths per scenario, the equivalent Datasette
query, and the floor (the same filtered query through the sqlite3 module, serialised to JSON).

The parameter names are the API's (app/api/params.py). The filtered list is the README's kind of
question, a year, a type and a country with facets; Datasette answers the same filter on the
event table (the country through a subquery, as Datasette cannot filter or facet on a joined
table) with a facet on type.
"""

import json
import sqlite3
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy import Engine, text

YEAR, TYPE, COUNTRY = 2022, "armed_violence", "MLI"
LIST_QUERY = urlencode(
    {"start": YEAR, "end": YEAR, "type": TYPE, "country": COUNTRY, "facets": "type,country"}
)
# From rare to common in the synthetic data: a town, a capital, words of summaries and quotes.
SEARCH_TERMS = ("kidal", "menaka", "ouagadougou", "sanctions", "delegation", '"crossed the border"')
EXPORT_PATH = "/api/v1/events?format=csv"
PAGE_SIZE = 100

# The filter of the list, as SQL on the event table (the floor, and Datasette's _where).
_COUNTRY_SUBQUERY = f"id IN (SELECT event_id FROM event_country WHERE country_code = '{COUNTRY}')"
_WHERE = (
    f"status = 'published' AND type = '{TYPE}' AND date_start <= '{YEAR}-12-31' "
    f"AND date_end >= '{YEAR}-01-01' AND {_COUNTRY_SUBQUERY}"
)


@dataclass(frozen=True)
class Scenario:
    """One thing a reader does, as the paths wrk cycles through."""

    name: str
    label: str
    paths: tuple[str, ...]


def sample_slugs(engine: Engine, count: int = 500) -> list[str]:
    """About `count` published event ids (slugs), spread over the whole table."""
    with engine.connect() as connection:
        total = connection.execute(text("SELECT max(id) FROM event")).scalar() or 0
        step = max(1, int(total) // count)
        rows = connection.execute(
            text(
                "SELECT slug FROM event WHERE status = 'published' AND id % :step = 0 "
                "ORDER BY id LIMIT :count"
            ),
            {"step": step, "count": count},
        )
        return [str(r[0]) for r in rows]


def scenarios(slugs: list[str]) -> list[Scenario]:
    """The scenarios run under wrk, in order (the CSV export is measured apart)."""
    if not slugs:
        raise ValueError("the database holds no published event")
    return [
        Scenario(
            "list",
            f"events list: {YEAR}, {TYPE}, {COUNTRY}, facets type+country",
            (f"/api/v1/events?{LIST_QUERY}",),
        ),
        Scenario(
            "detail",
            f"event detail ({len(slugs)} ids in turn)",
            tuple(f"/api/v1/events/{quote(s)}" for s in slugs),
        ),
        Scenario(
            "search",
            f"full-text search ({len(SEARCH_TERMS)} queries in turn)",
            tuple(f"/api/v1/events?{urlencode({'q': t})}" for t in SEARCH_TERMS),
        ),
        Scenario(
            "stats", "timeline stats by year, split by type", ("/api/v1/stats/timeline?split=type",)
        ),
        Scenario("home", "home page `/` (HTML)", ("/",)),
    ]


def datasette_path(database_name: str) -> str:
    """Datasette's JSON for the list's filter: a page of 100 by date, the count, a type facet."""
    query = urlencode(
        {
            "status": "published",
            "type": TYPE,
            "date_start__lte": f"{YEAR}-12-31",
            "date_end__gte": f"{YEAR}-01-01",
            "_where": _COUNTRY_SUBQUERY,
            "_facet": "type",
            "_sort": "date_start",
            "_size": PAGE_SIZE,
            "_shape": "objects",
        }
    )
    return f"/{quote(database_name)}/event.json?{query}"


def floor_call(connection: sqlite3.Connection, *, facets: bool = True) -> bytes:
    """The list's work done directly on the base tables: the page and the total, and with
    `facets` the type and country counts (each without its own filter, as the API's facets),
    serialised to JSON."""
    connection.row_factory = sqlite3.Row
    page = connection.execute(
        f"SELECT * FROM event WHERE {_WHERE} ORDER BY date_start, id LIMIT {PAGE_SIZE}"
    ).fetchall()
    total = connection.execute(f"SELECT count(*) FROM event WHERE {_WHERE}").fetchone()[0]
    if not facets:
        return json.dumps({"items": [dict(row) for row in page], "total": total}).encode()
    without_type = _WHERE.replace(f"type = '{TYPE}' AND ", "")
    types = connection.execute(
        f"SELECT type, count(*) FROM event WHERE {without_type} GROUP BY type"
    ).fetchall()
    without_country = _WHERE.replace(f" AND {_COUNTRY_SUBQUERY}", "")
    countries = connection.execute(
        "SELECT c.country_code, count(DISTINCT c.event_id) FROM event_country c "
        f"JOIN event ON event.id = c.event_id WHERE {without_country} GROUP BY c.country_code"
    ).fetchall()
    body = {
        "items": [dict(row) for row in page],
        "total": total,
        "facets": {
            "type": {str(r[0]): r[1] for r in types},
            "country": {str(r[0]): r[1] for r in countries},
        },
    }
    return json.dumps(body).encode()


@dataclass(frozen=True)
class FloorResult:
    facets: bool
    calls: int
    median_ms: float
    p95_ms: float


def measure_floor(
    path: Path, *, seconds: float, facets: bool = True, max_calls: int = 200
) -> FloorResult:
    """Time `floor_call` on the SQLite file at `path`, read-only, for up to `seconds`."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        floor_call(connection, facets=facets)  # pages in the cache, as a first request does
        times: list[float] = []
        deadline = time.perf_counter() + seconds
        while len(times) < max_calls and (not times or time.perf_counter() < deadline):
            started = time.perf_counter()
            floor_call(connection, facets=facets)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return FloorResult(facets, len(times), statistics.median(times), p95)
