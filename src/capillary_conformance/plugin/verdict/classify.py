"""How a test's exception is classified: a contract violation, or could not judge."""

from __future__ import annotations

from hypothesis.errors import FailedHealthCheck, FlakyFailure, Unsatisfiable

from capillary_conformance.checks import CheckFailure
from capillary_conformance.client.http import HostUnavailable, RequestBudgetSpent
from capillary_conformance.core.exit_status import COULD_NOT_JUDGE, ExitStatus

__all__ = [
    "COULD_NOT_JUDGE",
    "ExitStatus",
    "budget_spent",
    "check_failures",
    "did_not_reproduce",
    "host_unavailable",
    "suite_cannot_generate",
    "violation",
    "violation_of",
]


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for sub in error.exceptions for leaf in _leaves(sub)]
    return [error]


def check_failures(error: BaseException) -> list[CheckFailure]:
    """Our checks' failures in ``error``, also from inside a Schemathesis failure (its CustomFailure holds ours)."""
    found = []
    for leaf in _leaves(error):
        for candidate in (leaf, getattr(leaf, "exception", None)):
            if isinstance(candidate, CheckFailure):
                found.append(candidate)
    return found


def host_unavailable(error: BaseException) -> HostUnavailable | None:
    return next((leaf for leaf in _leaves(error) if isinstance(leaf, HostUnavailable)), None)


def suite_cannot_generate(error: BaseException) -> bool:
    """Hypothesis gave up on the suite's own strategies (a health check, nothing satisfiable)."""
    return any(isinstance(leaf, FailedHealthCheck | Unsatisfiable) for leaf in _leaves(error))


def budget_spent(error: BaseException) -> RequestBudgetSpent | None:
    """The run's request budget ran out during the test: not judged, skipped (the summary counts them)."""
    return next((leaf for leaf in _leaves(error) if isinstance(leaf, RequestBudgetSpent)), None)


def did_not_reproduce(error: BaseException) -> bool:
    """Hypothesis replayed a failing generated example, and it passed (its exception's type says so: which
    example failed is told by the exchanges' record of examples, never by what Hypothesis wrote)."""
    return isinstance(error, FlakyFailure)


def violation(error: BaseException, filed_under: str) -> tuple[str, str]:
    """The check a failure is filed under (ours name themselves; anything else goes under the test's check,
    ``filed_under``), and why in a few words; COULD_NOT_JUDGE when it is no verdict on the host (the host did
    not answer usably, or the suite could not generate its data)."""
    failures = check_failures(error)
    if failures:
        return failures[0].check, failures[0].reason
    if suite_cannot_generate(error) or host_unavailable(error) is not None:
        return COULD_NOT_JUDGE, ""
    lines = [line.strip(" -") for line in str(error).splitlines() if line.strip()]
    return filed_under, "; ".join(lines[:3])


def violation_of(error: BaseException, check: str) -> tuple[str, str]:
    """Where the first violation is and which rule it breaks: our checks say so, also from inside a
    Schemathesis failure group; a failure of Schemathesis' own is named by its title."""
    failures = check_failures(error)
    if failures:
        return failures[0].pointer, failures[0].rule
    for leaf in _leaves(error):
        title = getattr(leaf, "title", None)
        if isinstance(title, str) and hasattr(leaf, "code"):
            return ("status" if "status" in title.lower() else "body"), title.lower()
    return "", check
