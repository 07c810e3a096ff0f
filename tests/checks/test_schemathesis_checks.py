"""Our checks as Schemathesis checks: canned cases of the contract's operation, canned answers."""

from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
import schemathesis
from schemathesis import GenerationMode

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.schemathesis_checks import for_host
from capillary_conformance.generation.strategies import upsert_operation

from .canned import EXPECT, GROUP, TARGET, answer, sent


def case_of(mode: GenerationMode, body: object = None) -> schemathesis.Case:
    """A case of the contract's operation carrying the docs' example body, as Schemathesis' ``mode`` made it."""
    case = upsert_operation().Case(
        method="POST", path_parameters={"targetGroupId": GROUP, "targetId": TARGET}, body=body or sent()
    )
    # Only the generation mode is read; frozen, so Schemathesis does not revalidate this stand-in metadata.
    case._meta = SimpleNamespace(generation=SimpleNamespace(mode=mode))
    case._freeze_metadata = True
    return case


def response(case: schemathesis.Case, status: int, body: object) -> schemathesis.Response:
    request = httpx.Request("POST", f"http://host.test/v3/targetGroups/{GROUP}/targets/{TARGET}/communications/upsert")
    raw = httpx.Response(status, json=body, request=request)
    raw.elapsed = timedelta(0)
    return schemathesis.Response.from_httpx(raw, verify=False)


def echoing(case: schemathesis.Case) -> dict:
    """A correct answer to a positive case: the docs' example item, with what the case sent."""
    base = answer()["data"][0]
    return {"data": [{**base, **item} for item in case.body], "errors": None, "warnings": None}


def test_they_are_named_for_schemathesis_reports():
    assert [check.__name__ for check in for_host(EXPECT)] == ["capillary_positive", "capillary_negative"]


def test_a_positive_case_answered_correctly_passes():
    case = case_of(GenerationMode.POSITIVE)
    positive, negative = for_host(EXPECT)
    assert positive(None, response(case, 200, echoing(case)), case) is True
    assert negative(None, response(case, 200, echoing(case)), case) is True


def test_a_positive_case_answered_wrongly_fails_with_our_check():
    case = case_of(GenerationMode.POSITIVE)
    positive, _ = for_host(EXPECT)
    body = echoing(case)
    body["warnings"] = "deprecated"
    with pytest.raises(CheckFailure, match=r"^\[envelope\] warnings is"):
        positive(None, response(case, 200, body), case)


def test_a_negative_case_needs_the_error_envelope_and_never_a_5xx():
    case = case_of(GenerationMode.NEGATIVE, body=[{"communicationType": "start"}])
    _, negative = for_host(EXPECT)
    error = {"data": None, "errors": [{"code": 1002, "message": "bad"}], "warnings": None}
    assert negative(None, response(case, 400, error), case) is True
    with pytest.raises(CheckFailure, match=r"^\[negative\]"):
        negative(None, response(case, 500, error), case)
    with pytest.raises(CheckFailure, match="broken error envelope"):
        negative(None, response(case, 400, {"message": "plain"}), case)
    assert negative(None, response(case, 405, {"message": "plain"}), case) is True  # a gateway's, not ours
