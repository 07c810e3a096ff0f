"""UTC offsets as the real service writes them (``+0530``) and as people type them (``+05:30``, ``Z``).

Core, not contract: a setting (the offset a host must answer in) and the timestamp format both read them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone


def parse_offset(text: str) -> timezone:
    """``Z``, ``+05:30`` or ``+0530`` as a timezone; ValueError when it is none of those."""
    if text == "Z":
        return UTC
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text, re.ASCII)
    if match is None:
        raise ValueError(f"{text!r} is not a UTC offset like +05:30, +0530 or Z")
    hours, minutes = int(match[2]), int(match[3])
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text!r} is not a UTC offset: hours 00-23, minutes 00-59")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if match[1] == "-" else delta)


def format_offset(zone: timezone) -> str:
    """The real service's style: ``+0000``, ``+0530``."""
    return datetime(2000, 1, 1, tzinfo=zone).strftime("%z")
