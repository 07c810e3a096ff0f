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
        ({"body": {**answer(), "data": {}}}, "not an array"),
        ({"body": {**answer(), "data": []}}, "1 item(s) were sent but data holds 0"),
    ],
)
def test_a_broken_envelope_fails(kwargs, says):
    with pytest.raises(CheckFailure, match=r"^\[envelope\]") as failure:
        check_envelope(upsert(**kwargs))
    assert says in failure.value.reason


def test_a_body_that_is_not_json_fails():
    with pytest.raises(CheckFailure, match="not JSON"):
        check_envelope(upsert(raw=b"<html>", body={}))
