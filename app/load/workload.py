"""Concurrent clients that read like analysts and write like editors, with a ledger of writes.

Each client is a loop on its own HTTP connection that, until the deadline, picks an action by
weight: the filtered event list with facets, an event, a full-text search, the home page, the
timeline stats, or a write: create an event (POST), change one (PATCH with If-Match), delete one
the load created (DELETE with If-Match), or change one through the admin's edit form. Writers
share what they know of each event's version, so two of them often send the same version and
one gets 412 (or 409 from the form): conflicts are expected, counted, and never retried blindly.

Every acknowledged write (2xx, or the form's redirect after a save) goes into the ledger with
the version the server gave it; a write whose outcome is unknown (a 5xx or a broken connection)
marks its event as uncertain. app.load.verify compares the ledger with the database.
"""

import asyncio
import random
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.models.taxonomy import EventType

LOAD_TAG = "load-test"
# Weights of the actions: about 80% reads, 20% writes.
READ_WEIGHTS: Mapping[str, int] = {"list": 24, "detail": 22, "search": 14, "home": 8, "stats": 12}
WRITE_WEIGHTS: Mapping[str, int] = {"create": 8, "patch": 9, "delete": 3}
ADMIN_WEIGHT = 2
_COUNTRIES = ("MLI", "BFA", "NER", "MRT", "TCD")
_WORDS = ("attacked", "border", "troops", "delegation", "sanctions", "protesters", "agreement",
          "withdrew", "exercise", "mandate", "Menaka", "Gao", "Kidal", "Bamako")  # fmt: skip
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_TYPES = tuple(t.value for t in EventType)
_HISTORY = 2000  # latencies kept per action for percentiles: a reservoir, not every sample


@dataclass(frozen=True)
class Ack:
    """A write the server acknowledged: `version` is the event's version it reported after the
    write (create: 1), `title` the title it set (None for a deletion)."""

    action: str  # "create", "update" or "delete"
    slug: str
    version: int
    title: str | None
    via: str  # "api" or "admin"


@dataclass
class LoadResults:
    """What the clients saw: counts per action and status, latencies, the ledger."""

    clients: int
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    per_action: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    all_latencies: list[float] = field(default_factory=list)
    transport_errors: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)  # a few samples of 5xx bodies
    acks: list[Ack] = field(default_factory=list)
    uncertain: set[str] = field(default_factory=set)  # slugs whose last write has no answer
    uncertain_creates: int = 0
    conflicts: int = 0  # 409 and 412

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + sum(self.transport_errors.values())

    @property
    def five_hundreds(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, share: float, action: str | None = None) -> float:
        """The latency, in milliseconds, under which `share` of the requests answered."""
        values = sorted(self.all_latencies if action is None else self.latencies.get(action, []))
        if not values:
            return 0.0
        return values[min(len(values) - 1, round(share * (len(values) - 1)))] * 1000


@dataclass
class _Shared:
    """What the clients know together: the events they may change and their versions."""

    base: list[str]  # published events of the database, to read
    versions: dict[str, int | None]  # events writers may change -> last version seen
    created: list[str] = field(default_factory=list)  # created by the load, may be deleted


class _FormFields(HTMLParser):
    """The fields a browser would send for the form with id `form_id`, untouched."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value") or "on"))
            elif a.get("type") not in ("submit", "button"):
                self.pairs.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            self.pairs.append((self._select, chosen[0] if chosen else ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.pairs.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.pairs


class _Client:
    def __init__(
        self,
        number: int,
        http: httpx.AsyncClient,
        shared: _Shared,
        results: LoadResults,
        *,
        token: str,
        rng: random.Random,
        actions: list[str],
        weights: list[int],
        admin: tuple[str, str] | None,
    ) -> None:
        self.number = number
        self.http = http
        self.shared = shared
        self.results = results
        self.auth = {"Authorization": f"Bearer {token}"}
        self.rng = rng
        self.actions = actions
        self.weights = weights
        self.made = 0
        self.signed_in = False
        self.username, self.password = admin or ("", "")

    async def request(
        self, action: str, method: str, url: str, **kwargs: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self.results.transport_errors[type(exc).__name__] += 1
            await asyncio.sleep(0.05)  # a server that is down refuses at once: do not spin
            return None
        elapsed = time.perf_counter() - started
        results = self.results
        results.statuses[response.status_code] += 1
        results.per_action[action] += 1
        results.all_latencies.append(elapsed)
        kept = results.latencies.setdefault(action, [])
        if len(kept) < _HISTORY:
            kept.append(elapsed)
        else:  # reservoir sampling keeps an unbiased sample of every latency of this action
            slot = self.rng.randrange(results.per_action[action])
            if slot < _HISTORY:
                kept[slot] = elapsed
        if response.status_code >= 500 and len(results.server_errors) < 20:
            results.server_errors.append(
                f"{method} {url} {response.status_code} {response.text[:300]}"
            )
        if response.status_code in (409, 412):
            results.conflicts += 1
        return response

    async def run(self, deadline: float, stop: threading.Event | None) -> None:
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            action = self.rng.choices(self.actions, self.weights)[0]
            await getattr(self, f"_{action}")()

    def _title(self) -> str:
        self.made += 1
        return f"Load test {self.number}-{self.made} near {self.rng.choice(_WORDS[10:])}"

    # Reads, as an analyst makes them (no credentials, so HTTP caching applies as in production).

    async def _list(self) -> None:
        start = self.rng.randrange(2012, 2025)
        params: dict[str, Any] = {
            "start": str(start),
            "end": str(min(2024, start + self.rng.randrange(4))),
            "facets": "type,country,year",
            "limit": 50,
        }
        if self.rng.random() < 0.7:
            params["country"] = self.rng.choice(_COUNTRIES)
        if self.rng.random() < 0.5:
            params["type"] = self.rng.sample(_TYPES, 2)
        await self.request("list", "GET", "/api/v1/events", params=params)

    async def _detail(self) -> None:
        slug = self.rng.choice(self.shared.base)
        await self.request("detail", "GET", f"/api/v1/events/{slug}")

    async def _search(self) -> None:
        words = self.rng.sample(_WORDS, self.rng.choice((1, 1, 2)))
        await self.request(
            "search", "GET", "/api/v1/events", params={"q": " ".join(words), "limit": 20}
        )

    async def _home(self) -> None:
        params = {"country": self.rng.choice(_COUNTRIES)} if self.rng.random() < 0.5 else {}
        await self.request("home", "GET", "/", params=params)

    async def _stats(self) -> None:
        params: dict[str, Any] = {"interval": self.rng.choice(("year", "month"))}
        if self.rng.random() < 0.5:
            params["split"] = self.rng.choice(("type", "country"))
        if self.rng.random() < 0.5:
            params["country"] = self.rng.choice(_COUNTRIES)
        await self.request("stats", "GET", "/api/v1/stats/timeline", params=params)

    # Writes, as an editor's script makes them (API token) or an editor in the admin.

    async def _version(self, slug: str) -> int | None:
        """The event's current version, read with the token (the ETag)."""
        response = await self.request(
            "read-version", "GET", f"/api/v1/events/{slug}", headers=self.auth
        )
        if response is None or response.status_code != 200:
            return None
        version = int(response.headers["etag"].strip('"'))
        if slug in self.shared.versions:
            self.shared.versions[slug] = version
        return version

    async def _create(self) -> None:
        year = self.rng.randrange(2012, 2025)
        title = self._title()
        body = {
            "title": title,
            "type": self.rng.choice(_TYPES),
            "date": f"{self.rng.randrange(1, 29)} {self.rng.choice(_MONTHS)} {year}",
            "summary": "Written by the load test.",
            "countries": [{"id": self.rng.choice(_COUNTRIES)}],
            "tags": [LOAD_TAG],
        }
        response = await self.request(
            "create", "POST", "/api/v1/events", json=body, headers=self.auth
        )
        if response is None or response.status_code >= 500:
            self.results.uncertain_creates += 1
            return
        if response.status_code == 201:
            stored = response.json()
            self.results.acks.append(Ack("create", stored["id"], stored["version"], title, "api"))
            self.shared.versions[stored["id"]] = stored["version"]
            self.shared.created.append(stored["id"])

    async def _patch(self) -> None:
        if not self.shared.versions:
            return
        slug = self.rng.choice(list(self.shared.versions))
        version = self.shared.versions[slug] or await self._version(slug)
        if version is None:
            return
        title = self._title()
        body = {"title": title, "fatalities": {"best": self.rng.randrange(0, 50)}}
        response = await self.request(
            "patch", "PATCH", f"/api/v1/events/{slug}", json=body,
            headers={**self.auth, "If-Match": f'"{version}"'},
        )  # fmt: skip
        if response is None or response.status_code >= 500:
            self.results.uncertain.add(slug)
        elif response.status_code == 200:
            stored = response.json()["version"]
            self.results.acks.append(Ack("update", slug, stored, title, "api"))
            if slug in self.shared.versions:
                self.shared.versions[slug] = stored
        elif response.status_code == 412:
            await self._version(slug)

    async def _delete(self) -> None:
        created = [s for s in self.shared.created if s in self.shared.versions]
        if not created:
            return
        slug = self.rng.choice(created)
        version = self.shared.versions[slug]
        if version is None:
            return
        # No longer offered to writers: an event is deleted once, and never changed after.
        del self.shared.versions[slug]
        response = await self.request(
            "delete", "DELETE", f"/api/v1/events/{slug}",
            headers={**self.auth, "If-Match": f'"{version}"'},
        )  # fmt: skip
        if response is None or response.status_code >= 500:
            self.results.uncertain.add(slug)
        elif response.status_code == 204:
            self.results.acks.append(Ack("delete", slug, version + 1, None, "api"))
        else:
            self.shared.versions[slug] = None  # 412: read it again before the next try

    async def _admin(self) -> None:
        if not self.signed_in:
            await self._sign_in()
        if not self.signed_in or not self.shared.versions:
            return
        slug = self.rng.choice(list(self.shared.versions))
        url = f"/admin/events/{slug}/edit"
        page = await self.request("admin-form", "GET", url)
        if page is None or page.status_code != 200:
            return
        pairs = form_fields(page.text, "event-form")
        fields = dict(pairs)
        csrf = fields.get("csrf_token") or _csrf(page.text)
        if not fields.get("version", "").isdigit():
            return
        version = int(fields["version"])
        title = self._title()
        sent = [(k, v) for k, v in pairs if k not in ("title", "csrf_token", "action")]
        sent += [("title", title), ("action", "save"), ("csrf_token", csrf)]
        response = await self.request("admin-save", "POST", url, data=_form_body(sent))
        if response is None or response.status_code >= 500:
            self.results.uncertain.add(slug)
        elif response.status_code == 303 and "notice=saved" in response.headers.get("location", ""):
            self.results.acks.append(Ack("update", slug, version + 1, title, "admin"))
            if slug in self.shared.versions:
                self.shared.versions[slug] = version + 1

    async def _sign_in(self) -> None:
        form = await self.request("admin-form", "GET", "/admin/login")
        if form is None or form.status_code != 200:
            return
        body = {"username": self.username, "password": self.password, "next": "/admin",
                "csrf_token": _csrf(form.text)}  # fmt: skip
        response = await self.request("admin-sign-in", "POST", "/admin/login", data=body)
        self.signed_in = response is not None and response.status_code == 303


def _csrf(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.find(marker)
    if start < 0:
        return ""
    start += len(marker)
    return html[start : html.find('"', start)]


def _form_body(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    body: dict[str, list[str]] = {}
    for name, value in pairs:
        body.setdefault(name, []).append(value)
    return body


async def _base_events(http: httpx.AsyncClient, count: int) -> list[str]:
    response = await http.get("/api/v1/events", params={"limit": min(count, 1000), "sort": "-date"})
    response.raise_for_status()
    return [item["id"] for item in response.json()["items"]]


async def run_clients(
    base_url: str,
    *,
    token: str,
    clients: int,
    seconds: float,
    seed: int = 1,
    admin: tuple[str, str] | None = None,
    writable: int = 200,
    mix: Mapping[str, int] | None = None,
    into: LoadResults | None = None,
    stop: threading.Event | None = None,
) -> LoadResults:
    """Run `clients` concurrent clients against `base_url` (127.0.0.1 only) for `seconds`.

    `admin` (username, password) adds edits through the admin's form; `writable` events of the
    database are offered to writers besides those the load creates; `mix` replaces the weights
    of the actions (READ_WEIGHTS, WRITE_WEIGHTS, "admin"); `into` is filled as the clients go
    (for a caller watching from another thread) and returned; setting `stop` ends the run
    early. Raises ValueError for a server that is not on this machine.
    """
    host = urlsplit(base_url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load runs against this machine only, not {host!r}")
    results = into if into is not None else LoadResults(clients)
    chosen = dict(mix) if mix is not None else {**READ_WEIGHTS, **WRITE_WEIGHTS}
    if mix is None and admin is not None:
        chosen["admin"] = ADMIN_WEIGHT
    if "admin" in chosen and admin is None:
        raise ValueError("edits through the admin's form need an editor's name and password")
    actions, weights = list(chosen), list(chosen.values())
    # Under 5 s, uvicorn's keep-alive timeout: a connection the server may be closing is never
    # reused (that race would show as a connection error that is no fault of the app).
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=4)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as probe:
        base = await _base_events(probe, max(writable, 300))
    if not base:
        raise ValueError("the database has no published event to read: fill it first")
    rng = random.Random(seed)
    shared = _Shared(base=base, versions=dict.fromkeys(rng.sample(base, min(writable, len(base)))))
    http_clients = [
        httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits) for _ in range(clients)
    ]
    workers = []
    for number, http in enumerate(http_clients):
        client = _Client(
            number, http, shared, results, token=token, rng=random.Random(seed * 1000 + number),
            actions=actions, weights=weights, admin=admin,
        )  # fmt: skip
        workers.append(client)
    started = time.monotonic()
    try:
        await asyncio.gather(*(w.run(started + seconds, stop) for w in workers))
    finally:
        results.seconds = time.monotonic() - started
        await asyncio.gather(*(h.aclose() for h in http_clients))
    return results


def run_load(base_url: str, **kwargs: Any) -> LoadResults:
    """run_clients in a fresh event loop (for scripts and tests that are not async)."""
    return asyncio.run(run_clients(base_url, **kwargs))
