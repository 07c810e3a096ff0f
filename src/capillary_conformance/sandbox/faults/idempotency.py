"""Faults the idempotency check must catch (``checks/idempotency.py``), one promise broken by each."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from capillary_conformance.sandbox.faults.base import ENVIRONMENT, TEXT_FIELDS, Broken, Json, register, with_attribution
from capillary_conformance.sandbox.store import Stored


@register
class NewRowAfterDeactivation(Broken):
    name, breaks = "new-row-after-deactivation", "idempotency"
    description = "a key written active again after it was deactivated gets a new id (as if deactivating deleted it)"

    def __init__(self) -> None:
        self.inactive: set[int] = set()
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if not item["active"]:
            self.inactive.add(row)
        elif row in self.inactive:
            self.inactive.discard(row)
            self.renamed[row] = new_id()
        return {**item, "id": self.renamed.get(row, row)}


@register
class NewIdOnRepeat(Broken):
    name, breaks, description = "new-id-on-repeat", "idempotency", "every update answers a fresh id"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return item if created else {**item, "id": new_id()}


@register
class CreatedOnMoves(Broken):
    name, breaks, description = "created-on-moves", "idempotency", "an update moves createdOn to now"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return item if created else with_attribution(item, createdOn=item["attribution"]["lastUpdatedOn"])


@register
class StaleTemplatesOnChannel2(Broken):
    name, breaks = "stale-templates-on-channel-2", "idempotency"
    description = "environment mode: an update on channel 2 answers the templates first seen"
    suite_env: ClassVar[dict[str, str]] = ENVIRONMENT

    def __init__(self) -> None:
        self.first: dict[int, Json] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        if item["channelId"] != 2:
            return item
        first = self.first.setdefault(item["id"], item)
        return {**item, "subjectTemplate": first["subjectTemplate"], "messageTemplate": first["messageTemplate"]}


@register
class UpdateIgnored(Broken):
    name, breaks, description = "update-ignored", "idempotency", "an update answers (and keeps) the first values"

    def __init__(self) -> None:
        self.first: dict[int, Json] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        first = self.first.setdefault(item["id"], item)
        return {**item, **{f: first[f] for f in (*TEXT_FIELDS, "offsetDays", "active")}}


@register
class KeyIgnoresChannel(Broken):
    name, breaks, description = "key-ignores-channel", "idempotency", "rows keyed by communicationType alone"

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "id": self.ids.setdefault(item["communicationType"], item["id"])}


@register
class DuplicatesWhenConcurrent(Broken):
    name, breaks = "duplicates-when-concurrent", "idempotency"
    description = "reads, then inserts: one in four pairs of identical upserts that overlap makes a second row"

    def __init__(self) -> None:
        self.in_flight: dict[tuple[Any, ...], int] = {}
        self.races = 0

    async def write(self, key: tuple[Any, ...], write: Callable[[], tuple[Stored, bool]]) -> tuple[Stored, bool]:
        racing = self.in_flight.get(key, 0) > 0
        self.in_flight[key] = self.in_flight.get(key, 0) + 1
        try:
            await asyncio.sleep(0.005)  # the round trip between a backend's read and its insert
            racing = racing or self.in_flight[key] > 1
        finally:
            self.in_flight[key] -= 1
        stored, created = write()
        if racing:
            self.races += 1
            if self.races % 4 == 1:  # this request inserted a row of its own
                return replace(stored, id=stored.id + 1_000_000, created_on=stored.last_updated_on), True
        return stored, created


@register
class OneIdForConcurrentInserts(Broken):
    name, breaks = "one-id-for-concurrent-inserts", "idempotency"
    description = "two new keys inserted by requests in flight together, within 50 ms, are answered one id"

    def __init__(self) -> None:
        self.inside: set[int] = set()  # requests whose insert has not been answered yet
        self.last: tuple[int, int, float] | None = None  # the last insert: its request, its id, when

    async def write(self, key: tuple[Any, ...], write: Callable[[], tuple[Stored, bool]]) -> tuple[Stored, bool]:
        me = id(asyncio.current_task())
        stored, created = write()
        if not created:
            return stored, created
        now, last = asyncio.get_running_loop().time(), self.last
        if last is not None and last[0] != me and last[0] in self.inside and now - last[2] < 0.05:
            return replace(stored, id=last[1]), True  # the sequence read once for both
        self.last = (me, stored.id, now)
        self.inside.add(me)
        try:
            await asyncio.sleep(0.02)  # the round trip between a backend's insert and its commit
        finally:
            self.inside.discard(me)
        return stored, created


@register
class DropsUpdateAfterInsert(Broken):
    name, breaks = "drops-update-after-insert", "idempotency"
    description = "an update landing within 100 ms of its key's insert is lost: answered and kept as inserted"

    def __init__(self) -> None:
        self.inserted: dict[tuple[Any, ...], tuple[float, Stored]] = {}

    async def write(self, key: tuple[Any, ...], write: Callable[[], tuple[Stored, bool]]) -> tuple[Stored, bool]:
        now = asyncio.get_running_loop().time()
        insert = self.inserted.get(key)
        if insert is not None and now - insert[0] < 0.1:
            return insert[1], False
        stored, created = write()
        if created:
            self.inserted[key] = (now, stored)
        return stored, created
