"""Faults the enums check must catch (``checks/enums.py``), one promise broken by each."""

from __future__ import annotations

from collections.abc import Callable

from capillary_conformance.sandbox.faults.base import Broken, Json, register


@register
class LowerCaseEnum(Broken):
    name, breaks, description = "lower-case-enum", "enums", "communicationType answered in lower case"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "communicationType": item["communicationType"].lower()}
