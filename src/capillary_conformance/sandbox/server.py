"""Serve the sandbox with uvicorn on loopback: in the foreground, or in a thread for tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette

from capillary_conformance.core.settings import Settings
from capillary_conformance.sandbox.app import create_app
from capillary_conformance.sandbox.faults import fault_named

LOOPBACK = "127.0.0.1"


def _server(
    settings: Settings, fault: str | None, log_level: str = "warning", app: Starlette | None = None
) -> uvicorn.Server:
    config = uvicorn.Config(
        app or create_app(settings, fault_named(fault)),
        log_level=log_level,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,  # a hanging-host fault must not hold the sandbox open
    )
    return uvicorn.Server(config)


def serve(settings: Settings, port: int, fault: str | None = None) -> None:
    """Serve until interrupted (the ``sandbox`` command)."""
    server = _server(settings, fault)
    server.config.host, server.config.port = LOOPBACK, port
    server.run()


@contextmanager
def running_sandbox(
    settings: Settings, fault: str | None = None, port: int = 0, app: Starlette | None = None
) -> Iterator[str]:
    """Start the sandbox (or ``app``, one made by ``create_app``) on a free loopback port in a background
    thread; yield its base URL."""
    # Embedded in a test run, the sandbox stays quiet: what it does wrong on purpose (a dropped
    # connection, a hang cut short at shutdown) is the client's to report, not a traceback on stderr.
    server = _server(settings, fault, log_level="critical", app=app)
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say so, and without it every
    # answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
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
