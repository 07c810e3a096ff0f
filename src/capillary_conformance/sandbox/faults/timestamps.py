"""Faults the timestamps check must catch (``checks/timestamps.py``), one promise broken by each."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, timedelta, timezone
from typing import ClassVar

from capillary_conformance.contracts.formats import format_timestamp, parse_timestamp
from capillary_conformance.sandbox.faults.base import Broken, Json, register, restamped, with_attribution


@register
class TimestampWithoutOffset(Broken):
    name, breaks, description = "timestamp-without-offset", "timestamps", "createdOn without its +0000 offset"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return with_attribution(item, createdOn=item["attribution"]["createdOn"][:-5])


@register
class EpochTimestamps(Broken):
    name, breaks, description = "epoch-timestamps", "timestamps", "lastUpdatedOn as epoch milliseconds"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return with_attribution(item, lastUpdatedOn=str(item["id"] * 1_000_000 + 1_700_000_000_000))


@register
class UpdatedBeforeCreated(Broken):
    name, breaks, description = "updated-before-created", "timestamps", "lastUpdatedOn a year before createdOn"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        created_on = item["attribution"]["createdOn"]
        return with_attribution(item, lastUpdatedOn=f"{int(created_on[:4]) - 1}{created_on[4:]}")


@register
class February30(Broken):
    name, breaks, description = "february-30", "timestamps", "createdOn on a day that does not exist"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return with_attribution(
            item, createdOn=re.sub(r"^(\d{4})-\d{2}-\d{2}", r"\1-02-30", item["attribution"]["createdOn"])
        )


@register
class WrongTimeZone(Broken):
    name, breaks, description = "wrong-time-zone", "timestamps", "answers in UTC where the host's zone is +05:30"
    suite_env: ClassVar[dict[str, str]] = {"CAPILLARY_UTC_OFFSET": "+05:30"}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        def utc(value: str) -> str:
            return format_timestamp(parse_timestamp(value).astimezone(UTC))

        attribution = item["attribution"]
        return with_attribution(
            item, createdOn=utc(attribution["createdOn"]), lastUpdatedOn=utc(attribution["lastUpdatedOn"])
        )


@register
class LocalClockLabelledUtc(Broken):
    name, breaks = "local-clock-labelled-utc", "timestamps"
    description = "stamps the wall clock of a +05:30 server under a +0000 label (5.5 hours ahead)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return restamped(item, lambda moment: (moment + timedelta(hours=5, minutes=30)).replace(tzinfo=UTC))


@register
class ZoneFlips(Broken):
    name, breaks = "zone-flips", "timestamps"
    description = "every third write is answered in +0100, the others in +0000 (one server, two zones)"

    def __init__(self) -> None:
        self.writes = 0

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        self.writes += 1
        other = timezone(timedelta(hours=1))
        return item if self.writes % 3 else restamped(item, lambda moment: moment.astimezone(other))
