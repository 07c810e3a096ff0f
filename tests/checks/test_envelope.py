import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.envelope import check_envelope

from .canned import answer, changed, upsert


def test_the_docs_example_keeps_the_envelope():
    check_envelope(upsert())


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON"])
def test_media_type_parameters_and_case_are_allowed(content_type):
    check_envelope(upsert(content_type=content_type))


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"status": 201}, "not 200"),
        ({"content_type": "text/html"}, "not application/json"),
        ({"body": {"data": [], "errors": None}}, "lacks warnings"),
        ({"body": changed("errors", [{"code": 1, "message": "x"}])}, "errors is"),
        ({"body": changed("warnings", "This API is deprecated")}, 'warnings is "This API is deprecated"'),
        ({"body": changed("warnings", {"code": 3001, "message": "deprecated"})}, 'not of type "array", "null"'),
        ({"body": changed("warnings", ["deprecated"])}, 'not of type "object"'),
        ({"body": changed("warnings", [{"message": "deprecated"}])}, '"code" is a required property'),
        ({"body": {**answer(), "data": {}}}, "not an array"),
        ({"body": {**answer(), "data": []}}, "1 item(s) were sent but data holds 0"),
    ],
)
def test_a_broken_envelope_fails(kwargs, says):
    with pytest.raises(CheckFailure, match=r"^\[envelope\]") as failure:
        check_envelope(upsert(**kwargs))
    assert says in failure.value.reason


@pytest.mark.parametrize(
    "warnings",
    [
        None,
        [],
        [{"code": 3001, "message": "This API is deprecated and will be removed"}],
        [{"code": 1, "message": "a secondary action failed", "status": False}, {"code": 2, "message": "another"}],
    ],
)
def test_a_success_with_warnings_is_a_success(warnings):
    check_envelope(upsert(changed("warnings", warnings)))


def test_a_broken_warning_is_pointed_at_where_it_breaks_the_contract():
    with pytest.raises(CheckFailure) as failure:
        check_envelope(upsert(changed("warnings", [{"code": "3001", "message": "deprecated"}])))
    assert (failure.value.pointer, failure.value.rule) == ("/warnings/*/code", "type")
    assert "the contract says: Null, [] or warning items ({code, message})" in failure.value.reason


def test_a_body_that_is_not_json_fails():
    with pytest.raises(CheckFailure, match="not JSON"):
        check_envelope(upsert(raw=b"<html>", body={}))


def test_a_refused_valid_request_names_the_field_the_host_refused_and_the_setting():
    error = {"data": None, "errors": [{"code": 400, "message": "Invalid channelId: 1"}], "warnings": None}
    with pytest.raises(CheckFailure) as failure:
        check_envelope(upsert(error, status=400))
    reason = failure.value.reason
    assert 'The host refused channelId=1 ("Invalid channelId: 1")' in reason
    assert "declare them with CAPILLARY_CHANNEL_IDS" in reason


def test_a_refusal_naming_no_field_still_points_at_the_environment_settings():
    error = {"data": None, "errors": [{"code": 400, "message": "not allowed here"}], "warnings": None}
    with pytest.raises(CheckFailure, match="CAPILLARY_REQUEST_OVERLAY"):
        check_envelope(upsert(error, status=400))
