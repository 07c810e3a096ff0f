import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.negative import check_no_server_error, check_rejected

from .canned import exchange

ERROR = {"data": None, "errors": [{"code": 1002, "message": "communicationType: invalid"}], "warnings": None}


@pytest.mark.parametrize("status", [400, 404, 422])
def test_a_4xx_with_the_error_envelope_is_a_rejection(status):
    check_rejected(exchange(ERROR, status=status), "a wrong enum")


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"body": ERROR, "status": 500}, "a 5xx is never a valid answer"),
        ({"body": {"data": []}, "status": 200}, "was accepted with HTTP 200"),
        ({"body": {}, "status": 400, "raw": b"Bad Request", "content_type": "text/plain"}, "without a JSON error"),
        ({"body": {"errors": [{"code": "E1"}]}, "status": 400}, "broken error envelope"),
    ],
)
def test_anything_else_fails(kwargs, says):
    with pytest.raises(CheckFailure, match=r"^\[negative\]") as failure:
        check_rejected(exchange(**kwargs), "a wrong enum")
    assert says in failure.value.reason


def test_open_input_may_get_any_answer_below_500():
    for status in (200, 400, 405, 422):
        check_no_server_error(exchange({}, status=status), "a null")
    with pytest.raises(CheckFailure, match="HTTP 503"):
        check_no_server_error(exchange({}, status=503), "a null")
