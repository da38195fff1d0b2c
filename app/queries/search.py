"""Full-text search over event titles, summaries and cited quotes, on either engine.

The search tables are built and kept in step by migration 0002: an FTS5 table `event_search`
(rowid = event id) on SQLite, a table of weighted tsvectors on PostgreSQL. This is the one module
that reads them. A query is parsed here into words, "quoted phrases" and OR, then written in each
engine's own syntax, so no user input reaches FTS5's query language (where a stray quote is a
syntax error) and both engines see the same terms. Scores are "lower is better" on both engines.
"""

import re
from dataclasses import dataclass

from sqlalchemy import Float, Select, cast, column, func, literal_column, select, table
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
# Title, summary and quotes weigh 10, 5 and 1 on SQLite, as the A, B, C weights do on PostgreSQL.
_BM25_WEIGHTS = (10.0, 5.0, 1.0)


@dataclass(frozen=True)
class SearchQuery:
    """Alternatives (OR) of conjunctions (AND) of phrases, each phrase a tuple of words."""

    alternatives: tuple[tuple[tuple[str, ...], ...], ...]

    @property
    def empty(self) -> bool:
        return not self.alternatives

    def fts5(self) -> str:
        """The query in FTS5 syntax: every phrase quoted, so nothing is read as an operator."""
        return " OR ".join(
            "(" + " ".join('"' + " ".join(p) + '"' for p in group) + ")"
            for group in self.alternatives
        )

    def websearch(self) -> str:
        """The query in the syntax of PostgreSQL's websearch_to_tsquery."""
        return " or ".join(
            " ".join('"' + " ".join(p) + '"' for p in group) for group in self.alternatives
        )


def parse_search(text: str) -> SearchQuery:
    """Read a researcher's query: words and "quoted phrases" must all match; OR separates
    alternatives. Punctuation is ignored; a query without any word is empty."""
    groups: list[list[tuple[str, ...]]] = [[]]
    for match in _TOKEN.finditer(text):
        phrase, bare = match.group(1), match.group(2)
        if bare is not None and bare.upper() == "OR":
            groups.append([])
            continue
        words = tuple(w.lower() for w in _WORD.findall(phrase if phrase is not None else bare))
        if phrase is None:
            groups[-1].extend((w,) for w in words)
        elif words:
            groups[-1].append(words)
    return SearchQuery(tuple(tuple(g) for g in groups if g))


def search_matches(query: SearchQuery, dialect: str) -> Select[tuple[int, float]]:
    """The ids of events matching `query` with their score (lower is better), as a SELECT of
    (event_id, score). `dialect` is the engine's name, "sqlite" or "postgresql"."""
    if dialect == "sqlite":
        fts = table("event_search", column("rowid"))
        bm25 = func.bm25(literal_column("event_search"), *_BM25_WEIGHTS)
        match: ColumnElement[bool] = literal_column("event_search").op("MATCH")(query.fts5())
        return select(fts.c.rowid.label("event_id"), cast(bm25, Float).label("score")).where(match)
    vectors = table("event_search", column("event_id"), column("document"))
    tsquery = func.websearch_to_tsquery(literal_column("'english'::regconfig"), query.websearch())
    score = -cast(func.ts_rank_cd(vectors.c.document, tsquery), Float(53))
    return select(vectors.c.event_id.label("event_id"), score.label("score")).where(
        vectors.c.document.op("@@")(tsquery)
    )


def search_size(session: Session, text: str) -> int:
    """How many events match the query `text`, whatever their status and other filters: one
    pass over the full-text index, without reading any event."""
    query = parse_search(text)
    if query.empty:
        return 0
    dialect = session.get_bind().dialect.name
    matches = search_matches(query, dialect).subquery()
    return int(session.execute(select(func.count()).select_from(matches)).scalar_one())
