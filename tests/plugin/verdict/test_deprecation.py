"""The deprecation line: the docs' word, and the dates the host's Deprecation and Sunset headers name."""

import pytest

from capillary_conformance.plugin.verdict.deprecation import announced_date, deprecation_line


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("@1761955200", "2025-11-01"),  # RFC 9745: a structured-field date
        ("Wed, 30 Jun 2027 00:00:00 GMT", "2027-06-30"),  # RFC 8594: an HTTP date
        ("Sun, 11 Nov 2018 23:59:59 +0100", "2018-11-11"),
        ("true", None),  # an older draft's
        ("@soon", None),
        ("", None),
    ],
)
def test_the_date_a_header_names(value, day):
    assert announced_date(value) == day


def test_the_line_names_each_announced_date_and_how_often():
    line = deprecation_line({"Deprecation: @1761955200": 40, "Sunset: Wed, 30 Jun 2027 00:00:00 GMT": 40})
    assert line.startswith("the operation is deprecated: the newer docs say")
    assert "deprecated since 2025-11-01 (Deprecation: @1761955200, 40 answer(s))" in line
    assert "sunset on 2027-06-30 (Sunset: Wed, 30 Jun 2027 00:00:00 GMT, 40 answer(s))" in line


def test_without_headers_the_line_says_the_host_announced_nothing():
    assert deprecation_line({}).endswith("no answer carried a Deprecation or Sunset header")
    assert "deprecated (Deprecation: true" in deprecation_line({"Deprecation: true": 1})
