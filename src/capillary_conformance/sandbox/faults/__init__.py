"""Faulty variants of the sandbox: each breaks one documented promise, for one check to catch.

The correct sandbox is the base ``Fault``, which changes nothing; every variant overrides the one hook
where its promise lives, so the sandbox's own code has no fault-specific branches. ``breaks`` names
the check that must catch it; ``suite_env`` is configuration the suite needs to see the fault (a
time zone it must expect). Variants with ``legal = True`` are not faults: the suite must pass them.

The catalogue is laid out by what a variant breaks: ``base`` (the fault type, its registry, the lookups), the
legal variants, one module per check a fault breaks (mirroring ``checks/`` and the kill matrix's columns, in the
registry's order), and the hosts in trouble. Faults of another package register with ``register`` from the
entry point group ``capillary_conformance.faults``.
"""

from __future__ import annotations

from importlib import import_module

from capillary_conformance.core.plugins import load_entry_points
from capillary_conformance.sandbox.faults.base import (
    CATALOGUE,
    ENVIRONMENT,
    TEXT_FIELDS,
    Fault,
    Json,
    Presented,
    fault_named,
    is_fault,
    register,
    variant_label,
)

__all__ = [
    "CATALOGUE",
    "ENTRY_POINT_GROUP",
    "ENVIRONMENT",
    "TEXT_FIELDS",
    "Fault",
    "Json",
    "Presented",
    "fault_named",
    "is_fault",
    "register",
    "variant_label",
]

# The catalogue's order, which the kill matrix's rows follow: the legal variants, then the faults by the check that
# must catch them in the registry's order, then the hosts in trouble.
MODULES = (
    "legal",
    "negative",
    "auth",
    "idempotency",
    "attribution",
    "schemathesis_checks",
    "stateful",
    "envelope",
    "schema",
    "enums",
    "timestamps",
    "echo",
    "ledger",
    "trouble",
)
for _module in MODULES:
    import_module(f"{__name__}.{_module}")

# Faults of another package (one proving a check of its own): each module named under this entry point group
# registers its variants with ``register`` when it is imported.
ENTRY_POINT_GROUP = "capillary_conformance.faults"
load_entry_points(ENTRY_POINT_GROUP)
