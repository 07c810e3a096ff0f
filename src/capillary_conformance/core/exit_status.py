"""What a run's exit status means, in one place: the README's table and the docs' reference are held to it."""

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


MEANINGS = {
    ExitStatus.CONFORMS: "conforms: the host kept every promise the run asked about",
    ExitStatus.VIOLATION: "violations: at least one broken promise, each a finding with its replay line",
    ExitStatus.INTERRUPTED: "interrupted (Ctrl-C, or a CI time-out's SIGTERM): the files say what ran",
    ExitStatus.COULD_NOT_JUDGE: "could not judge: the host was down, slow, rate-limiting or behind a gateway's page; "
    "no verdict on the contract",
    ExitStatus.BAD_CONFIGURATION: "bad configuration: one line names the setting (a misspelt one with its closest)",
    ExitStatus.NO_TESTS: "no test selected",
    ExitStatus.NOT_FULLY_JUDGED: "not fully judged: no violation, but questions left unasked "
    "(CAPILLARY_PARTIAL_VERDICT=1 accepts it)",
}


# The pseudo-check a case is filed under when the host did not answer usably.
COULD_NOT_JUDGE = "could-not-judge"
