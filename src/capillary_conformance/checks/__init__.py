"""How we tell: each module is one named check, declared once in the registry, made of plain functions
that raise CheckFailure.

Importing this package imports every check module, so the registry is complete: adding a check is one
module here (plus its suite test and a fault that breaks it).
"""

import importlib
import pkgutil

from capillary_conformance.checks.base import CheckFailure, Expectations, Upsert
from capillary_conformance.checks.registry import (
    Check,
    all_checks,
    answer_check,
    answer_checks,
    get,
    swept,
    verdict_checks,
)

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

# The names of the checks a failure is filed under, in the README's order.
CHECKS = tuple(check.name for check in verdict_checks())

__all__ = [
    "CHECKS",
    "Check",
    "CheckFailure",
    "Expectations",
    "Upsert",
    "all_checks",
    "answer_check",
    "answer_checks",
    "get",
    "swept",
    "verdict_checks",
]
