"""The schemathesis check: the OpenAPI fragment driven through Schemathesis, positive and negative, with our checks."""

import json

import pytest
import schemathesis
from hypothesis import settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from capillary_conformance.checks import schemathesis_checks
from capillary_conformance.generation.strategies import integers_as_ints, openapi_schema

pytestmark = [pytest.mark.check("schemathesis"), pytest.mark.first_pass(2)]


@pytest.fixture
def api_schema(host, _pass):
    schema = openapi_schema()
    # The first pass asks Schemathesis a couple of fuzzed cases only; the examples (which the positive sweep
    # has just sent) and the coverage phase, a hundred requests or so, wait for the deep pass.
    schema.config.phases.update(phases=["fuzzing"] if _pass == "first" else ["examples", "coverage", "fuzzing"])
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
    elif _pass == "first":
        # Its first cases carry the configured credentials, so that what Schemathesis alone judges of an invalid
        # body (a status the contract does not document) is met in the first pass, not behind a 401.
        schema.config.generation.update(with_security_parameters=False)
    schema.config.checks.update(excluded_check_names=EXCLUDED)
    return schema


# Schemathesis' checks that would judge what our contract decides otherwise (openapi.yaml):
EXCLUDED = [
    # sends requests of its own, around our client (no rate budget, retries or record); `auth` covers it
    "ignored_auth",
    # an undeclared method may get 405 without Allow, or 501 (x-undeclared-methods): our negative check
    "unsupported_method",
    "allow_header_conformance",
    # much of what Schemathesis makes invalid the docs leave open (null, a missing field): what must be
    # refused is for the suite's own negative tests; here, open input gets no 5xx and errors an envelope
    "negative_data_rejection",
    # a 501 is the standard answer to an unrecognised method; our negative check fails every other 5xx
    "not_a_server_error",
]
lazy_schema = schemathesis.pytest.from_fixture("api_schema")


@lazy_schema.parametrize()
def test_openapi_fragment_through_schemathesis(case, host, expect):
    negative = case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE
    if not negative and isinstance(case.body, list):
        case.body = [integers_as_ints(item) for item in case.body]  # 7, as an SDK sends it, not 7.0
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
        additional_checks=schemathesis_checks.for_host(expect, note=lambda text: host.notes.add([text])),
        # a 200 to open input (a null echoed back) is judged by "no 5xx", not by the success schema
        excluded_checks=[response_schema_conformance] if negative else [],
        headers=kwargs["headers"],
        transport_kwargs={"base_url": host.client.base_url},
    )
