"""Faults the attribution check must catch (``checks/attribution.py``), one promise broken by each."""

from __future__ import annotations

from collections.abc import Callable

from capillary_conformance.sandbox.faults.base import Broken, Json, register, with_attribution


@register
class CreatedByFollowsUpdater(Broken):
    name, breaks, description = "created-by-follows-updater", "attribution", "an update answers a system createdBy"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        system = {"id": 1, "code": "system", "description": "", "name": "system", "type": "TILL"}
        return item if created else with_attribution(item, createdBy=system)
