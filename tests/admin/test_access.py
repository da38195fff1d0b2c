"""Every admin page and every write endpoint refuses anonymous and under-privileged users.

The routes are enumerated from the app itself, not listed by hand, so a route added later is
checked too: each one under /admin must depend on require_editor or require_admin (the sign-in
and sign-out forms excepted), each route that writes (any method but GET) must depend on one of
them or on require_token, and the app must answer as those dependencies promise.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from app.auth import require_admin, require_editor, require_token
from app.csrf import require_csrf
from tests.admin.conftest import Browser

OPEN_TO_ANONYMOUS = {"/admin/login", "/admin/logout"}
_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


@dataclass(frozen=True)
class Route:
    path: str  # as declared, e.g. /admin/events/{slug}/edit
    methods: set[str]
    dependant: Dependant


def _routes(app: FastAPI) -> list[tuple[Route, str, set[Callable[..., Any]]]]:
    """Every API route of the app (included routers flattened), a URL for it with its path
    parameters filled in, and every dependency it runs."""
    routes = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute):
            continue
        route = Route(str(context.path), set(context.methods or ()), context.dependant)
        path = _PARAM.sub(
            lambda m: "1" if m[1].endswith("id") and m[1] != "id" else "x", route.path
        )
        routes.append((route, path, set(_calls(route.dependant))))
    return routes


def _send(client: Browser, method: str, path: str, *, token: bool) -> int:
    if method == "GET":
        return client.get(path, follow_redirects=False).status_code
    if method in ("POST", "PUT", "PATCH", "DELETE") and token:
        return client.client.request(
            method, path, data={"csrf_token": client.token()}, follow_redirects=False
        ).status_code
    return client.client.request(method, path, follow_redirects=False).status_code


def test_every_admin_route_and_write_endpoint_is_guarded(app: FastAPI) -> None:
    checked = 0
    for route, path, calls in _routes(app):
        is_admin = path.startswith("/admin")
        writes = bool(route.methods - {"GET", "HEAD", "OPTIONS"})
        if route.path in OPEN_TO_ANONYMOUS:
            assert require_csrf in calls, route.path
            continue
        if is_admin:
            assert calls & {require_editor, require_admin}, f"{route.path} is open to anyone"
            if writes:
                assert require_csrf in calls, f"{route.path} has no CSRF check"
            checked += 1
        elif writes:
            assert calls & {require_editor, require_admin, require_token}, (
                f"{sorted(route.methods)} {route.path} writes without authentication"
            )
            checked += 1
    assert checked > 40


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(
    app: FastAPI, anonymous: Browser
) -> None:
    for route, path, calls in _routes(app):
        if route.path in OPEN_TO_ANONYMOUS:
            continue
        for method in route.methods:
            if path.startswith("/admin"):
                response = anonymous.client.request(method, path, follow_redirects=False)
                assert response.status_code == 303, f"{method} {route.path}"
                assert response.headers["location"].startswith("/admin/login"), route.path
            elif method != "GET" and require_token in calls:
                status = _send(anonymous, method, path, token=False)
                assert status == 401, f"{method} {route.path}: {status}"


def test_editors_cannot_use_the_administrators_pages(app: FastAPI, editor: Browser) -> None:
    admin_only = [(r, p) for r, p, calls in _routes(app) if require_admin in calls]
    assert {p.split("/")[2] for _, p in admin_only} == {"users", "tokens"}
    for route, path in admin_only:
        for method in route.methods:
            status = _send(editor, method, path, token=True)
            assert status == 403, f"{method} {route.path}: {status}"


def test_a_session_cookie_does_not_open_the_write_api(app: FastAPI, admin: Browser) -> None:
    for route, path, calls in _routes(app):
        if require_token not in calls:
            continue
        for method in route.methods - {"GET"}:
            assert _send(admin, method, path, token=True) == 401, f"{method} {route.path}"


def test_every_state_changing_admin_route_needs_the_token(app: FastAPI, admin: Browser) -> None:
    for route, path, _ in _routes(app):
        if not path.startswith("/admin") or route.path in OPEN_TO_ANONYMOUS:
            continue
        for method in route.methods - {"GET"}:
            response = admin.client.request(method, path, data={}, follow_redirects=False)
            assert response.status_code == 403, f"{method} {route.path}"
