"""A rate as a host documents it, a duration as a person writes it."""

import pytest

from capillary_conformance.core.rates import Rate, parse_duration, parse_rate


@pytest.mark.parametrize(
    ("text", "rate"),
    [("100/min", Rate(100, 60)), ("2/s", Rate(2, 1)), ("6000/h", Rate(6000, 3600)), ("5", Rate(5)),
     ("0.5", Rate(0.5)), (" 100 / minute ", Rate(100, 60)), (3, Rate(3))],
)  # fmt: skip
def test_a_rate_is_read_in_its_own_terms(text, rate):
    assert parse_rate(text) == rate


def test_a_rate_keeps_its_period_when_shown_and_lowered():
    rate = parse_rate("100/min")
    assert str(rate) == "100/min"
    assert rate.per_second == pytest.approx(100 / 60)
    assert str(rate.scaled(0.8)) == "80/min"
    assert rate.seconds_for(300) == 180
    assert rate.requests_in(180) == 300
    assert str(parse_rate("5")) == "5/s"


@pytest.mark.parametrize("text", ["100/week", "fast", "0", "-1/min", "", "1/0", True])
def test_what_is_not_a_rate_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match=r"use e\.g\. 100/min"):
        parse_rate(text)


@pytest.mark.parametrize(("text", "seconds"), [("3m", 180), ("90s", 90), ("1h30m", 5400), ("45", 45), ("2.5", 2.5)])
def test_a_duration_is_read_as_a_person_writes_it(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["3x", "", "0", "m", "-1"])
def test_what_is_not_a_duration_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match=r"use e\.g\. 3m"):
        parse_duration(text)
