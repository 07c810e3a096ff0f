import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.schema import check_schema

from .canned import answer, changed, exchange


def test_the_docs_example_validates_with_no_drift():
    assert check_schema(exchange(answer())) == []


def test_undocumented_fields_are_drift_not_failures():
    body = changed("data.0.priority", 3)
    assert check_schema(exchange(body)) == ["$.data[0].priority"]


@pytest.mark.parametrize(
    ("path", "value"),
    [("data.0.id", "12"), ("data.0.attribution.createdOn", "yesterday"), ("data.0.attribution.createdBy", None)],
)
def test_an_answer_that_breaks_the_schema_fails(path, value):
    with pytest.raises(CheckFailure, match=r"^\[schema\] the HTTP 200 answer breaks"):
        check_schema(exchange(changed(path, value)))


def test_error_answers_are_judged_against_the_error_schema():
    good = {"data": None, "errors": [{"code": 1002, "message": "bad"}], "warnings": None}
    assert check_schema(exchange(good, status=400)) == []
    with pytest.raises(CheckFailure):
        check_schema(exchange({"errors": "bad"}, status=400))


def test_auth_and_rate_limit_answers_are_not_judged():
    for status in (401, 403, 429):
        assert check_schema(exchange({"anything": 1}, status=status)) == []
