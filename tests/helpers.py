"""Helpers for tests that run the suite as a user does, in a child process."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from capillary_conformance.cli import runner
from capillary_conformance.core.settings import without_settings

# The suite's settings come from the test, never from the developer's shell; nor does pytest-xdist's mark of a
# worker (the project's tests under -n): a child run is a user's, which spreads over processes of its own.
CLEAN_ENV = runner.child_env(without_settings())
# What a hand-started sandbox is started with, and what a run against it gives: off the embedded sandbox, a run
# sends only the credentials it is given.
CREDENTIALS = {"CAPILLARY_USERNAME": "hand", "CAPILLARY_PASSWORD": "hand-started-sandbox"}


def run_suite(reports, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``capillary-conformance run`` as a user types it, without the HTML step, from the reports folder."""
    return runner.run_suite(args, env=CLEAN_ENV | env, reports=reports, cwd=reports, timeout=600)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def sandbox_process(**env: str) -> Iterator[str]:
    """``capillary-conformance sandbox`` started by hand, as a user does: a host that is not embedded."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "capillary_conformance", "sandbox", "--port", str(port)],
        env=CLEAN_ENV | CREDENTIALS | env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                httpx.post(url)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)
