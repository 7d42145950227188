"""Property-based requests from the OpenAPI document (schemathesis): no input makes a 500,
and every answer matches its documented schema and content type."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import (  # noqa: E402 - after the skip
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from communique.serve import create_app  # noqa: E402

EXAMPLES = 300  # per operation: about a minute for the whole API on two cores


def test_every_operation_answers_generated_requests_without_a_server_error(example_db):
    # An app of its own: schemathesis runs the app's lifespan, which closes its store.
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(example_db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/summary", "/api/events/{event_id}"}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance,
                                           content_type_conformance])

        check()
