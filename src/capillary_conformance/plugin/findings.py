"""Findings, not symptoms: the failed cases grouped by what broke.

A case's violation carries a pointer (where: ``/data/*/communicationType``, ``status``, ``body``) and a rule
(which promise: ``enum``, ``echo``, ``id-stable``, ``no-5xx``). A place in the answer's body is one finding
whatever rules broke there (a lower-cased communicationType breaks ``enum`` for one check and ``echo`` for
another: one bug); a status, a header or a body that is not JSON is one finding per rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from capillary_conformance.plugin.classify import COULD_NOT_JUDGE


def finding_key(pointer: str, rule: str) -> str:
    return pointer if pointer.startswith("/") else f"{pointer or 'answer'}: {rule}"


@dataclass
class Finding:
    key: str
    pointer: str
    rules: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    replay: str = ""
    request_id: str = ""  # the first failing answer's, as the host's logs know it
    known: dict[str, Any] | None = None  # the live entry that accepts it
    expired: dict[str, Any] | None = None  # an entry that accepted it until a date now past

    @property
    def status(self) -> str:
        return "known" if self.known else "expired" if self.expired else "new"

    @property
    def acceptance(self) -> str:
        """What the known findings file says of it, in one line ("" when it says nothing)."""
        if self.known:
            return f"known finding: {self.known['reason']} (accepted until {self.known['until']})"
        if self.expired:
            return f"known finding EXPIRED on {self.expired['until']}: {self.expired['reason']} (it fails again)"
        return ""

    def as_json(self) -> dict[str, Any]:
        entry = self.known or self.expired
        return {
            "key": self.key,
            "pointer": self.pointer,
            "rules": self.rules,
            "checks": self.checks,
            "cases": self.cases,
            "message": self.messages[0] if self.messages else "",
            "replay": self.replay,
            "request_id": self.request_id,
            "status": self.status,
            **({"reason": entry["reason"], "until": str(entry["until"])} if entry else {}),
        }


def gather(results: Iterable[dict[str, Any]]) -> list[Finding]:
    """One finding per broken promise, in the order the run first saw them."""
    found: dict[str, Finding] = {}
    for result in results:
        if result["outcome"] != "failed" or result["check"] == COULD_NOT_JUDGE:
            continue
        pointer, rule = result.get("pointer", ""), result.get("rule") or result["check"]
        key = finding_key(pointer, rule)
        finding = found.setdefault(
            key,
            Finding(key, pointer or "answer", replay=result.get("replay", ""), request_id=result.get("request_id", "")),
        )
        for values, value in (
            (finding.rules, rule),
            (finding.checks, result["check"]),
            (finding.cases, result["nodeid"]),
        ):
            if value not in values:
                values.append(value)
        finding.messages.append(result["reason"])
    return list(found.values())


def describe(finding: Finding) -> str:
    """One line: where, which promises, by which checks, in how many cases."""
    rules = ", ".join(finding.rules)
    checks = ", ".join(finding.checks)
    return f"{finding.pointer} ({rules}): {len(finding.cases)} case(s) in {checks}"
