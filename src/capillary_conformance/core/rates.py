"""A rate in the terms a host documents it (Capillary writes "100 requests per minute per API key"), and a
run's duration as a person writes it (``3m``).

A bare number is per second (what ``CAPILLARY_RATE_LIMIT`` always took); ``100/min``, ``2/s`` and
``6000/h`` say their period, and a run keeps the period: a limit of 100 a minute is not the same promise as
1.67 a second to a host that counts its window in minutes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

PERIODS = {"s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}
_NAMES = {1.0: "s", 60.0: "min", 3600.0: "h"}
_RATE = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(?:/\s*([a-z]+))?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    """``count`` requests in each ``period`` seconds."""

    count: float
    period: float = 1.0

    @property
    def per_second(self) -> float:
        return self.count / self.period

    def seconds_for(self, requests: int) -> float:
        """How long ``requests`` take at this rate."""
        return requests / self.per_second

    def requests_in(self, seconds: float) -> int:
        return math.floor(seconds * self.per_second)

    def scaled(self, factor: float) -> Rate:
        """The same period, ``factor`` times the count (whole requests, once there are ten or more)."""
        count = self.count * factor
        return Rate(float(math.floor(count)) if count >= 10 else round(count, 2), self.period)

    def __str__(self) -> str:
        return f"{self.count:g}/{_NAMES.get(self.period, f'{self.period:g}s')}"


def parse_rate(value: Any) -> Rate:
    """``100/min``, ``1.5/s``, ``6000/h`` or a bare number of requests per second."""
    if isinstance(value, Rate):
        return value
    match = _RATE.fullmatch(str(value)) if not isinstance(value, bool) else None
    period = PERIODS.get((match.group(2) or "s").lower()) if match else None
    if match is None or period is None or not float(match.group(1)) > 0:
        raise ValueError(f"{value!r} is not a rate; use e.g. 100/min (also /s, /h; a bare number is per second)")
    return Rate(float(match.group(1)), period)


_DURATION = re.compile(r"(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?", re.IGNORECASE)


def parse_duration(value: Any) -> float:
    """``3m``, ``90s``, ``1h30m`` or a bare number of seconds; the seconds."""
    text = str(value).strip()
    try:
        seconds = float(text)
    except ValueError:
        match = _DURATION.fullmatch(text) if text else None
        hours, minutes, secs = (int(part or 0) for part in match.groups()) if match else (0, 0, 0)
        seconds = hours * 3600.0 + minutes * 60.0 + secs
    if isinstance(value, bool) or not 0 < seconds < math.inf:
        raise ValueError(f"{value!r} is not a duration; use e.g. 3m, 90s or 1h30m")
    return seconds
