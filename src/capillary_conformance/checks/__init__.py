"""How we tell: each module is one named check, declared once in the registry with its behaviour, made of
plain functions that raise CheckFailure.

Importing this package imports every check module, then every module another package names under the entry
point group ``capillary_conformance.checks``, so the registry is complete: adding a check is one module (here
or in a package of its own) and a fault that it must catch.
"""

import importlib
import pkgutil

from capillary_conformance.checks.base import CheckFailure, Expectations, Refusal, Upsert, Wrong
from capillary_conformance.checks.registry import (
    ENTRY_POINT_GROUP,
    Check,
    all_checks,
    answer_check,
    answer_checks,
    get,
    observes,
    refusal_check,
    register,
    swept,
    verdict_checks,
)
from capillary_conformance.core.plugins import load_entry_points

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
load_entry_points(ENTRY_POINT_GROUP)

# The names of the checks a failure is filed under, in the one order.
CHECKS = tuple(check.name for check in verdict_checks())

__all__ = [
    "CHECKS",
    "Check",
    "CheckFailure",
    "Expectations",
    "Refusal",
    "Upsert",
    "Wrong",
    "all_checks",
    "answer_check",
    "answer_checks",
    "get",
    "observes",
    "refusal_check",
    "register",
    "swept",
    "verdict_checks",
]
