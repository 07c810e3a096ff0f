"""Findings, not symptoms: the failed cases grouped by what broke.

A case's violation carries a pointer (where: ``/data/*/communicationType``, ``status``, ``body``) and a rule
(which promise: ``enum``, ``echo``, ``id-stable``, ``no-5xx``). A place in the answer's body is one finding
whatever rules broke there (a lower-cased communicationType breaks ``enum`` for one check and ``echo`` for
another: one bug); a status, a header or a body that is not JSON is one finding per rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from capillary_conformance.core.record import Case, Finding


def gather(cases: Iterable[Case]) -> list[Finding]:
    """One finding per broken promise, in the order the run first saw them (a known finding's cases, skipped
    as they were reported, included)."""
    found: dict[str, Finding] = {}
    for case in cases:
        if not (case.violated or case.known):
            continue
        rule = case.rule or case.check
        key = case.key
        finding = found.setdefault(
            key, Finding(key=key, pointer=case.pointer or "answer", replay=case.replay, request_id=case.request_id)
        )
        for values, value in ((finding.rules, rule), (finding.checks, case.check), (finding.cases, case.nodeid)):
            if value not in values:
                values.append(value)
        finding.messages.append(case.reason)
    return list(found.values())
