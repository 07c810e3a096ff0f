import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.auth import check_refused

from .canned import answer, exchange


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_pass(status):
    check_refused(exchange({"errors": []}, status=status), "no credentials")


@pytest.mark.parametrize("status", [200, 400, 404])
def test_anything_but_401_or_403_fails(status):
    with pytest.raises(CheckFailure, match=rf"^\[auth\] a request with no credentials was answered HTTP {status}"):
        check_refused(exchange(answer(), status=status), "no credentials")


def test_a_malformed_authorization_header_may_also_be_a_bad_request():
    check_refused(exchange({"errors": []}, status=400), "Basic without a colon", malformed=True)
    with pytest.raises(CheckFailure, match=r"must be refused with 400 or 401 or 403"):
        check_refused(exchange(answer(), status=200), "Basic without a colon", malformed=True)
