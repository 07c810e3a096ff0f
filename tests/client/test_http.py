"""The client as a host sees it: what arrives on a real loopback socket."""

import http.server
import threading

from capillary_conformance.client.http import HostClient
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
