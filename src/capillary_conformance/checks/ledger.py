"""The ledger check: every answer to a valid upsert of the run, of every test in every process, held together as
one model of the target. Over the whole run: one id per key and one key per id (the keys the target held before
the run included), a row's createdOn never changes, its lastUpdatedOn never goes back and moves on a write that
changed a value when that write comes 2 seconds or more after the row's previous answer (a host whose stamps
have whole seconds moves them too). At the end of the run, rows written early answer as last written.

What one process learns is written to the run's shared folder and read by the others before each judgement, so
an answer is judged against the answers of the whole run, whichever process received them.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from capillary_conformance.checks.base import (
    CheckFailure,
    Expectations,
    Item,
    Upsert,
    at,
    attribution,
    same_moment,
)
from capillary_conformance.checks.registry import Check, observes, register
from capillary_conformance.contracts.formats import parse_timestamp
from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.quoting import quoted
from capillary_conformance.core.record import key_name

CHECK = register(
    Check(
        "ledger",
        order=12,  # last: its end-of-run question comes after every other check's
        label="ledger",
        promise="over the whole run, whichever test or process wrote it: one id per key and one key per id; a "
        "row's createdOn fixed; its lastUpdatedOn never back, and moved by a change 2 s or more after it; rows "
        "written early answer as last written at the end",
        deep_share=0.05,
    )
)
NAME = CHECK.name
MOVES_AFTER = 2.0  # seconds between a row's answer and a write that changes it, after which its stamp must move
EARLY, PACKED = 8, 4  # the keys written first, asked again at the end of the run; items to a body
AT_END_COST = 1 + -(-EARLY // PACKED)  # requests of that last question: one change, then the packed repeats


@dataclass(frozen=True)
class Answered:
    """One key's answer, as the ledger keeps it."""

    key: str  # the upsert key as people read it: START/1
    id: Any
    created_on: Any
    last_updated_on: Any
    sent: Item  # the item written
    at: float  # when the answer arrived, by the suite's clock (seconds since the epoch)
    request: int  # the run's request count when it arrived
    request_id: str
    process: str
    test: str  # the test that wrote it: a test's own answers are its own checks' to judge
    answer: Item  # the answer's item for the key
    url: str

    def as_exchange(self) -> Exchange:
        """The earlier answer as evidence: the item written and the answer's item for this key (not its whole
        body, which another process received)."""
        name, _, value = self.request_id.partition(": ")
        return Exchange(
            "POST", self.url, {"Content-Type": "application/json"}, json.dumps([self.sent]).encode(), 200,
            {name: value} if value else {}, json.dumps({"data": [self.answer]}, ensure_ascii=False).encode(), 0.0,
        )  # fmt: skip

    def named(self, here: str = "") -> str:
        """``request 12 (X-Cap-Requestid: 5670FF17B7D58)``, and its process when it is not ``here``."""
        where = f"request {self.request}" + (f" ({self.request_id})" if self.request_id else "")
        return where + ("" if self.process == here else " in another process of the run")


class Ledger:
    """The run's answers by key and by id; shared through the run's folder when it has one."""

    def __init__(self) -> None:
        self.by_key: dict[str, Answered] = {}
        self.by_id: dict[str, Answered] = {}
        self.first: dict[str, Answered] = {}  # each key's first answer in the run
        self._lock = threading.Lock()
        self._log: Path | None = None
        self._read: dict[Path, int] = {}
        self._count: Callable[[], int] = lambda: 0
        self.test = ""  # the test now running in this process
        self.process = str(os.getpid())
        self.elsewhere: dict[str, Answered] = {}  # each key's latest answer to another test than the current one

    def share(self, folder: Path | None, count: Callable[[], int], host: str = "", process: str | None = None) -> None:
        """Keep what this process learns in ``folder`` for the run's other processes that talk to the same ``host``
        (each process of a run against the embedded sandbox has a sandbox of its own); ``count``: the run's
        requests so far."""
        self._count = count
        self.process = process or str(os.getpid())
        if folder is not None:
            scope = hashlib.sha256(host.encode()).hexdigest()[:12]
            self._log = folder / f"ledger-{scope}-{self.process}.jsonl"

    def begin(self, test: str) -> None:
        """A test begins: what it writes is judged against what the others wrote."""
        with self._lock:
            self.test = test
            self.elsewhere = dict(self.by_key)

    def catch_up(self) -> None:
        """What the run's other processes answered since the last look."""
        if self._log is None:
            return
        scope = self._log.name.split("-")[1]
        for path in sorted(self._log.parent.glob(f"ledger-{scope}-*.jsonl")):
            if path == self._log:
                continue
            with path.open("rb") as log:  # bytes: a text may hold U+2028, which str.splitlines() splits at
                log.seek(self._read.get(path, 0))
                lines = log.read()
            complete = lines[: lines.rfind(b"\n") + 1]  # a line being written this instant: read next time
            self._read[path] = self._read.get(path, 0) + len(complete)
            for line in complete.split(b"\n")[:-1]:
                self._learn(Answered(**json.loads(line)))

    def _learn(self, answered: Answered) -> None:
        self.first.setdefault(answered.key, answered)
        if answered.key not in self.by_key or self.by_key[answered.key].at <= answered.at:
            self.by_key[answered.key] = answered
            if answered.test != self.test:
                self.elsewhere[answered.key] = answered
        self.by_id.setdefault(_id(answered.id), answered)

    def keep(self, answered: Answered) -> None:
        self._learn(answered)
        if self._log is not None:
            with self._log.open("a", encoding="utf-8") as log:
                log.write(json.dumps(asdict(answered), ensure_ascii=False, default=str) + "\n")

    def earliest(self, count: int) -> list[Answered]:
        """The keys written first in the run, each as last written."""
        self.catch_up()
        first = sorted(self.first.values(), key=lambda answered: answered.at)[:count]
        return [self.by_key[answered.key] for answered in first]


def _id(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _moment(value: Any) -> datetime | None:
    try:
        return parse_timestamp(value) if isinstance(value, str) else None
    except ValueError:
        return None


@observes(NAME, memory=Ledger)
def judge_against_the_run(upsert: Upsert, expect: Expectations, ledger: Ledger) -> None:
    """Each answered key against every answer the run has seen; then kept."""
    exchange = upsert.exchange
    body = exchange.json if exchange.status == 200 and exchange.is_json() else None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return  # the envelope check says why
    answers = {expect.key_of(item): item for item in data if isinstance(item, dict)}
    arrived = exchange.at.timestamp() if exchange.at is not None else 0.0
    with ledger._lock:
        ledger.catch_up()
        for sent in upsert.sent:
            answer = answers.get(expect.key_of(sent))
            if answer is None:
                continue  # the echo check says it was not answered
            stamps = attribution(answer)
            now = Answered(
                key_name(expect.key_of(sent)), answer.get("id"), stamps.get("createdOn"),
                stamps.get("lastUpdatedOn"), sent, arrived, ledger._count(), exchange.request_id, ledger.process,
                ledger.test, answer, exchange.url,
            )  # fmt: skip
            _judge(now, ledger, _sent_at(exchange))
            ledger.keep(now)


def _sent_at(exchange: Exchange) -> float:
    """When the write left, no later than it did: an answer judged after an earlier one only if that one had
    come back before this write left (else the host chose their order). Noted by the client as it sent; from the
    answer's time less its duration where it was not (an exchange made elsewhere), which runs late under load."""
    if exchange.sent_at is not None:
        return exchange.sent_at.timestamp()
    return (exchange.at.timestamp() if exchange.at is not None else 0.0) - exchange.elapsed


def _judge(now: Answered, ledger: Ledger, sent_at: float) -> None:
    """Against the answers of other tests (a test's own sequence is its own checks' to judge, which name it in
    their words): the key's first answer and its id's first key, then its latest answer elsewhere. A failure
    carries the earlier answer it was judged against as evidence."""
    here = now.process
    first, holder = _elsewhere(ledger.first.get(now.key), now), _elsewhere(ledger.by_id.get(_id(now.id)), now)
    if first is not None and _id(first.id) != _id(now.id):
        _broken(
            first,
            here,
            f"key {now.key} was answered id {quoted(first.id)} at {first.named(here)} and id {quoted(now.id)} at "
            f"{now.named(here)}: one key, two rows",
            at("id"),
            "id-per-key",
        )
    if holder is not None and holder.key != now.key:
        _broken(
            holder,
            here,
            f"id {quoted(now.id)} was answered for key {holder.key} at {holder.named(here)} and for key {now.key} at "
            f"{now.named(here)}: two keys, one row",
            at("id"),
            "key-per-id",
        )
    if first is not None and not same_moment(first.created_on, now.created_on):
        _broken(
            first,
            here,
            f"key {now.key}'s createdOn was {quoted(first.created_on)} at {first.named(here)} and "
            f"{quoted(now.created_on)} at "
            f"{now.named(here)}",
            at("attribution", "createdOn"),
            "created-on-stable",
        )
    before = ledger.elsewhere.get(now.key)
    earlier = _moment(before.last_updated_on) if before is not None else None
    later = _moment(now.last_updated_on)
    if before is None or earlier is None or later is None:
        return  # nothing to compare with, or the timestamps check says why
    overlapped = before.at > sent_at  # the earlier answer came after this write left: the host chose the order
    if not overlapped and later < earlier:
        _broken(
            before,
            here,
            f"key {now.key}'s lastUpdatedOn went back from {quoted(before.last_updated_on)} at {before.named(here)} to "
            f"{quoted(now.last_updated_on)} at {now.named(here)}",
            at("attribution", "lastUpdatedOn"),
            "time-forward",
        )
    changed = sorted(name for name in set(now.sent) | set(before.sent) if now.sent.get(name) != before.sent.get(name))
    waited = sent_at - before.at
    if changed and waited >= MOVES_AFTER and later <= earlier:
        _broken(
            before,
            here,
            f"key {now.key} was written with other values ({', '.join(changed)}) {waited:.1f} s after its answer at "
            f"{before.named(here)}, and its lastUpdatedOn stayed {quoted(now.last_updated_on)} at {now.named(here)}",
            at("attribution", "lastUpdatedOn"),
            "updated-on-moves",
        )


def _elsewhere(answered: Answered | None, now: Answered) -> Answered | None:
    """An earlier answer another test received (one of this test's own is its own checks' to judge)."""
    return answered if answered is not None and answered.test != now.test else None


def _broken(earlier: Answered, here: str, message: str, pointer: str, rule: str) -> NoReturn:
    """The ledger's failure, with the earlier answer it was judged against as evidence."""
    failure = CheckFailure(NAME, message, pointer, rule)
    failure.earlier = (
        (f"the earlier answer for {earlier.key} ({earlier.named(here)}; its item)", earlier.as_exchange()),
    )
    raise failure
