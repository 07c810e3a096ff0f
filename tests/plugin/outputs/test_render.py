"""One exchange as a person reads it: request, answer with its headers, a replay, no secret."""

import base64
import json

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import Credentials
from capillary_conformance.plugin.outputs import render as rendering
from capillary_conformance.plugin.outputs.render import render

CREDENTIALS = Credentials("sdk-ci", "hunter22")
TOKEN = base64.b64encode(b"sdk-ci:hunter22").decode()


def exchange() -> Exchange:
    return Exchange(
        "POST",
        "http://host.test/v3/upsert",
        {"Authorization": f"Basic {TOKEN}", "Content-Type": "application/json"},
        b'[{"sender": "hunter22@example.com"}]',
        200,
        {"X-Cap-Requestid": "5670FF17B7D58", "Set-Cookie": "_cfuvid=abc"},
        b'{"data": [], "errors": null, "warnings": null}' + b" " * 100,
        0.123,
        attempts=2,
    )


def test_the_request_and_answer_are_shown_with_headers_and_no_secret():
    shown = str(render(exchange(), Redactor.for_credentials(CREDENTIALS), CREDENTIALS))
    assert "POST http://host.test/v3/upsert" in shown
    assert "HTTP 200 (after 2 attempts), 123 ms" in shown
    assert "X-Cap-Requestid: 5670FF17B7D58" in shown  # the id the host's logs know it by
    assert "hunter22" not in shown
    assert TOKEN not in shown
    assert "Set-Cookie: [REDACTED]" in shown
    assert "replay: curl -sS -i -X POST" in shown


def test_a_limit_cuts_each_body_for_the_terminal():
    shown = render(exchange(), Redactor(), CREDENTIALS, limit=10)
    assert shown.response.endswith('{"data": [')


def test_the_report_indents_a_json_body_and_cuts_a_long_value_in_its_middle():
    shown = rendering.readable(json.dumps([{"sender": "a" * 1000 + "@example.com", "offsetDays": 1}]))
    assert shown.startswith('[\n  {\n    "sender": "aaa')
    assert "of 1012 characters ...]" in shown
    assert '@example.com",\n    "offsetDays": 1' in shown
    assert rendering.readable("not json " * 300).count("characters ...]") == 1
