"""The client as a host sees it: what arrives on a real loopback socket."""

import http.server
import threading

import pytest

from capillary_conformance.client.http import HostClient, HostUnavailable
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
            client = HostClient(url, s.credentials, s.target_group_id, s.target_id, user_agent=s.user_agent)
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
    client = HostClient(
        f"http://127.0.0.1:{server.server_address[1]}",
        s.credentials,
        1,
        2,
        policy=RetryPolicy(max_transport_attempts=1),
    )
    try:
        with pytest.raises(HostUnavailable, match=r"HTTP 502 .* \(last answer's X-Cap-Requestid: 5670FF17B7D58\)"):
            client.upsert([])
    finally:
        client.close()
        server.shutdown()
