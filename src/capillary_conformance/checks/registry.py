"""The one list of checks. Each check module declares itself here once (``register``); the run order, the
kill matrix, the report's categories and marker validation all read this registry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str  # as reports, markers, faults' ``breaks`` and failure messages ("[name] ...") call it
    number: int  # the README's numbering; the kill matrix's and the report's column order
    rank: int  # run order: broad, cheap checks first, so a broken host is found in the fewest requests
    label: str  # the kill matrix's column heading (at most 6 characters)
    promise: str  # what a host must do, for the report
    verdict: bool = True  # False: a sweep that runs other checks together and files failures under them
    message_regex: str = ""  # how the report finds this check's failures in a message; default "[name]"
    sweeps: tuple[str, ...] = ()  # checks this sweep asks on every answer: their own tests need no first pass
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


def all_checks() -> tuple[Check, ...]:
    """Every registered check, sweeps included, in run order (equal ranks: the README's order)."""
    return tuple(sorted(_REGISTRY.values(), key=lambda check: (check.rank, check.number)))


def verdict_checks() -> tuple[Check, ...]:
    """The checks a failure is filed under, in the README's order."""
    return tuple(sorted((c for c in _REGISTRY.values() if c.verdict), key=lambda check: check.number))


def swept() -> frozenset[str]:
    """Checks some sweep already asks in its first examples."""
    return frozenset(name for check in _REGISTRY.values() for name in check.sweeps)


def get(name: str) -> Check:
    return _REGISTRY[name]
