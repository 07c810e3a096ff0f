"""Faults the stateful check must catch (``checks/stateful.py``), one promise broken by each."""

from __future__ import annotations

from collections.abc import Callable

from capillary_conformance.sandbox.faults.base import Broken, Json, register


@register
class ForgetsOldRows(Broken):
    name, breaks, description = "forgets-old-rows", "stateful", "only the 3 most recent keys keep their id"

    def __init__(self) -> None:
        self.recent: list[int] = []
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if row in self.renamed and row not in self.recent:
            self.renamed[row] = new_id()
        self.renamed.setdefault(row, row)
        self.recent = [*[r for r in self.recent if r != row][-2:], row]
        return {**item, "id": self.renamed[row]}
