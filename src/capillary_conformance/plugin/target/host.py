"""The host under test as the conformance tests see it: a client, what to expect, and what was seen."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from capillary_conformance.checks import CheckFailure, Expectations, Upsert
from capillary_conformance.checks.base import Refusal, Wrong
from capillary_conformance.checks.registry import judge_refusal, observers
from capillary_conformance.client.http import SENT, HostClient
from capillary_conformance.core.exchange import ANNOUNCEMENT_HEADERS, Exchange
from capillary_conformance.core.record import key_name
from capillary_conformance.core.settings import Settings
from capillary_conformance.core.tally import Tally
from capillary_conformance.plugin.target.exchanges import ExampleExchanges, Step, plain_label, upsert_label
from capillary_conformance.plugin.target.footprint import Footprint


@dataclass(frozen=True)
class Seen:
    drift: dict[str, int]
    notes: dict[str, int]
    written: dict[str, Any]
    traffic: dict[str, int]
    announced: dict[str, int]


@dataclass(frozen=True)
class Deferred:
    """An observer's failure met in another check's test, with its evidence as it stood then: raised when that
    test ends having passed (a test's own checks speak first)."""

    failure: CheckFailure
    evidence: tuple[Step, ...]
    detected_at: int


@dataclass
class Host:
    settings: Settings
    client: HostClient
    expect: Expectations
    drift: Tally = field(default_factory=Tally)
    notes: Tally = field(default_factory=Tally)
    announced: Tally = field(default_factory=Tally)  # Deprecation and Sunset headers, as "Sunset: <date>"
    # What each observer (a check's ``@observes``) keeps over the run: createdBy at first sight, the offsets.
    memory: dict[str, Any] = field(default_factory=lambda: {check.name: check.memory() for check in observers()})
    shared_dir: Path | None = None  # where each written key is noted down for the run's clean-up
    exchanges: ExampleExchanges = field(init=False)
    footprint: Footprint = field(init=False)
    testing: str = ""  # the check of the test now running
    deferred: Deferred | None = None  # an observer's failure in another check's test, raised when that one passed

    def __post_init__(self) -> None:
        self.footprint = Footprint(self.settings.upsert_key, self.client.path(), self.shared_dir)
        self.exchanges = ExampleExchanges(self.client.redactor, self.step_label)
        self.client.listeners += [self.exchanges.record, self.footprint.record, self.notice]
        budget = self.client.budget
        count = budget.spent if budget is not None else (lambda: self.client.traffic[SENT])
        for memory in self.memory.values():  # what an observer learns, shared by the run's processes
            if hasattr(memory, "share"):
                memory.share(self.shared_dir, count, self.client.base_url)

    def __repr__(self) -> str:
        return f"Host({self.client.base_url})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Shown in every falsifying example: the URL says enough, and settings hold credentials.
        printer.text(repr(self))

    def upsert(self, body: list[dict[str, Any]]) -> Upsert:
        """A positive upsert to the configured target."""
        exchange = self.client.upsert(body)
        upsert = Upsert(body, exchange, self.settings.target_group_id, self.settings.target_id)
        for check in observers():
            assert check.observe is not None
            try:
                check.observe(upsert, self.expect, self.memory[check.name])
            except CheckFailure as failure:
                if check.name == self.testing:
                    raise
                # Another check's test: its own checks speak first; the first such failure is raised when it
                # ends having passed.
                if self.deferred is None:
                    self.deferred = Deferred(failure, self.exchanges.frozen(), self.client.traffic[SENT])
        return upsert

    def begin_test(self, test: str, check: str) -> None:
        """A test of ``check`` begins: a fresh exchange buffer, nothing deferred; observers that judge across
        tests are told which it is."""
        self.exchanges.clear()
        self.testing, self.deferred = check, None
        for memory in self.memory.values():
            if hasattr(memory, "begin"):
                memory.begin(test)

    def step_label(self, exchange: Exchange) -> str:
        """What a request did, in words, against what this process wrote before it: ``create START/1``,
        ``update START/1 (sender)``, ``deactivate START/1``; another request by its method and path."""
        items = self.footprint.items_of(exchange)
        return upsert_label(items, self.key_name, self.footprint.last) if items else plain_label(exchange)

    def key_name(self, item: dict[str, Any]) -> str:
        """An item's upsert key as people read it: ``START/1``."""
        return key_name(self.expect.key_of(item))

    def notice(self, exchange: Exchange) -> None:
        """What an answer tells beside its verdict: each warning is a note (a success with warnings is a
        success), and a Deprecation or Sunset header is the host's word on the API's end."""
        notes = [_warning_note(warning) for warning in exchange.warnings]
        self.notes.add([self.client.redactor.text(note) for note in notes])
        self.announced.add([f"{name}: {value}" for name in ANNOUNCEMENT_HEADERS if (value := exchange.header(name))])

    def mark(self) -> Seen:
        """Where the run's tallies stand now (at the start of a test)."""
        return Seen(
            self.drift.snapshot(),
            self.notes.snapshot(),
            self.footprint.snapshot(),
            self.client.traffic.snapshot(),
            self.announced.snapshot(),
        )

    def seen_since(self, mark: Seen) -> dict[str, dict[str, Any]]:
        """What one test added: its drift, HTTP notes, keys written and requests, as they travel on its report."""
        return {
            "drift": self.drift.since(mark.drift),
            "notes": self.notes.since(mark.notes),
            "written": self.footprint.since(mark.written),
            "traffic": self.client.traffic.since(mark.traffic),
            "announced": self.announced.since(mark.announced),
        }

    def judge(self, exchange: Exchange, wrong: Wrong, what: str) -> None:
        """An answer to a request that is not a valid upsert, asked of every refusal check that judges what
        was wrong with it; what they note (a 405 without Allow) is an HTTP note."""
        self.exchanges.relabel(exchange, f"{wrong}: {what}")
        self.notes.add(judge_refusal(Refusal(exchange, wrong, what), self.expect))


def _warning_note(warning: Any) -> str:
    """``warning 3001: This API is deprecated``: a warning item's code and message (what else it is, quoted)."""
    if isinstance(warning, dict) and "message" in warning:
        return f"warning {warning.get('code', '(no code)')}: {str(warning['message'])[:300]}"
    return f"warning: {json.dumps(warning, ensure_ascii=False)[:300]}"
