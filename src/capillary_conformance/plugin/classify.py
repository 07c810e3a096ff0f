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
    "explicit_example_failed",
    "host_unavailable",
    "replayed_by_hypothesis",
    "suite_cannot_generate",
    "violation",
    "violation_of",
]


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for sub in error.exceptions for leaf in _leaves(sub)]
    return [error]


def check_failures(error: BaseException) -> list[CheckFailure]:
    return [leaf for leaf in _leaves(error) if isinstance(leaf, CheckFailure)]


def host_unavailable(error: BaseException) -> HostUnavailable | None:
    return next((leaf for leaf in _leaves(error) if isinstance(leaf, HostUnavailable)), None)


def suite_cannot_generate(error: BaseException) -> bool:
    """Hypothesis gave up on the suite's own strategies (a health check, nothing satisfiable)."""
    return any(isinstance(leaf, FailedHealthCheck | Unsatisfiable) for leaf in _leaves(error))


def budget_spent(error: BaseException) -> RequestBudgetSpent | None:
    """The run's request budget ran out during the test: not judged, skipped (the summary counts them)."""
    return next((leaf for leaf in _leaves(error) if isinstance(leaf, RequestBudgetSpent)), None)


def did_not_reproduce(error: BaseException) -> bool:
    """Hypothesis replayed a failing generated example, and it passed."""
    return isinstance(error, FlakyFailure)


def _noted(error: BaseException, start: str) -> bool:
    """Hypothesis says in ``__notes__`` which example failed: a generated one, or an explicit one."""
    notes = [str(note) for part in (error, *_leaves(error)) for note in getattr(part, "__notes__", [])]
    return any(note.startswith(start) for note in notes)


def explicit_example_failed(error: BaseException) -> bool:
    return _noted(error, "Failing explicit example")


def replayed_by_hypothesis(error: BaseException) -> bool:
    """Hypothesis replays a generated failing example before it reports it; an explicit one, and a test it
    does not drive, it does not."""
    return did_not_reproduce(error) or _noted(error, "Failing test case")


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
    for leaf in _leaves(error):
        inner = getattr(leaf, "exception", None)  # Schemathesis' CustomFailure holds our check's failure
        for candidate in (leaf, inner):
            if isinstance(candidate, CheckFailure):
                return candidate.pointer, candidate.rule
    for leaf in _leaves(error):
        title = getattr(leaf, "title", None)
        if isinstance(title, str) and hasattr(leaf, "code"):
            return ("status" if "status" in title.lower() else "body"), title.lower()
    return "", check
