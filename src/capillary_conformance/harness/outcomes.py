"""Exit statuses and how a test's exception is classified: violation, or could not judge."""

from __future__ import annotations

from enum import IntEnum

from capillary_conformance.checks import CheckFailure
from capillary_conformance.harness.client import HostUnavailable


class ExitStatus(IntEnum):
    CONFORMS = 0
    VIOLATION = 1
    INTERRUPTED = 2
    COULD_NOT_JUDGE = 3
    BAD_CONFIGURATION = 4
    NO_TESTS = 5


COULD_NOT_JUDGE = "could-not-judge"


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for sub in error.exceptions for leaf in _leaves(sub)]
    return [error]


def check_failures(error: BaseException) -> list[CheckFailure]:
    return [leaf for leaf in _leaves(error) if isinstance(leaf, CheckFailure)]


def host_unavailable(error: BaseException) -> HostUnavailable | None:
    return next((leaf for leaf in _leaves(error) if isinstance(leaf, HostUnavailable)), None)
