"""The client as a host sees it: what arrives on a real loopback socket."""

import http.server
import threading

import httpx
import pytest

from capillary_conformance.client.http import SENT, THROTTLED_429, HostClient, HostUnavailable
from capillary_conformance.client.resilience import RetryPolicy
from capillary_conformance.core.settings import from_env


def test_the_configured_user_agent_reaches_the_host():
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers["User-Agent"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for env in ({}, {"CAPILLARY_USER_AGENT": "sdk-release-gate/7"}):
            s = from_env(env)
            url = f"http://127.0.0.1:{server.server_address[1]}"
            client = HostClient.from_settings(s, url)
            client.upsert([])
            client.close()
    finally:
        server.shutdown()
    assert seen[0].startswith("capillary-conformance/")
    assert seen[1] == "sdk-release-gate/7"


def test_a_gateway_page_that_stops_the_run_is_named_by_its_request_id():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.send_header("X-Cap-Requestid", "5670FF17B7D58")
            self.end_headers()
            self.wfile.write(b"<html>Bad Gateway</html>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    s = from_env({})
    url = f"http://127.0.0.1:{server.server_address[1]}"
    client = HostClient.from_settings(s, url, policy=RetryPolicy(max_total_wait=0, max_transport_attempts=1))
    try:
        with pytest.raises(HostUnavailable, match=r"HTTP 502 .* \(last answer's X-Cap-Requestid: 5670FF17B7D58\)"):
            client.upsert([])
    finally:
        client.close()
        server.shutdown()


def mocked(answers, **env):
    """A client of the settings ``env`` whose host answers ``answers`` in turn (in process: httpx's MockTransport)."""
    sent: list[httpx.Request] = []
    queue = list(answers)

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return queue.pop(0)

    client = HostClient.from_settings(from_env(env), "http://region.test", transport=httpx.MockTransport(answer))
    return client, sent


def test_every_exchange_reaches_the_listeners_with_what_was_sent_and_answered():
    client, sent = mocked([httpx.Response(200, json={"data": []}, headers={"X-Cap-Requestid": "R1"})])
    seen = []
    client.listeners.append(seen.append)
    exchange = client.upsert([{"channelId": 1}])
    assert seen == [exchange]
    assert (exchange.status, exchange.request_id, exchange.request_text()) == (
        200,
        "X-Cap-Requestid: R1",
        '[{"channelId": 1}]',
    )
    assert sent[0].headers["Authorization"].startswith("Basic ")
    assert client.traffic[SENT] == 1
    assert exchange.sent_at is not None
    assert exchange.at is not None
    assert exchange.sent_at <= exchange.at  # when it left, noted as it left; when its answer came, as it came


def test_a_429_is_waited_out_and_counted_and_the_retry_answers():
    client, sent = mocked([httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, json={"data": []})])
    assert client.upsert([]).status == 200
    assert (len(sent), client.traffic[SENT], client.traffic[THROTTLED_429], client.retried) == (2, 2, 1, 1)


def test_a_host_that_keeps_failing_is_taken_as_down_and_later_requests_fail_at_once():
    client, sent = mocked([httpx.Response(502, text="<html>")] * 9, CAPILLARY_MAX_RETRY_WAIT="1")
    for _ in range(3):
        with pytest.raises(HostUnavailable, match="a gateway answered HTTP 502"):
            client.upsert([])
    with pytest.raises(HostUnavailable, match="stopped answering earlier in this run"):
        client.upsert([])
    assert len(sent) == 9  # three requests, three attempts each; the fourth never left


def test_a_request_without_credentials_sends_none_and_no_cookie_comes_back():
    client, sent = mocked([httpx.Response(200, json={}, headers={"Set-Cookie": "_cfuvid=s3cret"}), httpx.Response(401)])
    client.upsert([])
    client.upsert([], auth=None)
    assert "authorization" not in sent[1].headers
    assert "cookie" not in sent[1].headers
    assert client.redactor.text(
        "cookie _cfuvid=s3cret"
    ) == "cookie _cfuvid=[REDACTED]" or "s3cret" not in client.redactor.text("s3cret")
