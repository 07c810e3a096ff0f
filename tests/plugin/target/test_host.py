"""What the host's answers tell beside their verdict: warnings become notes, Deprecation and Sunset are kept."""

from capillary_conformance.checks import Expectations
from capillary_conformance.client.http import HostClient
from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin.target.host import Host
from tests.core.test_exchange import exchange


def host() -> Host:
    settings = from_env({"CAPILLARY_USERNAME": "sdk-ci", "CAPILLARY_PASSWORD": "hunter2"})
    client = HostClient.from_settings(settings, "http://127.0.0.1:9")  # never sends: the tests feed it answers
    return Host(settings, client, Expectations.from_settings(settings))


def test_each_warning_is_a_note_counted_by_code_and_message():
    seen = host()
    body = {"data": [], "errors": None, "warnings": [{"code": 3001, "message": "This API is deprecated"}]}
    for _ in range(3):
        seen.notice(exchange(body=body))
    seen.notice(exchange(body={"data": [], "warnings": [{"message": "no code"}, "text"]}))
    assert seen.notes.items() == [
        ("warning (no code): no code", 1),
        ("warning 3001: This API is deprecated", 3),
        ('warning: "text"', 1),
    ]


def test_a_warning_that_echoes_a_secret_is_noted_redacted():
    seen = host()
    seen.notice(exchange(body={"warnings": [{"code": 1, "message": "password hunter2 expires soon"}]}))
    assert "hunter2" not in str(seen.notes.items())


def test_deprecation_and_sunset_headers_are_kept_with_their_values():
    seen = host()
    headers = {"Deprecation": "@1761955200", "sunset": "Wed, 30 Jun 2027 00:00:00 GMT", "X-Cap-Requestid": "A1"}
    seen.notice(exchange(headers=headers, body={"data": []}))
    seen.notice(exchange(headers={}, body={"data": []}))
    assert seen.announced.items() == [("Deprecation: @1761955200", 1), ("Sunset: Wed, 30 Jun 2027 00:00:00 GMT", 1)]
