"""The HTTP benchmark of issue 7: the app served by uvicorn on 127.0.0.1 under wrk, at a given
number of synthetic events, on SQLite or PostgreSQL, compared with Datasette and with the raw
cost of the same query through the sqlite3 module.

`wrk` runs the load generator and reads its figures; `postgres` keeps a throwaway PostgreSQL
cluster whose data can outlive a run; `server` serves the app (or Datasette) in a subprocess and
samples its memory; `scenarios` names what is measured; `run` ties them together for one engine
and size; `report` prints and records the figures. Used by scripts/bench/http_bench.py and
tests/bench; never by the app. Nothing here sends a request anywhere but 127.0.0.1, and every
load is bounded in time.
"""
