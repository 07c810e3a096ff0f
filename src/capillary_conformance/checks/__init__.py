"""How we tell: each module is one named check, a plain function that raises CheckFailure.

The same functions serve the suite's own property tests and Schemathesis (``schemathesis_checks``),
so no promise is checked in two places.
"""

from capillary_conformance.checks.base import CheckFailure, Expectations, Upsert

# The named checks, as reports, the kill matrix and failure messages ("[name] ...") call them.
CHECKS = (
    "envelope",
    "schema",
    "enums",
    "timestamps",
    "echo",
    "idempotency",
    "stateful",
    "negative",
    "auth",
    "schemathesis",
)

__all__ = ["CHECKS", "CheckFailure", "Expectations", "Upsert"]
