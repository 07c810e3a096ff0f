"""The one list of checks. Each check module declares itself here once (``register``); the run order, the
kill matrix, the report's categories and marker validation all read this registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capillary_conformance.checks.base import Expectations, Upsert

# An answer check: asked of every answer to a valid upsert; raises CheckFailure, returns drift (or None).
AnswerCheck = Callable[["Upsert", "Expectations"], "list[str] | None"]
# An observer: sees every upsert of every test, with a memory the host keeps for it over the run.
Observer = Callable[["Upsert", "Expectations", Any], None]


@dataclass(frozen=True)
class Check:
    name: str  # as reports, markers, faults' ``breaks`` and failure messages ("[name] ...") call it
    number: int  # the README's numbering; the kill matrix's and the report's column order
    rank: int  # run order: broad, cheap checks first, so a broken host is found in the fewest requests
    label: str  # the kill matrix's column heading (at most 6 characters)
    promise: str  # what a host must do, for the report
    verdict: bool = True  # False: a sweep that runs other checks together and files failures under them
    message_regex: str = ""  # how the report finds this check's failures in a message; default "[name]"
    sweeps_answers: bool = False  # a sweep that asks every answer check: their own tests need no first pass
    draws: bool = False  # its tests draw examples without @given (a state machine, Schemathesis)
    answer: AnswerCheck | None = None  # set by @answer_check: the behaviour, declared with its metadata
    observe: Observer | None = None  # set by @observes: what it learns (or judges) from every upsert
    memory: Callable[[], Any] = dict  # what the host keeps for the observer over the run
    # The deep pass draws this share of the profile's examples per test: requests go where they find faults
    # (a refusal or a repeat asks one question however often it is drawn; text and sequences vary).
    deep_share: float = 1.0

    @property
    def finding_pattern(self) -> str:
        return self.message_regex or rf"\[{self.name}\]"


_REGISTRY: dict[str, Check] = {}


def register(check: Check) -> Check:
    if check.name in _REGISTRY and _REGISTRY[check.name] != check:
        raise ValueError(f"two checks are named {check.name!r}")
    if len(check.label) > 6:
        raise ValueError(f"the kill-matrix label {check.label!r} of {check.name!r} is longer than 6 characters")
    _REGISTRY[check.name] = check
    return check


def answer_check(name: str, **declared: Any) -> Callable[[AnswerCheck], AnswerCheck]:
    """Declare an answer check with its function ``(upsert, expect)``: the positive sweep asks it of every
    answer, its own suite test and the Schemathesis adapter read it from here (as Schemathesis registers
    its checks)."""

    def declare(function: AnswerCheck) -> AnswerCheck:
        register(Check(name, answer=function, **declared))
        return function

    return declare


def observes(name: str, memory: Callable[[], Any] = dict) -> Callable[[Observer], Observer]:
    """Declare the observer of the registered check ``name``: the host calls it on every upsert of every
    test, with the memory it keeps for it (``memory()`` at the start of the run)."""

    def declare(function: Observer) -> Observer:
        _REGISTRY[name] = replace(_REGISTRY[name], observe=function, memory=memory)
        return function

    return declare


def observers() -> tuple[Check, ...]:
    return tuple(check for check in all_checks() if check.observe is not None)


def answer_checks() -> tuple[Check, ...]:
    """The answer checks, in the README's order: the sweep asks them in it, and the first that fails names
    the failure."""
    return tuple(sorted((c for c in _REGISTRY.values() if c.answer is not None), key=lambda check: check.number))


def all_checks() -> tuple[Check, ...]:
    """Every registered check, sweeps included, in run order (equal ranks: the README's order)."""
    return tuple(sorted(_REGISTRY.values(), key=lambda check: (check.rank, check.number)))


def verdict_checks() -> tuple[Check, ...]:
    """The checks a failure is filed under, in the README's order."""
    return tuple(sorted((c for c in _REGISTRY.values() if c.verdict), key=lambda check: check.number))


def swept() -> frozenset[str]:
    """Checks some sweep already asks in its first examples."""
    if not any(check.sweeps_answers for check in _REGISTRY.values()):
        return frozenset()
    return frozenset(check.name for check in answer_checks())


def get(name: str) -> Check:
    return _REGISTRY[name]
