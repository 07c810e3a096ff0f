"""``capillary-conformance sandbox`` serves in the foreground, as a user starts it."""

import os
import socket
import subprocess
import sys
import time

import httpx

from capillary_conformance.contracts import SchemaName, violations
from tests.sandbox.conftest import SEED_REQUEST


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sandbox_command_serves_the_seed_example():
    port = free_port()
    env = {**os.environ, "CAPILLARY_PASSWORD": "hunter2", "CAPILLARY_USERNAME": "tester"}
    process = subprocess.Popen(
        [sys.executable, "-m", "capillary_conformance", "sandbox", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/v3/targetGroups/2750/targets/2996/communications/upsert"
        deadline = time.monotonic() + 20
        while True:
            try:
                first = httpx.post(url, json=SEED_REQUEST, auth=("tester", "hunter2"))
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        second = httpx.post(url, json=SEED_REQUEST, auth=("tester", "hunter2"))
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert violations(first.json(), SchemaName.RESPONSE) == []
    assert first.json()["data"][0]["id"] == second.json()["data"][0]["id"]
    assert "target group 2750" in output
    assert "hunter2" not in output


def test_unknown_fault_is_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "sandbox", "--fault", "no-such-fault"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode not in (0, 1)
    assert "Traceback" not in result.stderr
    assert "no-such-fault" in result.stderr
