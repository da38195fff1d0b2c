"""A property-based fuzz of the whole API from its own OpenAPI schema (schemathesis).

For every operation, hypothesis generates requests that the schema allows (every parameter,
repeated and odd values included) against the world database of each engine, and checks that
the answer is never a 5xx, has a documented status and media type, and matches the documented
schema (problem+json for errors). Bounded to a few dozen requests per
operation (more for the event list), so it runs in well under a minute.

schemathesis's own pytest plugin (`from_fixture`) does not run on pytest 9 (it sets a private
node attribute pytest no longer has), so each operation's strategy is driven by hypothesis here.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from app.config import Settings
from app.main import API_PREFIX, ROUTERS, create_app

# Requests per operation: the event list has twenty parameters and five export formats.
EXAMPLES = {"/api/v1/events": 150, "/api/v1/stats/timeline": 50}
DEFAULT_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Most random ids name nothing (a 400); on the filtered endpoints a second strategy pins the
# parameters that name things to ids the world has, so the other parameters are fuzzed over
# queries that reach the database, the facets and the exports.
KNOWN = {
    "country": ["MLI"],
    "actor": ["fama"],
    "place": ["bamako"],
    "document": ["analysis-a"],
    "period": ["mali-transition"],
    "tag": ["coups"],
    "cursor": "",
}
FILTERED = {"/api/v1/events", "/api/v1/stats/timeline"}
PATHS = [f"{API_PREFIX}{route.path}" for module in ROUTERS for route in module.router.routes]


@pytest.fixture(scope="session")
def api_schema(world_url: str) -> Iterator[schemathesis.BaseSchema]:
    app = create_app(Settings(database_url=world_url))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.engine.dispose()


def test_every_route_is_fuzzed(api_schema: schemathesis.BaseSchema) -> None:
    results = list(api_schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results)
    assert {result.ok().path for result in results if isinstance(result, Ok)} == set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_the_api_answers_every_request_its_schema_allows(
    api_schema: schemathesis.BaseSchema, path: str
) -> None:
    operation = api_schema[path]["GET"]
    strategy = operation.as_strategy()
    if path in FILTERED:
        strategy = st.one_of(strategy, operation.as_strategy(query=KNOWN))

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES.get(path, DEFAULT_EXAMPLES),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(checks=CHECKS)

    answers()
