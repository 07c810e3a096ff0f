import pytest

from capillary_conformance.checks import CheckFailure, Refusal, Wrong
from capillary_conformance.checks.negative import check_negative
from capillary_conformance.core.exchange import Exchange

from .canned import exchange

ERROR = {"data": None, "errors": [{"code": 1002, "message": "communicationType: invalid"}], "warnings": None}


@pytest.mark.parametrize("status", [400, 404, 422])
def test_a_4xx_with_the_error_envelope_is_a_rejection(status):
    assert check_negative(Refusal(exchange(ERROR, status=status), Wrong.INPUT, "a wrong enum")) == []


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
        check_negative(Refusal(exchange(**kwargs), Wrong.INPUT, "a wrong enum"))
    assert says in failure.value.reason


@pytest.mark.parametrize("wrong", [Wrong.OPEN_INPUT, Wrong.ANY])
def test_open_input_may_get_any_answer_below_500(wrong):
    for status in (200, 401, 405, 429):
        check_negative(Refusal(exchange({}, status=status), wrong, "a null"))
    with pytest.raises(CheckFailure, match="HTTP 503"):
        check_negative(Refusal(exchange({}, status=503), wrong, "a null"))


def test_an_error_answer_to_open_input_carries_the_error_envelope():
    check_negative(Refusal(exchange(ERROR, status=400), Wrong.OPEN_INPUT, "a null"))
    with pytest.raises(CheckFailure, match="without a JSON error envelope"):
        check_negative(Refusal(exchange({}, 400, "text/plain", b"no"), Wrong.OPEN_INPUT, "a null"))
    check_negative(Refusal(exchange({}, 400, "text/plain", b"no"), Wrong.ANY, "a Schemathesis case"))


def method(name: str, status: int, headers: dict[str, str]) -> Refusal:
    answer = Exchange(name, "http://host/x", {}, b"[]", status, headers, b"", 0.01)
    return Refusal(answer, Wrong.METHOD, name)


def test_an_undeclared_method_gets_405_or_501_and_a_405_without_allow_is_a_note():
    assert check_negative(method("GET", 405, {"Allow": "POST"})) == []
    assert check_negative(method("TRACE", 501, {})) == []
    assert check_negative(method("PUT", 405, {})) == [
        "PUT was answered 405 without an Allow header (RFC 9110 15.5.6 asks for one)"
    ]
    with pytest.raises(CheckFailure, match="GET, a method the contract does not declare, was answered HTTP 200"):
        check_negative(method("GET", 200, {}))


def test_an_answers_own_field_sent_back_may_be_ignored_never_applied():
    from capillary_conformance.checks.negative import check_answer_fields_not_applied

    from .canned import GROUP, TARGET, changed, upsert

    check_answer_fields_not_applied(upsert(), "targetId", TARGET + 1)  # ignored: the path's target answered
    with pytest.raises(CheckFailure, match=r"^\[negative\] a request carrying targetId=2997 was answered targetId"):
        check_answer_fields_not_applied(upsert(changed("data.0.targetId", TARGET + 1)), "targetId", TARGET + 1)
    with pytest.raises(CheckFailure, match="carrying id=7"):
        check_answer_fields_not_applied(upsert(changed("data.0.id", 7)), "id", 7)
    old = {"createdOn": "2001-01-01T00:00:00.000+0000"}
    with pytest.raises(CheckFailure, match="back-dated"):
        check_answer_fields_not_applied(
            upsert(changed("data.0.attribution.createdOn", old["createdOn"])), "attribution", old
        )
    assert GROUP


def test_text_a_host_may_refuse_gets_a_4xx_with_the_error_envelope_or_is_kept_never_a_5xx():
    what = "text holding U+0000 and the C1 controls (U+0080-U+009F)"
    check_negative(Refusal(exchange(ERROR, status=400), Wrong.REFUSABLE_TEXT, what))
    with pytest.raises(CheckFailure, match="without a JSON error envelope"):
        check_negative(Refusal(exchange({}, 400, "text/plain", b"bad"), Wrong.REFUSABLE_TEXT, what))
    with pytest.raises(CheckFailure, match="a 5xx is never a valid answer"):
        check_negative(Refusal(exchange({}, 500, "text/plain", b"oops"), Wrong.REFUSABLE_TEXT, what))


def test_a_gateways_html_page_is_not_the_apis_answer():
    from capillary_conformance.checks.statuses import is_gateway_page

    assert is_gateway_page(exchange({}, 403, "text/html; charset=utf-8", b"<html>blocked</html>"))
    assert not is_gateway_page(exchange(ERROR, 403))  # the API's own refusal, in its envelope
    assert not is_gateway_page(exchange({}, 502, "text/html", b"<html>bad gateway</html>"))  # retried, then unjudged
