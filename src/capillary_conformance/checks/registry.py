"""The one list of checks, kept as Schemathesis keeps its own: each check declares itself once, its metadata
with its behaviour, by decorator. The run order, the sweeps, the Schemathesis adapter, the observers of every
upsert, the kill matrix, the report's categories and marker validation all read it.

A check's behaviour is functions of one signature per kind:
- ``@answer_check``: ``(upsert, expect)`` on every answer to a valid upsert; raises CheckFailure, returns drift;
- ``@refusal_check``: ``(refusal, expect)`` on every answer to a request that is not a valid upsert, of the
  kinds it judges (``Wrong``); raises CheckFailure, returns HTTP notes;
- ``@observes``: ``(upsert, expect, memory)`` on every upsert of every test, with a memory kept over the run;
- ``register(Check(...))``: a check whose suite test drives its own sequences (repeats, a state machine).

Checks of another package join by entry point (group ``capillary_conformance.checks``): importing the module
the entry point names is its declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capillary_conformance.checks.base import Expectations, Refusal, Upsert, Wrong

ENTRY_POINT_GROUP = "capillary_conformance.checks"

# An answer check: asked of every answer to a valid upsert; raises CheckFailure, returns drift (or None).
AnswerCheck = Callable[["Upsert", "Expectations"], "list[str] | None"]
# A refusal check: asked of every answer to a request of a kind it judges; raises, returns HTTP notes (or None).
RefusalCheck = Callable[["Refusal", "Expectations"], "list[str] | None"]
# An observer: sees every upsert of every test, with a memory the host keeps for it over the run.
Observer = Callable[["Upsert", "Expectations", Any], None]


@dataclass(frozen=True)
class Check:
    name: str  # as reports, markers, faults' ``breaks`` and failure messages ("[name] ...") call it
    # The one order: the run's (broad, cheap checks first, so a broken host is found in the fewest requests),
    # the sweep's (the first answer check that fails names the failure), the kill matrix's and the report's.
    order: int
    label: str  # the kill matrix's column heading (at most 6 characters)
    promise: str  # what a host must do, for the report
    verdict: bool = True  # False: a sweep that runs other checks together and files failures under them
    message_regex: str = ""  # how the report finds this check's failures in a message; default "[name]"
    sweeps_answers: bool = False  # a sweep that asks every answer check: their own tests need no first pass
    draws: bool = False  # its tests draw examples without @given (a state machine, Schemathesis)
    answer: AnswerCheck | None = None  # set by @answer_check: the behaviour, declared with its metadata
    refusal: RefusalCheck | None = None  # set by @refusal_check
    judges: frozenset[Wrong] = frozenset()  # the kinds of request its refusal function judges
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
    answer, its own deep test (``suite/test_answers.py``) and the Schemathesis adapter read it from here."""

    def declare(function: AnswerCheck) -> AnswerCheck:
        register(Check(name, answer=function, **declared))
        return function

    return declare


def refusal_check(name: str, judges: Iterable[Wrong], **declared: Any) -> Callable[[RefusalCheck], RefusalCheck]:
    """Declare a refusal check with its function ``(refusal, expect)``: every answer to a request of a kind it
    ``judges`` (invalid input, a wrong credential, an undeclared method, ...) is asked of it, whichever test
    or Schemathesis case sent it."""

    def declare(function: RefusalCheck) -> RefusalCheck:
        register(Check(name, refusal=function, judges=frozenset(judges), **declared))
        return function

    return declare


def observes(name: str, memory: Callable[[], Any] = dict) -> Callable[[Observer], Observer]:
    """Declare the observer of the registered check ``name``: the host calls it on every upsert of every
    test, with the memory it keeps for it (``memory()`` at the start of the run)."""

    def declare(function: Observer) -> Observer:
        _REGISTRY[name] = replace(_REGISTRY[name], observe=function, memory=memory)
        return function

    return declare


def judge_refusal(refusal: Refusal, expect: Expectations) -> list[str]:
    """Every refusal check that judges this kind of request, in order (the first that fails names the
    failure); their HTTP notes."""
    notes: list[str] = []
    for check in all_checks():
        if check.refusal is not None and refusal.wrong in check.judges:
            notes += check.refusal(refusal, expect) or []
    return notes


def all_checks() -> tuple[Check, ...]:
    """Every registered check, sweeps included, in the one order."""
    return tuple(sorted(_REGISTRY.values(), key=lambda check: (check.order, check.name)))


def observers() -> tuple[Check, ...]:
    return tuple(check for check in all_checks() if check.observe is not None)


def answer_checks() -> tuple[Check, ...]:
    return tuple(check for check in all_checks() if check.answer is not None)


def verdict_checks() -> tuple[Check, ...]:
    """The checks a failure is filed under."""
    return tuple(check for check in all_checks() if check.verdict)


def swept() -> frozenset[str]:
    """Checks some sweep already asks in its first examples."""
    if not any(check.sweeps_answers for check in _REGISTRY.values()):
        return frozenset()
    return frozenset(check.name for check in answer_checks())


def get(name: str) -> Check:
    return _REGISTRY[name]
