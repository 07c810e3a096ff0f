"""The timestamp format the real service writes, registered as a named JSON Schema format.

RFC 3339 (``date-time``) rejects ``2025-11-11T12:50:03.444+0000``, which the real service sends,
so the contract names its own format and every check uses it.
"""

from __future__ import annotations

import re
from datetime import datetime

from jsonschema import FormatChecker

from capillary_conformance.core.timezones import format_offset, parse_offset

__all__ = ["format_offset", "format_timestamp", "is_timestamp", "parse_offset", "parse_timestamp"]

TIMESTAMP_FORMAT = "capillary-timestamp"

_TIMESTAMP = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})\Z",
    re.ASCII,  # ASCII digits only, as in the schema's pattern; and \Z, so no trailing newline slips through
)


def parse_timestamp(value: str) -> datetime:
    """Parse a contract timestamp into an aware datetime; ValueError says what is wrong."""
    match = _TIMESTAMP.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not an ISO 8601 date-time with seconds and an offset (Z, +hh:mm or +hhmm)")
    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    naive = datetime.strptime(f"{match['date']}T{match['time']}", "%Y-%m-%dT%H:%M:%S")
    return naive.replace(microsecond=int(fraction), tzinfo=parse_offset(match["offset"]))


def format_timestamp(moment: datetime) -> str:
    """Milliseconds and a colon-less offset, as in ``2025-11-11T12:50:03.444+0000``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}" + moment.strftime("%z")


def is_timestamp(value: object) -> bool:
    """The named format's verdict. Formats only judge strings; "type" reports the rest."""
    if not isinstance(value, str):
        return True
    try:
        parse_timestamp(value)
    except ValueError:
        return False
    return True


def format_checker() -> FormatChecker:
    checker = FormatChecker()
    # raises=ValueError: python-jsonschema then quotes parse_timestamp's explanation in its message.
    checker.checks(TIMESTAMP_FORMAT, raises=ValueError)(
        lambda value: not isinstance(value, str) or bool(parse_timestamp(value))
    )
    return checker
