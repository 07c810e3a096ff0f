"""The exchanges of the current Hypothesis example (or plain test), for failure reports."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import note
from hypothesis.control import current_build_context, currently_in_test_context

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import Redactor


def _example_id() -> int | None:
    try:
        return id(current_build_context())
    except Exception:
        return None


class ExampleExchanges:
    """Keeps what the last example sent and got: the one Hypothesis replays last is the minimal failure."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.exchanges: list[Exchange] = []
        self._example: int | None = None

    def record(self, exchange: Exchange) -> None:
        example = _example_id()
        if example != self._example:
            self.exchanges = []
            self._example = example
        self.exchanges.append(exchange)
        if currently_in_test_context():
            # Printed with the falsifying example, so the log alone says what was sent and answered.
            path = urlsplit(exchange.url).path
            note(self.redactor.text(f"sent {exchange.method} {path} {exchange.request_text()[:1500]}"))
            note(self.redactor.text(f"  got HTTP {exchange.status} {exchange.response_text()[:1500]}"))

    def last_request_id(self) -> str:
        """The id the host's logs know the last answer by (the one a failing check judged), or ""."""
        return self.exchanges[-1].request_id if self.exchanges else ""

    def replayed_requests(self) -> int:
        """Requests of the last example when Hypothesis ran it: a failing example is run once more before
        it is reported, so these came after the failure was seen (a plain test's came before it)."""
        return sum(e.attempts for e in self.exchanges) if self._example is not None else 0

    def clear(self) -> None:
        self.exchanges = []
        self._example = None
