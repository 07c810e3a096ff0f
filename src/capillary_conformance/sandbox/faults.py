"""Faulty variants of the sandbox: each breaks one documented promise, for one check to catch.

The correct sandbox is the fault that changes nothing; every variant overrides the one hook where
its promise lives, so the sandbox's own code has no fault-specific branches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from capillary_conformance.contracts import ContractViolation

Json = dict[str, Any]


class Fault:
    """The correct behaviour. Subclasses override one hook each."""

    name: ClassVar[str] = "none"
    breaks: ClassVar[str] = ""
    description: ClassVar[str] = "the correct reference sandbox"

    def authenticate(self, accepted: bool) -> bool:
        return accepted

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return found

    def crash(self, body: Any) -> bool:
        """True to answer 500, as a broken host would."""
        return False

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return item

    def envelope(self, envelope: Json) -> Json:
        return envelope

    def content_type(self) -> str:
        return "application/json"


CATALOGUE: dict[str, type[Fault]] = {Fault.name: Fault}


def fault_named(name: str | None) -> Fault:
    if name is None:
        return Fault()
    try:
        return CATALOGUE[name]()
    except KeyError:
        known = ", ".join(sorted(CATALOGUE))
        raise ValueError(f"unknown fault {name!r}; known faults: {known}") from None
