"""The timestamps check: ``createdOn`` and ``lastUpdatedOn`` are contract timestamps, in the host's zone, in
order, and what a request writes is stamped with the real time of the request, in the one zone of the server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from capillary_conformance.checks.base import CheckFailure, Expectations, Upsert, at, attribution, require
from capillary_conformance.checks.registry import answer_check, observes
from capillary_conformance.contracts.formats import format_offset, parse_timestamp
from capillary_conformance.core.quoting import quoted

NAME = "timestamps"
FIELDS = ("createdOn", "lastUpdatedOn")


def parsed(item: dict, field: str, expect: Expectations) -> datetime:
    require(
        isinstance(item.get("attribution"), dict),
        NAME,
        f"item {quoted(item.get('id'))} has no attribution object",
        at("attribution"),
        "required",
    )
    value = attribution(item).get(field)
    require(
        isinstance(value, str),
        NAME,
        f"attribution.{field} is {quoted(value)}, not a timestamp string",
        at("attribution", field),
        "format",
    )
    try:
        moment = parse_timestamp(value)
    except ValueError as error:
        raise CheckFailure(NAME, f"attribution.{field}: {error}", at("attribution", field), "format") from None
    if expect.utc_offset is not None:
        require(
            moment.utcoffset() == expect.utc_offset.utcoffset(None),
            NAME,
            f"attribution.{field} {quoted(value)} is not in the host's time zone {format_offset(expect.utc_offset)}",
            at("attribution", field),
            "zone",
        )
    return moment


@answer_check(
    NAME,
    order=10,
    deep_share=0.2,
    label="times",
    promise="createdOn/lastUpdatedOn: ISO 8601 with seconds and an offset, real dates, in order; what a write "
    "stamps is the real time, in the server's one zone",
)
def check_timestamps(upsert: Upsert, expect: Expectations) -> None:
    for item in upsert.answer_items(NAME):
        created, updated = (parsed(item, field, expect) for field in FIELDS)
        require(
            updated >= created,
            NAME,
            f"item {quoted(item.get('id'))}: lastUpdatedOn {updated.isoformat()} is before createdOn "
            f"{created.isoformat()}",
            at("attribution", "lastUpdatedOn"),
            "order",
        )
        check_real_clock(upsert, item, updated, expect)
        if expect.time_zone is not None:
            for field, moment in written(item, created, updated):
                zone_offset = moment.astimezone(expect.time_zone).utcoffset()
                require(
                    moment.utcoffset() == zone_offset,
                    NAME,
                    f"attribution.{field} {quoted(attribution(item)[field])} is not in the server's zone "
                    f"{expect.time_zone} "
                    f"(offset {_offset(zone_offset)} at that instant)",
                    at("attribution", field),
                    "zone",
                )


def written(item: dict, created: datetime, updated: datetime) -> list[tuple[str, datetime]]:
    """The timestamps the request itself wrote: lastUpdatedOn, and createdOn when the row is new (equal)."""
    return [("lastUpdatedOn", updated), *([("createdOn", created)] if created == updated else [])]


def check_real_clock(upsert: Upsert, item: dict, updated: datetime, expect: Expectations) -> None:
    """A write is stamped with the real time of its request: a server that writes its local wall clock
    under another offset's label is hours off. The tolerance covers clock skew and the request's own time."""
    answered = upsert.exchange.at
    if answered is None:
        return
    off = updated - answered
    tolerance = expect.clock_skew + timedelta(seconds=upsert.exchange.elapsed)
    require(
        abs(off) <= tolerance,
        NAME,
        f"item {quoted(item.get('id'))}: lastUpdatedOn {quoted(attribution(item).get('lastUpdatedOn'))} is "
        f"{_duration(abs(off))} "
        f"{'ahead of' if off > timedelta(0) else 'behind'} the time of the request "
        f"({answered.isoformat(timespec='seconds')}), beyond the {_duration(expect.clock_skew)} allowed for clock "
        "skew: a local wall clock under another offset's label?",
        at("attribution", "lastUpdatedOn"),
        "real-clock",
    )


@observes(NAME, memory=list)
def check_one_zone(upsert: Upsert, expect: Expectations, offsets: list[timedelta]) -> None:
    """Without a configured zone or offset: every timestamp written in the run shares one offset ("the
    response time zone always matches the server time zone"); one change by a whole hour is allowed (a run
    across a daylight-saving switch). ``offsets``: the run's offsets so far, in order (kept by the caller)."""
    if expect.time_zone is not None or expect.utc_offset is not None or upsert.exchange.status != 200:
        return
    body = upsert.exchange.json if upsert.exchange.is_json() else None
    data = body.get("data") if isinstance(body, dict) else None
    for item in data if isinstance(data, list) else []:
        try:
            created, updated = (parse_timestamp(attribution(item)[field]) for field in FIELDS)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # the format is this check's first question, asked on every answer
        for field, moment in written(item, created, updated):
            offset = moment.utcoffset()
            if not offsets:
                offsets.append(offset)
            elif offset != offsets[-1]:
                one_switch = len(offsets) == 1 and abs(offset - offsets[0]) == timedelta(hours=1)
                require(
                    one_switch,
                    NAME,
                    f"attribution.{field} {quoted(attribution(item)[field])} is in offset {_offset(offset)}, "
                    "where this "
                    f"run's earlier writes were in {', then '.join(map(_offset, offsets))}: the docs say timestamps "
                    "are in the server's one time zone (one whole-hour change, a daylight-saving switch, is allowed)",
                    at("attribution", field),
                    "zone",
                )
                offsets.append(offset)


def _offset(offset: timedelta | None) -> str:
    return format_offset(timezone(offset or timedelta(0)))


def _duration(span: timedelta) -> str:
    minutes = span.total_seconds() / 60
    return f"{minutes / 60:.1f} h" if minutes >= 90 else f"{minutes:.0f} min"
