from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capillary_conformance.contracts.formats import format_timestamp, parse_offset, parse_timestamp


@pytest.mark.parametrize(
    "value",
    [
        "2025-11-11T12:50:03.444+0000",
        "2025-11-11T12:50:03Z",
        "2025-11-11T18:20:03+05:30",
        "2024-02-29T00:00:00.1-0800",
    ],
)
def test_accepts(value):
    parse_timestamp(value)


@pytest.mark.parametrize(
    "value",
    [
        "2025-11-11T12:50:03.444",  # no offset
        "2025-11-11 12:50:03Z",  # no T
        "2025-11-11T12:50Z",  # no seconds
        "2025-02-30T12:50:03Z",  # no such day
        "2025-02-29T12:50:03Z",  # not a leap year
        "2025-11-11T25:00:00Z",
        "1762865403444",
        "2025-11-11T12:50:03+5:30",
    ],
)
def test_rejects(value):
    with pytest.raises(ValueError, match=r"not|day|range|match"):
        parse_timestamp(value)


@given(
    st.datetimes(
        min_value=datetime(1000, 1, 1),
        timezones=st.sampled_from([parse_offset("+05:30"), parse_offset("Z"), parse_offset("-0800")]),
    )
)
def test_what_the_sandbox_writes_parses_back(moment):
    written = format_timestamp(moment)
    assert abs(parse_timestamp(written) - moment) < timedelta(milliseconds=1)
    assert written[-5] in "+-"
    assert ":" not in written[-5:]


ARABIC_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")


@pytest.mark.parametrize(
    "value",
    [
        "2025-11-11T12:50:03Z\n",
        "2025".translate(ARABIC_INDIC) + "-11-11T12:50:03Z",
        "2025-11-11T12:50:03+" + "0000".translate(ARABIC_INDIC),
    ],
)
def test_rejects_non_ascii_digits_and_trailing_newline(value):
    with pytest.raises(ValueError, match="not"):
        parse_timestamp(value)
