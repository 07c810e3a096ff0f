"""A case's verdict, decided once, where its failure is first caught: the broken promise (check, pointer, rule, why
in words) with its evidence, a frozen copy of the steps of the very execution that failed. What comes later (a
re-run to tell a flaky failure, the known findings) adds to it and never replaces its evidence; every output is
written from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from capillary_conformance.core.record import BUDGET_SPENT, LEFT_NO_ROOM, finding_key
from capillary_conformance.core.redact import Redactor
from capillary_conformance.plugin.target.exchanges import Step
from capillary_conformance.plugin.verdict.classify import (
    COULD_NOT_JUDGE,
    budget_spent,
    host_unavailable,
    suite_cannot_generate,
    violation,
    violation_of,
)
from capillary_conformance.plugin.verdict.history import Placement

NOTHING_SEEN: dict[str, dict[str, Any]] = {"drift": {}, "notes": {}, "written": {}, "traffic": {}, "announced": {}}


@dataclass
class Verdict:
    """A case as the run judged it."""

    check: str  # the check it is filed under; COULD_NOT_JUDGE when the host did not answer usably
    reason: str = ""  # the broken promise in words (redacted), or why it was not judged
    violated: bool = False  # a promise broken (also when a known finding accepts it)
    pointer: str = ""
    rule: str = ""
    evidence: tuple[Step, ...] = ()  # the steps of the execution that failed, up to its failing answer
    detected_at: int | None = None  # the requests this process had sent when the failing answer arrived
    flaky: bool = False  # it did not fail again (Hypothesis' replay, or the re-run of a plain test)
    rerun: int = 0  # requests the re-run sent (counted apart from the case's own)
    known: str = ""  # why a known finding accepts it
    placement: Placement | None = None  # against the region's history
    seen: dict[str, dict[str, Any]] = field(default_factory=lambda: NOTHING_SEEN)  # what the test added: drift, ...

    @property
    def request_id(self) -> str:
        """The failing answer's id in the host's logs: the last step of the evidence's."""
        return self.evidence[-1].exchange.request_id if self.violated and self.evidence else ""

    @property
    def key(self) -> str:
        return finding_key(self.pointer, self.rule or self.check)


def judge(error: BaseException | None, filed_under: str, redactor: Redactor) -> Verdict:
    """What an exception says of the host: a broken promise (with where and which rule), could not judge (with
    the cause in words), not judged (the budget), or nothing (no exception: the case passed)."""
    if error is None:
        return Verdict(filed_under)
    if budget_spent(error) is not None:
        return Verdict(filed_under, BUDGET_SPENT)
    if LEFT_NO_ROOM in str(error):
        return Verdict(filed_under, LEFT_NO_ROOM)
    check, reason = violation(error, filed_under)
    if check != COULD_NOT_JUDGE:
        return Verdict(check, redactor.text(reason), True, *violation_of(error, check))
    if suite_cannot_generate(error):
        return Verdict(
            COULD_NOT_JUDGE,
            "the suite could not generate its own test data (a Hypothesis health check fired: "
            f"{str(error).splitlines()[0][:200]}): a bug of the suite, not of the host",
        )
    return Verdict(COULD_NOT_JUDGE, str(host_unavailable(error)))
