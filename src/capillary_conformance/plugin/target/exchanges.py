"""The exchanges of the current execution (a Hypothesis example, or a plain test), each labelled with what it did,
for the evidence a failure is judged with.

Examples are told apart by a number this process gives each one as it sends its first request (held on
Hypothesis' build context, never reused), and each is known as final or not: Hypothesis runs an explicit example
once, as final, and replays a generated failing example once more, as final, before it reports it. A final
example after generated ones is that replay; what Hypothesis wrote about it is never read.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from hypothesis import note
from hypothesis.control import current_build_context, currently_in_test_context

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.redact import Redactor

Item = dict[str, Any]
_TOKEN = "_capillary_example"  # the number held on a build context
_numbers = itertools.count(1)
BATCH_SHOWN = 4  # a batch's items named in its step's label; the rest counted


@dataclass(frozen=True)
class Step:
    """One request of an execution and its answer, with what it did in words ("create START/1")."""

    label: str
    exchange: Exchange
    sent: bool = True  # False for an earlier execution's answer shown as evidence: not this execution's to replay


@dataclass(frozen=True)
class _Example:
    number: int
    final: bool
    data: Any  # Hypothesis' record of the example: its status says, once it ended, whether it failed

    def failed(self) -> bool:
        return getattr(getattr(self.data, "status", None), "name", "") == "INTERESTING"


def _example() -> _Example | None:
    """The current Hypothesis example: its number, whether it is a final run; None outside Hypothesis."""
    try:
        context = current_build_context()
    except Exception:
        return None
    number = getattr(context, _TOKEN, None)
    if number is None:
        number = next(_numbers)
        setattr(context, _TOKEN, number)
    return _Example(number, bool(getattr(context, "is_final", False)), getattr(context, "data", None))


class ExampleExchanges:
    """What the current execution sent and got, each step labelled; ``frozen()`` is a failure's evidence."""

    def __init__(self, redactor: Redactor, describe: Callable[[Exchange], str] | None = None) -> None:
        self.redactor = redactor
        self.describe = describe or plain_label
        self.steps: list[Step] = []
        self._example: _Example | None = None
        self._generated = False  # a non-final Hypothesis example ran since the test began
        self._last_failed: tuple[Step, ...] = ()  # the steps of the last example that ended failing
        self._lock = threading.Lock()  # a test may send from several threads at once

    def record(self, exchange: Exchange) -> None:
        label = self.describe(exchange)
        example = _example()
        with self._lock:
            if _number(example) != _number(self._example):
                if self._example is not None and self._example.failed():
                    self._last_failed = tuple(self.steps)
                self.steps = []
                self._example = example
                self._generated = self._generated or (example is not None and not example.final)
            self.steps.append(Step(label, exchange))
        if currently_in_test_context():
            # Printed with the falsifying example, so the log alone says what was sent and answered.
            path = urlsplit(exchange.url).path
            note(self.redactor.text(f"{label}: sent {exchange.method} {path} {exchange.request_text()[:1500]}"))
            note(self.redactor.text(f"  got HTTP {exchange.status} {exchange.response_text()[:1500]}"))

    def relabel(self, exchange: Exchange, label: str) -> None:
        """Say what a step was once the test knows it better ("invalid input: channelId as '1'")."""
        with self._lock:
            self.steps = [Step(label, s.exchange) if s.exchange is exchange else s for s in self.steps]

    @property
    def exchanges(self) -> list[Exchange]:
        return [step.exchange for step in self.steps]

    def frozen(self, replay_passed: bool = False) -> tuple[Step, ...]:
        """The steps of the failing execution, as they stand: a failure's evidence, which nothing later changes.
        ``replay_passed``: Hypothesis' final replay passed (a flaky failure), so the evidence is the last example
        that failed before it."""
        with self._lock:
            if replay_passed and self._last_failed:
                return self._last_failed
            return tuple(self.steps)

    def replayed_by_hypothesis(self) -> bool:
        """The current execution is Hypothesis' final replay of a generated example (not an explicit example, not
        a plain test): a failure there has been seen twice already."""
        return self._example is not None and self._example.final and self._generated

    def replayed_requests(self) -> int:
        """Requests of the final replay, which came after the failure was first seen (a plain test's and an
        explicit example's came before it)."""
        return sum(step.exchange.attempts for step in self.steps) if self.replayed_by_hypothesis() else 0

    def clear(self) -> None:
        """A new test (or a re-run of one) begins."""
        with self._lock:
            self.steps = []
            self._example = None
            self._generated = False
            self._last_failed = ()


def _number(example: _Example | None) -> int | None:
    return example.number if example is not None else None


def plain_label(exchange: Exchange) -> str:
    return f"{exchange.method} {urlsplit(exchange.url).path}"


def upsert_label(items: list[Item], key_of: Callable[[Item], str], last: Callable[[Item], Item | None]) -> str:
    """What a body of items did to each key, against the last item this run wrote for it: ``create START/1``,
    ``repeat``, ``update START/1 (sender)``, ``deactivate``, ``write START/1 again`` (after a deactivation)."""
    words = []
    for item in items[:BATCH_SHOWN]:
        key, before = key_of(item), last(item)
        if before is None:
            words.append(f"create {key}")
        elif before == item:
            words.append(f"repeat {key}")
        elif item.get("active") is False and before.get("active") is not False:
            words.append(f"deactivate {key}")
        elif before.get("active") is False and item.get("active") is not False:
            words.append(f"write {key} again")
        else:
            changed = sorted(name for name in set(item) | set(before) if item.get(name) != before.get(name))
            words.append(f"update {key} ({', '.join(changed)})")
    more = f", and {len(items) - BATCH_SHOWN} more" if len(items) > BATCH_SHOWN else ""
    return ", ".join(words) + more if words else "an empty batch"
