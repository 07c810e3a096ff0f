"""Faults the ledger check must catch (``checks/ledger.py``), one promise broken by each."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from starlette.responses import Response

from capillary_conformance.sandbox.faults.base import Broken, Json, register, with_attribution


class Counted(Broken):
    """A fault that knows how many upserts the host has answered (its trigger)."""

    def __init__(self) -> None:
        self.requests = 0

    async def before(self, request_number: int) -> Response | None:
        self.requests = request_number
        return None


@register
class RecyclesDeactivatedIds(Counted):
    name, breaks = "recycles-deactivated-ids", "ledger"
    description = "after 100 upserts, a new key is answered the id of an earlier key's deactivated row"
    AFTER: ClassVar[int] = 100

    def __init__(self) -> None:
        super().__init__()
        self.deactivated: list[int] = []
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if created and self.requests > self.AFTER and self.deactivated:
            self.renamed[row] = self.deactivated.pop(0)
        elif not item["active"] and row not in self.deactivated and row not in self.renamed:
            self.deactivated.append(row)
        return {**item, "id": self.renamed.get(row, row)}


@register
class FrozenLastUpdated(Broken):
    name, breaks = "frozen-last-updated", "ledger"
    description = "lastUpdatedOn stays at the row's first write, whatever changes after"

    def __init__(self) -> None:
        self.first: dict[int, str] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        first = self.first.setdefault(item["id"], item["attribution"]["lastUpdatedOn"])
        return with_attribution(item, lastUpdatedOn=first)


@register
class RowTakenOver(Counted):
    name, breaks = "row-taken-over", "ledger"
    description = "after 60 upserts, the next new key takes over the row of the first key written (its id)"
    AFTER: ClassVar[int] = 60

    def __init__(self) -> None:
        super().__init__()
        self.first_row: int | None = None
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if created and self.first_row is None:
            self.first_row = row
        elif created and self.requests > self.AFTER and self.first_row not in self.renamed and self.first_row:
            victim = self.first_row
            self.renamed[row], self.renamed[victim] = victim, new_id()  # the old key, written again: a new row
        return {**item, "id": self.renamed.get(row, row)}
