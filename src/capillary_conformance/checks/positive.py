"""The answer checks on one answer to a valid upsert: each registered with ``@answer_check``, asked in the
registry's order, so the first that fails names the failure."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Upsert
from capillary_conformance.checks.registry import Check, answer_checks, register

# A sweep, not a verdict of its own: its failures are filed under the answer check that failed.
CHECK = register(
    Check(
        "positive",
        order=0,
        label="",
        promise="every answer check on every answer to a valid upsert",
        verdict=False,
        sweeps_answers=True,
    )
)


def check_positive(upsert: Upsert, expect: Expectations) -> list[str]:
    """Raise CheckFailure (named by the first check that fails); return the answer's drift."""
    drift: list[str] = []
    for check in answer_checks():
        assert check.answer is not None
        drift += check.answer(upsert, expect) or []
    return drift
