from dataclasses import replace
from datetime import UTC, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from capillary_conformance.checks import CheckFailure, Expectations
from capillary_conformance.checks.timestamps import check_one_zone, check_timestamps
from capillary_conformance.contracts import parse_timestamp

from .canned import EXPECT, answer, changed, upsert

INDIA = Expectations(utc_offset=timezone(timedelta(hours=5, minutes=30)))


@pytest.mark.parametrize("value", ["2025-11-11T12:50:03.444+0000", "2025-11-11T12:50:03Z", "2025-11-11T12:50:03+00:00"])
def test_every_offset_style_the_contract_allows_passes(value):
    body = changed("data.0.attribution.createdOn", value)
    check_timestamps(upsert(body), EXPECT)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2025-11-11T12:50:03", "with seconds and an offset"),
        ("2025-02-30T12:00:00+0000", "createdOn"),
        (1731329403444, "not a timestamp string"),
        ("2025-11-12T12:50:03.444+0000", "is before createdOn"),
    ],
)
def test_a_bad_or_out_of_order_timestamp_fails(value, says):
    with pytest.raises(CheckFailure, match=r"^\[timestamps\]") as failure:
        check_timestamps(upsert(changed("data.0.attribution.createdOn", value)), EXPECT)
    assert says in str(failure.value)


def test_the_configured_zone_is_enforced():
    with pytest.raises(CheckFailure, match=r"not in the host's time zone \+0530"):
        check_timestamps(upsert(answer()), INDIA)
    body = changed("data.0.attribution.createdOn", "2025-11-11T18:20:03.444+05:30")
    body["data"][0]["attribution"]["lastUpdatedOn"] = "2025-11-11T18:20:03.444+0530"
    check_timestamps(upsert(body), INDIA)


def stamped(value: str, answered: str | None = None):
    """The example upsert with both timestamps set to ``value`` (a new row), answered at ``answered``."""
    body = changed("data.0.attribution.createdOn", value)
    body["data"][0]["attribution"]["lastUpdatedOn"] = value
    exchange = upsert(body).exchange
    at = parse_timestamp(answered).astimezone(UTC) if answered else None
    return replace(upsert(body), exchange=replace(exchange, at=at))


def test_a_write_is_stamped_with_the_real_time_of_its_request():
    check_timestamps(stamped("2025-11-11T12:50:03.444+0000", "2025-11-11T12:58:00+0000"), EXPECT)  # 8 min skew
    check_timestamps(stamped("2025-11-11T18:20:03.444+0530", "2025-11-11T12:50:04+0000"), EXPECT)  # same instant
    with pytest.raises(CheckFailure, match=r"5\.5 h ahead of the time of the request"):
        # A +05:30 server's wall clock under a +0000 label.
        check_timestamps(stamped("2025-11-11T18:20:03.444+0000", "2025-11-11T12:50:04+0000"), EXPECT)
    with pytest.raises(CheckFailure, match=r"behind the time of the request"):
        check_timestamps(stamped("2025-11-11T07:50:03.444+0000", "2025-11-11T12:50:04+0000"), EXPECT)


def test_with_a_server_zone_each_written_timestamp_carries_its_offset_at_that_instant():
    london = Expectations(time_zone=ZoneInfo("Europe/London"))
    check_timestamps(stamped("2025-07-01T12:00:00+0100"), london)  # summer time
    check_timestamps(stamped("2025-11-11T12:00:00+0000"), london)
    with pytest.raises(CheckFailure, match=r"not in the server's zone Europe/London \(offset \+0100"):
        check_timestamps(stamped("2025-07-01T11:00:00+0000"), london)


def test_without_a_zone_the_run_writes_in_one_offset_with_one_whole_hour_switch_allowed():
    offsets: list = []
    for value in ["2025-03-30T00:59:00+0000", "2025-03-30T02:01:00+0100", "2025-03-30T02:05:00+0100"]:
        check_one_zone(stamped(value), EXPECT, offsets)  # a run across the switch to summer time
    with pytest.raises(CheckFailure, match=r"earlier writes were in \+0000, then \+0100"):
        check_one_zone(stamped("2025-03-30T01:06:00+0000"), EXPECT, offsets)
    with pytest.raises(CheckFailure, match=r"is in offset \+0530"):
        check_one_zone(stamped("2025-03-30T06:30:00+0530"), EXPECT, [timedelta(0)])
    check_one_zone(stamped("2025-03-30T06:30:00+0530"), INDIA, [timedelta(0)])  # a configured offset decides
