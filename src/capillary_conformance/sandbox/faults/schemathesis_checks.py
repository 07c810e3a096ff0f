"""Faults the schemathesis check must catch (``checks/schemathesis_checks.py``), one promise broken by each."""

from __future__ import annotations

from capillary_conformance.sandbox.faults.base import Broken, Json, register


@register
class Undocumented422(Broken):
    name, breaks, description = (
        "undocumented-422",
        "schemathesis",
        "invalid bodies get 422, a status the contract lacks",
    )

    def error(self, status: int, envelope: Json) -> tuple[int, str, str]:
        return super().error(422 if status == 400 else status, envelope)
