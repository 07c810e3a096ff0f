"""What a run's exit status means: the README's table, in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    CONFORMS = 0
    VIOLATION = 1
    INTERRUPTED = 2
    COULD_NOT_JUDGE = 3
    BAD_CONFIGURATION = 4
    NO_TESTS = 5
    NOT_FULLY_JUDGED = 6  # no violation, but the budget or time left questions unasked (CAPILLARY_PARTIAL_VERDICT)


# The pseudo-check a case is filed under when the host did not answer usably.
COULD_NOT_JUDGE = "could-not-judge"
