from datetime import timedelta, timezone

import pytest

from capillary_conformance.checks import CheckFailure, Expectations
from capillary_conformance.checks.timestamps import check_timestamps

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
