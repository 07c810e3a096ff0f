"""Prism, Stoplight's mock server and validating proxy, reads the contract as the suite does."""

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from capillary_conformance.contracts import CONTRACT_DIR, UPSERT_PATH, SchemaName, violations
from capillary_conformance.core.settings import from_env
from capillary_conformance.generation.samples import documented_bodies, sample_bodies
from capillary_conformance.generation.strategies import request_bodies
from capillary_conformance.sandbox import running_sandbox
from tests.contracts.conftest import prism

SETTINGS = from_env({})
PATH = UPSERT_PATH.format(targetGroupId=SETTINGS.target_group_id, targetId=SETTINGS.target_id)
AUTH = (SETTINGS.credentials.username, SETTINGS.credentials.password)


def _violations(response: httpx.Response) -> list[dict]:
    """What Prism found wrong with the exchange (its ``sl-violations`` header), request and response."""
    return json.loads(response.headers.get("sl-violations", "[]"))


@pytest.fixture(scope="module")
def proxy(node_tools):
    """Prism validating every exchange with a correct embedded sandbox behind it."""
    with (
        running_sandbox(SETTINGS) as upstream,
        prism(node_tools, "proxy", str(CONTRACT_DIR / "openapi.yaml"), upstream) as url,
        httpx.Client(base_url=url, auth=AUTH, timeout=30) as client,
    ):
        yield client


@pytest.mark.parametrize("body", documented_bodies(), ids=["november-2025", "june-2025"])
def test_the_docs_example_requests_pass_through_with_no_violation(proxy, body):
    response = proxy.post(PATH, json=list(body))
    assert response.status_code == 200, response.text
    assert _violations(response) == []


def test_the_suites_samples_and_generated_requests_pass_through_with_no_violation(proxy):
    for body in sample_bodies():
        response = proxy.post(PATH, json=list(body))
        assert (response.status_code, _violations(response)) == (200, []), body

    @given(body=request_bodies())
    @settings(max_examples=15, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    def generated(body):
        response = proxy.post(PATH, json=body)
        assert (response.status_code, _violations(response)) == (200, []), body

    generated()


def test_prism_flags_a_request_the_contract_refuses(proxy):
    response = proxy.post(PATH, json=[{"a": 1}])
    assert {violation["code"] for violation in _violations(response)} >= {"required", "additionalProperties"}


def test_prism_flags_a_host_answering_ids_as_strings(node_tools):
    with (
        running_sandbox(SETTINGS, fault="string-ids") as upstream,
        prism(node_tools, "proxy", str(CONTRACT_DIR / "openapi.yaml"), upstream) as url,
    ):
        response = httpx.post(url + PATH, json=list(documented_bodies()[0]), auth=AUTH, timeout=30)
    assert response.status_code == 200
    flagged = [(violation["location"], violation["code"]) for violation in _violations(response)]
    assert (["response", "body", "data", "0", "id"], "type") in flagged


def test_prisms_static_mock_answers_the_november_example_which_the_contract_accepts(node_tools):
    with prism(node_tools, "mock", str(CONTRACT_DIR / "openapi.bundled.yaml")) as url:
        response = httpx.post(url + PATH, json=list(documented_bodies()[0]), auth=AUTH, timeout=30)
    november = json.loads((CONTRACT_DIR / "examples" / "november-2025.response.json").read_text())
    assert response.status_code == 200
    assert response.json() == november
    assert violations(response.json(), SchemaName.RESPONSE) == []
