import pytest

from capillary_conformance.checks import CheckFailure, Refusal, Wrong
from capillary_conformance.checks.auth import check_refused

from .canned import answer, exchange


def refused(status: int, wrong: Wrong = Wrong.CREDENTIALS, body: object = None) -> Refusal:
    what = "no credentials" if wrong is Wrong.CREDENTIALS else "Basic without a colon"
    return Refusal(exchange({"errors": []} if body is None else body, status=status), wrong, what)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_pass(status):
    check_refused(refused(status))


@pytest.mark.parametrize("status", [200, 400, 404])
def test_anything_but_401_or_403_fails(status):
    with pytest.raises(CheckFailure, match=rf"^\[auth\] a request with no credentials was answered HTTP {status}"):
        check_refused(refused(status, body=answer()))


def test_a_malformed_authorization_header_may_also_be_a_bad_request():
    check_refused(refused(400, Wrong.MALFORMED_CREDENTIALS))
    with pytest.raises(CheckFailure, match=r"must be refused with 400 or 401 or 403"):
        check_refused(refused(200, Wrong.MALFORMED_CREDENTIALS, answer()))
