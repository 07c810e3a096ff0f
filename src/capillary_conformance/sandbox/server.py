"""Serve the sandbox with uvicorn on loopback: in the foreground, or in a thread for tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from capillary_conformance.harness.settings import Settings
from capillary_conformance.sandbox.app import create_app
from capillary_conformance.sandbox.faults import fault_named

LOOPBACK = "127.0.0.1"


def _server(settings: Settings, fault: str | None) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(settings, fault_named(fault)),
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    return uvicorn.Server(config)


def serve(settings: Settings, port: int, fault: str | None = None) -> None:
    """Serve until interrupted (the ``sandbox`` command)."""
    server = _server(settings, fault)
    server.config.host, server.config.port = LOOPBACK, port
    server.run()


@contextmanager
def running_sandbox(settings: Settings, fault: str | None = None, port: int = 0) -> Iterator[str]:
    """Start the sandbox on a free loopback port in a background thread; yield its base URL."""
    server = _server(settings, fault)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, port))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="sandbox")
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the embedded sandbox did not start")
            thread.join(0.01)
        yield f"http://{LOOPBACK}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()
