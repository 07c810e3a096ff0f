"""Check 10: the OpenAPI fragment driven through Schemathesis, positive and negative, with our checks."""

import json

import pytest
import schemathesis
from hypothesis import settings
from schemathesis import GenerationMode

from capillary_conformance.checks import schemathesis_checks
from capillary_conformance.generation.strategies import openapi_schema

pytestmark = pytest.mark.check("schemathesis")


@pytest.fixture
def api_schema(host):
    schema = openapi_schema()
    credentials = host.settings.credentials
    schema.config.update(
        base_url=host.client.base_url,
        basic_auth=(credentials.username, credentials.password),
        parameters={
            "path.targetGroupId": host.settings.target_group_id,
            "path.targetId": host.settings.target_id,
        },
    )
    schema.config.generation.update(max_examples=settings().max_examples)
    if host.settings.environment_declared:
        # Negative cases from the narrowed schema would send values outside the environment that the
        # contract allows; the suite's own negative tests cover invalid input there.
        schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    # ignored_auth sends requests of its own, around our client (no rate budget, retries or record of
    # them); the auth check covers what it would.
    schema.config.checks.update(excluded_check_names=["ignored_auth"])
    return schema


lazy_schema = schemathesis.pytest.from_fixture("api_schema")


@lazy_schema.parametrize()
def test_openapi_fragment_through_schemathesis(case, host, expect):
    kwargs = case.as_transport_kwargs(base_url=host.client.base_url)
    content = json.dumps(kwargs["json"]).encode() if "json" in kwargs else kwargs.get("data")
    exchange = host.client.send(
        kwargs["method"],
        kwargs["url"],
        content=content,
        headers=kwargs["headers"],
        params=kwargs.get("params"),
        auth=None,
    )
    case.validate_response(
        exchange.raw,
        additional_checks=schemathesis_checks.for_host(expect),
        headers=kwargs["headers"],
        transport_kwargs={"base_url": host.client.base_url},
    )
