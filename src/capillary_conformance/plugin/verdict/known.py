"""Known findings (``CAPILLARY_KNOWN_FINDINGS``): accepted deviations, each with a reason and a date after
which it fails the gate again. Each failed case is held against them as it is reported, so that pytest, JUnit
and Allure write an accepted one as skipped, with the reason: no output is patched afterwards.

An entry matches whole findings: every key it gives must hold for the finding (``check``: one of the
checks that found it; ``pointer``: the finding's pointer or a prefix of it; ``match``: text one of its
messages contains; ``region``: the run's region).
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from capillary_conformance.core.record import Finding, finding_key
from capillary_conformance.core.settings import ConfigError


class KnownFinding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(min_length=1)
    until: date
    check: str | None = None
    pointer: str | None = None
    match: str | None = None
    region: str | None = None

    def matches(self, finding: Finding, region: str) -> bool:
        return (
            (self.check is None or self.check in finding.checks)
            and (self.pointer is None or finding.pointer.startswith(self.pointer))
            and (self.match is None or any(self.match in message for message in finding.messages))
            and (self.region is None or self.region == region)
        )

    def live(self, today: date) -> bool:
        return today <= self.until

    def shown(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def load(path: Path) -> list[KnownFinding]:
    """The file's entries; anything wrong with it is one line of bad configuration."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read the known findings file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"the known findings file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the known findings file {path} is not valid TOML: {error}") from None
    unknown = set(data) - {"known"}
    if unknown:
        raise ConfigError(f"the known findings file {path} has {', '.join(sorted(unknown))}; it takes [[known]] only")
    listed = data.get("known", [])
    if not isinstance(listed, list) or not all(isinstance(entry, dict) for entry in listed):
        raise ConfigError(f"the known findings file {path} must list its entries as [[known]] tables")
    entries = []
    for number, entry in enumerate(listed, 1):
        try:
            entries.append(KnownFinding.model_validate(entry))
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(map(str, problem["loc"])) or "entry"
            raise ConfigError(f"{path}, [[known]] entry {number}: {where}: {problem['msg']}") from None
    return entries


def judge(
    findings: list[Finding], entries: list[KnownFinding], region: str, today: date, accepted: set[str]
) -> list[KnownFinding]:
    """Mark each finding known (a live entry matches it, and each of its cases was accepted as it was reported:
    ``accepted`` holds their ids) or expired (an entry past its date matches it); return the entries that
    matched nothing (fixed? remove them)."""
    used = set()
    for finding in findings:
        for number, entry in enumerate(entries):
            if not entry.matches(finding, region):
                continue
            used.add(number)
            if entry.live(today) and finding.known is None and set(finding.cases) <= accepted:
                finding.known = entry.shown()
            elif not entry.live(today) and finding.expired is None:
                finding.expired = entry.shown()
    return [e for n, e in enumerate(entries) if n not in used and e.region in (None, region)]


class KnownCases:
    """Which failed cases a live entry accepts, decided as each is reported. A case is matched as a finding of
    its own (its check, pointer, message); once an entry accepts one case of a finding, it accepts the later
    cases of that finding too (one bug, met by several checks)."""

    def __init__(self, entries: list[KnownFinding], region: str, today: date | None = None) -> None:
        self.live = [entry for entry in entries if entry.live(today or date.today())]
        self.region = region
        self.accepted: dict[str, KnownFinding] = {}  # finding key: the entry that accepted its first case

    def acceptance(self, pointer: str, rule: str, check: str, message: str) -> str:
        """Why the case is accepted, in the words the run shows it with; "" when no live entry accepts it."""
        key = finding_key(pointer, rule)
        entry = self.accepted.get(key)
        if entry is None:
            case = Finding(key=key, pointer=pointer or "answer", rules=[rule], checks=[check], messages=[message])
            entry = next((e for e in self.live if e.matches(case, self.region)), None)
        if entry is None:
            return ""
        self.accepted[key] = entry
        return Finding(key=key, pointer=pointer, known=entry.shown()).acceptance
