"""A curl line replays the request with the environment's credentials, and holds no secret."""

import base64

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import Credentials
from capillary_conformance.plugin.outputs.replay import curl_command

CREDENTIALS = Credentials("sdk-ci", "hunter22")


def sent(authorization: str | None, body: bytes = b"[]") -> Exchange:
    headers = {"Content-Type": "application/json", "User-Agent": "x", "Cookie": "_cfuvid=abc"}
    if authorization is not None:
        headers["Authorization"] = authorization
    return Exchange("POST", "http://host.test/upsert", headers, body, 200, {}, b"{}", 0.0)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_the_configured_credentials_are_taken_from_the_environment():
    line = curl_command(sent(basic("sdk-ci", "hunter22")), Redactor.for_credentials(CREDENTIALS), CREDENTIALS)
    assert '-u "$CAPILLARY_USERNAME":"$CAPILLARY_PASSWORD"' in line
    assert "hunter22" not in line
    assert "Cookie" not in line  # a secret header is never replayed
    assert "--data-binary '[]'" in line


def test_a_wrong_password_replays_as_the_right_one_and_its_suffix():
    line = curl_command(sent(basic("sdk-ci", "hunter22-wrong")), Redactor.for_credentials(CREDENTIALS), CREDENTIALS)
    assert '-u "$CAPILLARY_USERNAME":"$CAPILLARY_PASSWORD"-wrong' in line


def test_a_token_that_is_not_ours_is_left_to_fill_in_and_no_header_means_no_credentials():
    redactor = Redactor.for_credentials(CREDENTIALS)
    assert "-H 'Authorization: [REDACTED]'" in curl_command(sent("Bearer abc"), redactor, CREDENTIALS)
    assert "-u" not in curl_command(sent(None), redactor, CREDENTIALS)
