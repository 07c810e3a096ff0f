"""How we tell: each module is one named check, a plain function that raises CheckFailure.

The same functions serve the suite's own property tests and Schemathesis (``schemathesis_checks``),
so no promise is checked in two places.
"""

from capillary_conformance.checks.base import CheckFailure, Expectations, Upsert

__all__ = ["CheckFailure", "Expectations", "Upsert"]
