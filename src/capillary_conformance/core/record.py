"""What a run found, recorded once: its cases, findings, notes, footprint, requests and verdict. It is filled as
the run goes (each case as its report arrives, from every process), and every output is written from it:
``results.json`` is the record itself, and the terminal's summary, the history, the report's title and
environment panel and the nightly's summary read it. A record an older version wrote reads too (what it
lacks takes its default)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from capillary_conformance.core.exit_status import COULD_NOT_JUDGE, ExitStatus
from capillary_conformance.core.rates import parse_rate

# 1: results.json as written before it carried a version; 2: the version, the verdict, the run's rate, retries
# and coverage left out, why the host stopped answering; 3: each failed case's evidence (its exchanges, each step
# labelled) and the requests a re-run of a failure sent, apart (``rerun``, per case and in ``requests``); the
# coverage spaces (``spaces``).
RECORD_VERSION = 3

# Why a test was not judged though it ran (its case is skipped, with one of these as the reason).
BUDGET_SPENT = "not judged: the run's request budget was spent"
LEFT_NO_ROOM = "not judged: the run's request budget left no room for this space"

# A could-not-judge case's cause, in words: the first of these its reason names.
CAUSES = (
    ("Timeout", "timed out"),
    ("ConnectError", "connection refused (or the host not found)"),
    ("RemoteProtocolError", "the connection closed mid-answer"),
    ("ReadError", "the connection closed mid-answer"),
    ("HTTP 429", "rate-limited (HTTP 429) past the wait the run allows"),
    ("a gateway answered", "a gateway answered in the API's place (its error page)"),
    ("could not generate", "the suite could not generate its test data (a bug of the suite)"),
)

# A finding no known finding accepts (version 1 called it "new", a word the history keeps for a case no
# earlier run failed: one wording, one meaning).
OPEN = "open"

VERDICTS = {
    ExitStatus.CONFORMS: "conforms",
    ExitStatus.VIOLATION: "violations",
    ExitStatus.INTERRUPTED: "interrupted",
    ExitStatus.COULD_NOT_JUDGE: "could not judge",
    ExitStatus.BAD_CONFIGURATION: "bad configuration",
    ExitStatus.NO_TESTS: "no tests ran",
    ExitStatus.NOT_FULLY_JUDGED: "not fully judged",
}


class _Record(BaseModel):
    # Fields a newer version added are kept as they were read (and written back as they came).
    model_config = ConfigDict(extra="allow")


def finding_key(pointer: str, rule: str) -> str:
    """The broken promise a failure is filed under: a place in the answer's body (one finding whatever rules
    broke there), or a rule broken at the status, a header or a body that is not JSON."""
    return pointer if pointer.startswith("/") else f"{pointer or 'answer'}: {rule}"


def promise_line(key: str, check: str, reason: str, request_id: str = "") -> str:
    """A broken promise in one line, as every output opens a failed case: the finding it belongs to, the check
    that judged it, why in words (``broken promise at /data/*/channelId (echo): channelId was sent as 1 ...``),
    and the failing answer's id in the host's logs when it sent one."""
    answer = f"; the failing answer's {request_id}" if request_id else ""
    return f"broken promise at {key} ({check}): {reason}{answer}"


def key_name(values: Iterable[Any]) -> str:
    """An upsert key as people read it: ``START/1``."""
    return "/".join(str(value) for value in values)


class Exchanged(_Record):
    """One step of a failing execution as the report shows it: what it did, the request and the answer, secrets
    redacted, each long value cut in its middle."""

    step: str
    method: str
    url: str
    status: int
    request_id: str = ""
    request_headers: dict[str, str] = Field(default_factory=dict)
    request_body: Any = None  # JSON as sent, or the text; long strings cut
    response_headers: dict[str, str] = Field(default_factory=dict)
    response_body: Any = None


class Case(_Record):
    """One test case as the run judged it."""

    nodeid: str
    outcome: str  # passed, failed or skipped (a known finding's case, one not judged for the budget)
    check: str  # the check its failure is filed under; COULD_NOT_JUDGE when the host did not answer usably
    reason: str = ""
    requests: int = 0  # what the case sent when it ran (a re-run of its failure is ``rerun``)
    rerun: int = 0  # what a re-run of its failure sent (the check's own replay of a plain test's failure)
    coverage: bool = False  # a coverage test's first pass
    flaky: bool = False
    pointer: str = ""
    rule: str = ""
    replay: str = ""
    request_id: str = ""
    placement: dict[str, Any] | None = None  # against the region's history: kind, since, runs
    known: str | None = None  # a known finding's case: the reason it is accepted
    asked: str = ""  # a failure another check judged first: the check whose test asked (the ledger judges any test)
    exchanges: list[Exchanged] = Field(default_factory=list)  # a failed case's evidence: its execution's steps

    @model_serializer(mode="wrap")
    def _without_unset_known(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        written = handler(self)
        if written.get("known") is None:
            written.pop("known", None)
        if not written.get("asked"):
            written.pop("asked", None)
        if not written.get("exchanges"):
            written.pop("exchanges", None)
        return written

    @property
    def key(self) -> str:
        return finding_key(self.pointer, self.rule or self.check)

    @property
    def violated(self) -> bool:
        return self.outcome == "failed" and self.check != COULD_NOT_JUDGE

    @property
    def unjudged(self) -> bool:
        return self.check == COULD_NOT_JUDGE

    @property
    def unspent(self) -> bool:
        """Skipped, not judged, because the request budget was spent."""
        return self.reason in (BUDGET_SPENT, LEFT_NO_ROOM)


class Finding(_Record):
    """One broken promise: the failed cases that broke it (one pointer into the answer, or one rule)."""

    key: str = ""
    pointer: str = ""
    rules: list[str] = Field(default_factory=list)
    checks: list[str] = Field(default_factory=list)
    cases: list[str] = Field(default_factory=list)
    messages: list[str] = Field(default_factory=list, exclude=True)
    replay: str = ""
    request_id: str = ""  # the first failing answer's, as the host's logs know it
    known: dict[str, Any] | None = Field(default=None, exclude=True)  # the live entry that accepts it
    expired: dict[str, Any] | None = Field(default=None, exclude=True)  # one that accepted it until a past date

    @model_validator(mode="before")
    @classmethod
    def _as_written(cls, data: Any) -> Any:
        """Read back as ``results.json`` writes it: its first message, its status with the entry's reason."""
        if not isinstance(data, dict) or "messages" in data:
            return data
        data = dict(data)
        message, status = data.pop("message", ""), data.pop("status", OPEN)
        entry = {"reason": data.pop("reason", ""), "until": data.pop("until", "")}
        data["messages"] = [message] if message else []
        if status in ("known", "expired"):
            data[status] = entry
        return data

    @model_serializer(mode="wrap")
    def _as_json(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        fields = handler(self)
        entry = self.known or self.expired
        return {
            **{name: fields.pop(name) for name in ("key", "pointer", "rules", "checks", "cases")},
            "message": self.messages[0] if self.messages else "",
            **{name: fields.pop(name) for name in ("replay", "request_id")},
            "status": self.status,
            **({"reason": entry["reason"], "until": str(entry["until"])} if entry else {}),
            **fields,  # what a newer version added
        }

    @property
    def status(self) -> str:
        return "known" if self.known else "expired" if self.expired else OPEN

    @property
    def acceptance(self) -> str:
        """What the known findings file says of it, in one line ("" when it says nothing)."""
        if self.known:
            return f"known finding: {self.known['reason']} (accepted until {self.known['until']})"
        if self.expired:
            return f"known finding EXPIRED on {self.expired['until']}: {self.expired['reason']} (it fails again)"
        return ""

    def describe(self) -> str:
        """One line: where, which promises, by which checks, in how many cases."""
        return f"{self.pointer} ({', '.join(self.rules)}): {len(self.cases)} case(s) in {', '.join(self.checks)}"


class Requests(_Record):
    sent: int = 0
    throttled: int = 0  # answered 429
    first_violation_at: int | None = None  # the request whose answer broke the first promise
    rerun: int = 0  # of ``sent``: what re-runs of failures sent, to tell a flaky one (each case's ``rerun``)
    coverage_pass: int = 0
    planned: int | None = None  # the run's request budget
    rate: str | None = None  # as the user gave it: 100/min
    rate_lowered: list[str] = Field(default_factory=list)  # each rate a 429 at the current one lowered it to
    retried: int = 0
    retry_seconds: float = 0.0

    def spent(self) -> str:
        """``287 of the planned 300 request(s) sent (about 2.9 min at 100/min)``."""
        planned = f" of the planned {self.planned}" if self.planned else ""
        took = (
            f" (about {parse_rate(self.rate).seconds_for(self.sent) / 60:.1f} min at {self.rate})" if self.rate else ""
        )
        return f"{self.sent}{planned} request(s) sent{took}"


class Space(_Record):
    """One of the contract's finite spaces, covered whole in the first pass: where it comes from, its size, and
    how many of its points the run asked (fewer only when the budget left no room: then said)."""

    name: str
    source: str = ""
    size: int = 0
    asked: int = 0


class Cleanup(_Record):
    marker: str
    deactivated: list[dict[str, Any]] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)

    def summary(self) -> str:
        text = f"deactivated {len(self.deactivated)} key(s) the run wrote (active: false, marked {self.marker!r})"
        return text + (f"; FAILED for {len(self.failed)}: {'; '.join(self.failed[:3])}" if self.failed else "")


class RunRecord(_Record):
    version: int = 1  # what a record without one was written by; a run writes RECORD_VERSION
    host: str = "?"
    region: str = "?"
    fault: str | None = None
    exitstatus: int = ExitStatus.COULD_NOT_JUDGE
    verdict: str = ""  # the exit status in words (VERDICTS)
    drift: dict[str, int] = Field(default_factory=dict)
    notes: dict[str, int] = Field(default_factory=dict)
    deprecation: str = ""
    announced: dict[str, int] = Field(default_factory=dict)
    requests: Requests = Field(default_factory=Requests)
    processes: int = 1
    written_keys: list[dict[str, Any]] = Field(default_factory=list)
    cleanup: Cleanup | None = None
    history: dict[str, Any] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    probes: dict[str, Any] = Field(default_factory=dict)
    known_unused: list[dict[str, Any]] = Field(default_factory=list)
    results: list[Case] = Field(default_factory=list)
    down: str = ""  # why the host stopped answering usably, if it did
    left_out: list[str] = Field(default_factory=list)  # what the budget left out of the coverage pass
    spaces: list[Space] = Field(default_factory=list)  # the coverage spaces: source, size, points asked

    @classmethod
    def read(cls, path: Path) -> RunRecord:
        """A record as ``results.json`` holds it, whichever version wrote it; OSError or ValueError if none."""
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")

    def conclude(self, exitstatus: int) -> None:
        self.exitstatus = int(exitstatus)
        self.verdict = VERDICTS.get(self.exitstatus, f"exit status {self.exitstatus}")

    @property
    def violated_checks(self) -> list[str]:
        return sorted({case.check for case in self.results if case.violated})

    @property
    def unjudged(self) -> int:
        return sum(case.unjudged for case in self.results)

    @property
    def unspent(self) -> int:
        return sum(case.unspent for case in self.results)

    def key_names(self) -> list[str]:
        """The keys the run wrote as the upsert key reads (``START/1``), for the terminal and the report."""
        return [key_name(key.values()) for key in self.written_keys]

    def unjudged_causes(self) -> list[tuple[str, int]]:
        """The could-not-judge cases by cause, in words ("timed out": 3), the most frequent first."""
        causes: dict[str, int] = {}
        for case in self.results:
            if case.unjudged:
                cause = next((words for marker, words in CAUSES if marker in case.reason), case.reason[:120])
                causes[cause] = causes.get(cause, 0) + 1
        return sorted(causes.items(), key=lambda item: -item[1])

    def tests(self) -> dict[str, str]:
        """Each test's outcome as the HTML report counts it: a Schemathesis operation's own report
        (``test_x[first][POST /path]``) folds into its test's (``test_x[first]``); a test failed if any of its
        reports did, "unjudged" if that failure was no verdict."""
        outcomes: dict[str, str] = {}
        rank = {"passed": 0, "skipped": 1, "unjudged": 2, "failed": 3}
        for case in self.results:
            test = case.nodeid.split("][", 1)[0] + ("]" if "][" in case.nodeid else "")
            outcome = "unjudged" if case.unjudged else "failed" if case.violated else case.outcome
            if rank.get(outcome, 0) >= rank.get(outcomes.get(test, "passed"), 0):
                outcomes[test] = outcome
        return outcomes

    @property
    def covered(self) -> list[Case]:
        return [case for case in self.results if case.coverage]

    @property
    def cut_short(self) -> str:
        """What the budget or time left unasked, in words ("" when nothing was)."""
        parts = [f"{self.unspent} test(s) not judged"] if self.unspent else []
        spaces = [space for space in self.spaces if not space.name.startswith("text: ")]  # values, not requests
        left = sum(space.size - space.asked for space in spaces)
        if left or self.left_out:
            parts.append(f"{left} of {sum(space.size for space in spaces)} coverage point(s) left out")
        return " and ".join(parts) + (", the request budget was spent" if parts else "")

    def verdict_line(self) -> str:
        """The run's verdict in a line: ``violations in echo, enums``, ``conforms``, ``not fully judged: ...``, or
        ``conforms (partly: ...)`` when a partial verdict was what the user asked for."""
        failed = self.violated_checks
        verdict = f"violations in {', '.join(failed)}" if failed else "conforms" if not self.unjudged else ""
        verdict = verdict or "no violation seen"
        if self.exitstatus == ExitStatus.NOT_FULLY_JUDGED:
            verdict = f"not fully judged: {self.cut_short}"
        elif self.cut_short:
            verdict += f" (partly: {self.cut_short})"
        accepted = sum(1 for finding in self.findings if finding.known)
        return verdict + (f" ({accepted} known finding(s) accepted, listed below)" if accepted else "")

    def headline(self) -> str:
        """The region's verdict for the report's first screen, and since when a broken one is broken."""
        since = self.history.get("broken_since")
        verdict = {
            ExitStatus.CONFORMS: "conforms", ExitStatus.VIOLATION: "violations",
            ExitStatus.NOT_FULLY_JUDGED: "not fully judged",
        }.get(self.exitstatus, "could not judge")  # fmt: skip
        if since and self.exitstatus == ExitStatus.VIOLATION:
            verdict += f" since {since['at']} ({since['runs']} run(s))"
        found = [finding.status for finding in self.findings]
        if found:
            cases = sum(len(finding.cases) for finding in self.findings)
            counts = ", ".join(
                f"{found.count(status)} {status}" for status in (OPEN, "expired", "known") if status in found
            )
            promises = "1 broken promise" if len(found) == 1 else f"{len(found)} broken promises"
            verdict += f": {promises}, met by {cases} case(s) ({counts})"
        return f"{self.region}: {verdict}"
