"""Check 4: createdOn and lastUpdatedOn are contract timestamps, in the host's zone, in order."""

from __future__ import annotations

from datetime import datetime

from capillary_conformance.checks.base import CheckFailure, Expectations, Upsert, attribution, require
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.contracts.formats import format_offset, parse_timestamp

CHECK = register(
    Check(
        "timestamps",
        number=4,
        rank=10,
        deep_share=0.2,
        label="times",
        promise="createdOn/lastUpdatedOn: ISO 8601 with seconds and an offset, real dates, the host's zone, in order",
    )
)
NAME = CHECK.name
FIELDS = ("createdOn", "lastUpdatedOn")


def parsed(item: dict, field: str, expect: Expectations) -> datetime:
    require(isinstance(item.get("attribution"), dict), NAME, f"item {item.get('id')!r} has no attribution object")
    value = attribution(item).get(field)
    require(isinstance(value, str), NAME, f"attribution.{field} is {value!r}, not a timestamp string")
    try:
        moment = parse_timestamp(value)
    except ValueError as error:
        raise CheckFailure(NAME, f"attribution.{field}: {error}") from None
    if expect.utc_offset is not None:
        require(
            moment.utcoffset() == expect.utc_offset.utcoffset(None),
            NAME,
            f"attribution.{field} {value!r} is not in the host's time zone {format_offset(expect.utc_offset)}",
        )
    return moment


def check_timestamps(upsert: Upsert, expect: Expectations) -> None:
    for item in upsert.answer_items(NAME):
        created, updated = (parsed(item, field, expect) for field in FIELDS)
        require(
            updated >= created,
            NAME,
            f"item {item.get('id')!r}: lastUpdatedOn {updated.isoformat()} is before createdOn {created.isoformat()}",
        )
