"""Faults the schema check must catch (``checks/schema.py``), one promise broken by each."""

from __future__ import annotations

from collections.abc import Callable

from capillary_conformance.sandbox.faults.base import Broken, Json, register


@register
class StringIds(Broken):
    name, breaks, description = "string-ids", "schema", "ids answered as JSON strings"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "id": str(item["id"])}


@register
class MissingCreatedBy(Broken):
    name, breaks, description = "missing-created-by", "schema", "attribution without createdBy"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "attribution": {k: v for k, v in item["attribution"].items() if k != "createdBy"}}
