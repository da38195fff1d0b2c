"""Every read of the chronology: the filter object, the one event query, facets, stats, pages.

Routers, exports and (later) the web pages call these functions with an `EventFilter`, so a
researcher's filtered list, its facets, its timeline counts and its CSV always agree. Each
difference between SQLite and PostgreSQL sits behind one function here (full-text search in
`search.py`); nothing in this package knows about HTTP.
"""
