"""The run's deprecation line: what the docs say of the API's end, and what the host's headers announce."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

DOCS = "the newer docs say it is being phased out in favour of the Create a Loyalty Promotion API"


def announced_date(value: str) -> str | None:
    """The date a Deprecation (RFC 9745: ``@1764547200``) or Sunset (RFC 8594: an HTTP date) header names;
    None when it names none (an older draft's ``Deprecation: true``)."""
    value = value.strip()
    try:
        if value.startswith("@"):
            return datetime.fromtimestamp(int(value[1:]), UTC).date().isoformat()
        return parsedate_to_datetime(value).astimezone(UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def deprecation_line(announced: dict[str, int]) -> str:
    """One line for the terminal, the report and results.json; ``announced`` counts "Sunset: <value>" headers."""
    said = []
    for header, count in sorted(announced.items()):
        name, _, value = header.partition(": ")
        day, deprecation = announced_date(value), name.lower() == "deprecation"
        what = "deprecated" if deprecation else "sunset"
        what += f" {'since' if deprecation else 'on'} {day}" if day else ""
        said.append(f"{what} ({name}: {value[:60]}, {count} answer(s))")
    host = (
        "; the host announces it: " + ", ".join(said) if said else "; no answer carried a Deprecation or Sunset header"
    )
    return f"the operation is deprecated: {DOCS}{host}"
