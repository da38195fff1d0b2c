"""Load and fault checks of the running app: many clients reading and writing over HTTP.

`workload` drives concurrent clients (asyncio and httpx) against a server on 127.0.0.1 and keeps
a ledger of every write the server acknowledged; `verify` checks that ledger, and the database's
own consistency, against the database afterwards; `server` prepares a database (migrations,
synthetic events, an editor with an API token) and runs uvicorn in a process of its own that can
be stopped or killed. Used by scripts/bench/load.py and tests/hardening; never by the app itself.
Nothing here sends a request anywhere but 127.0.0.1.
"""
