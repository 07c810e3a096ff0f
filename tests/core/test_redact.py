"""No secret survives redaction: the password in every form text may hold it, secret headers wholesale."""

import base64
import json

from capillary_conformance.core.redact import PLACEHOLDER, Redactor
from capillary_conformance.core.settings import Credentials

CREDENTIALS = Credentials("sdk-ci", 'pa"ss\\word')


def test_the_password_and_its_basic_token_are_redacted_in_every_form():
    redactor = Redactor.for_credentials(CREDENTIALS)
    token = base64.b64encode(b'sdk-ci:pa"ss\\word').decode()
    for text in (CREDENTIALS.password, json.dumps(CREDENTIALS.password)[1:-1], repr(CREDENTIALS.password)[1:-1], token):
        assert redactor.text(f"before {text} after") == f"before {PLACEHOLDER} after"
    assert redactor.text(json.dumps({"p": CREDENTIALS.password})) == f'{{"p": "{PLACEHOLDER}"}}'  # as JSON quotes it


def test_secret_headers_go_whole_and_others_keep_their_value_less_any_secret():
    redactor = Redactor(["s3cret"])
    shown = redactor.headers({"Authorization": "Basic abc", "Cookie": "a=b", "X-Note": "key s3cret", "Accept": "*/*"})
    assert shown == {
        "Authorization": PLACEHOLDER,
        "Cookie": PLACEHOLDER,
        "X-Note": f"key {PLACEHOLDER}",
        "Accept": "*/*",
    }


def test_cookies_a_host_sets_become_secrets_and_a_malformed_one_is_ignored():
    redactor = Redactor()
    redactor.add_cookies(["_cfuvid=abc123xyz; Path=/; HttpOnly", "not a cookie \x00"])
    assert redactor.text("echoed abc123xyz") == f"echoed {PLACEHOLDER}"


def test_a_secret_inside_another_is_not_half_replaced_and_short_values_are_not_secrets():
    redactor = Redactor(["token", "token-with-more", "ab"])
    assert redactor.text("token-with-more token ab") == f"{PLACEHOLDER} {PLACEHOLDER} ab"
