"""Runs remembered between runs (``CAPILLARY_HISTORY_DIR``): each failure placed in time, fixes listed.

``runs.jsonl`` holds one line per run and region: when, the verdict, and each case's outcome. It is kept
to ``history_limit`` runs per region, and written under a file lock, so the regions of a nightly (each its
own process) share it. The HTML report's trends read Allure's own history files beside it, one per report
(``allure-history-REGION.jsonl``, ``allure-history-nightly.jsonl``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from capillary_conformance.core.record import Case

RUNS_FILE = "runs.jsonl"
NEW, RECURRING, FIXED = "new", "recurring", "fixed"
JUDGED = ("passed", "failed")  # a skipped or unjudged case neither breaks nor extends a streak


def allure_history_file(report: str) -> str:
    return f"allure-history-{report}.jsonl"


@dataclass(frozen=True)
class Placement:
    """Where one case's outcome stands against the region's earlier runs."""

    kind: str  # NEW, RECURRING or FIXED
    since: str = ""  # RECURRING: the run that began the streak of failures
    runs: int = 0  # RECURRING: how many runs in a row failed it, this one included

    def __str__(self) -> str:
        if self.kind == RECURRING:
            return f"recurring: failing since {self.since} ({self.runs} runs in a row)"
        if self.kind == FIXED:
            return "fixed: it failed in the last run that judged it"
        return "new: no earlier run failed it"


class History:
    """One region's earlier runs, oldest first, as read when this run started."""

    def __init__(self, folder: Path, region: str, limit: int) -> None:
        self.folder = folder
        self.region = region
        self.limit = limit
        self.runs = [run for run in _read(folder / RUNS_FILE) if run.get("region") == region]
        self.started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")  # this run, as the history names it

    def place(self, case: str, failed: bool) -> Placement | None:
        """new / recurring (since when) for a failure, fixed for a pass that failed last time, else None."""
        judged = [run for run in self.runs if run.get("cases", {}).get(case) in JUDGED]
        streak = 0
        for run in reversed(judged):
            if run["cases"][case] != "failed":
                break
            streak += 1
        if failed:
            return Placement(RECURRING, judged[-streak]["at"], streak + 1) if streak else Placement(NEW)
        return Placement(FIXED) if streak else None

    def broken_since(self, failed_now: bool) -> tuple[str, int] | None:
        """When this region's current streak of runs with a violation began, and its length."""
        if not failed_now:
            return None
        streak = 0
        for run in reversed(self.runs):
            if not run.get("violations"):
                break
            streak += 1
        return (self.runs[-streak]["at"] if streak else self.started), streak + 1

    def trend(self, violations_now: bool, width: int = 10) -> str:
        """The region's last runs, newest first: x for a run with a violation, + for one without."""
        marks = ["x" if violations_now else "+"] + ["x" if run.get("violations") else "+" for run in self.runs[::-1]]
        return " ".join(marks[:width])

    def record(self, host: str, exitstatus: int, results: Iterable[Case]) -> dict[str, Any]:
        """This run as the history keeps it: each case's outcome (a could-not-judge case is not judged)."""
        cases: dict[str, str] = {}
        violations = False
        for case in results:
            # A known finding's case still failed: its streak goes on while an entry accepts it.
            outcome = "failed" if case.known else case.outcome
            outcome = "unjudged" if case.unjudged else outcome
            violations |= outcome == "failed" and not case.known
            if cases.get(case.nodeid) != "failed":  # a case with two reports keeps its failure
                cases[case.nodeid] = outcome
        return {
            "at": self.started,
            "region": self.region,
            "host": host,
            "exitstatus": exitstatus,
            "violations": violations,
            "cases": cases,
        }

    def remember(self, record: dict[str, Any]) -> None:
        """Append this run's record, keeping the last ``limit`` runs of each region."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / RUNS_FILE
        with FileLock(str(path) + ".lock"):
            runs = [*_read(path), record]
            mine = [run for run in runs if run.get("region") == self.region][-self.limit :]
            # Other regions' runs are theirs to cut (each may keep another number).
            kept = [run for run in runs if run.get("region") != self.region] + mine
            kept.sort(key=lambda run: run.get("at", ""))
            _write(path, kept)


def summarize(history: History | None, results: Sequence[Case]) -> dict[str, Any]:
    """The run against its history: which failures are new, recurring (since when) or flaky, what is fixed,
    and since when the region has been broken. Flaky needs no history: it is judged within the run."""
    failed = [case for case in results if case.violated]
    kinds: dict[str, list[dict[str, Any]]] = {NEW: [], RECURRING: [], FIXED: []}
    for case in results:
        if case.placement:
            kinds[case.placement["kind"]].append({"case": case.nodeid, "check": case.check, **case.placement})
    summary: dict[str, Any] = {
        "flaky": [{"case": case.nodeid, "check": case.check} for case in failed if case.flaky],
        **{
            kind: [{k: v for k, v in entry.items() if v or k == "case"} for entry in entries]
            for kind, entries in kinds.items()
        },
    }
    if history is not None:
        since = history.broken_since(bool(failed))
        summary |= {
            "dir": str(history.folder),
            "limit": history.limit,
            "earlier_runs": len(history.runs),
            "broken_since": None if since is None else {"at": since[0], "runs": since[1]},
            "trend": history.trend(bool(failed)),
        }
    return summary


def _read(path: Path) -> list[dict[str, Any]]:
    """Every readable line (a line cut short by a crash is left out, not an error)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    runs = []
    for line in lines:
        try:
            runs.append(json.loads(line))
        except ValueError:
            continue
    return runs


def _write(path: Path, runs: list[dict[str, Any]]) -> None:
    """Whole or not at all: a new file renamed over the old one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".runs-")
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.writelines(json.dumps(run, sort_keys=True) + "\n" for run in runs)
    os.replace(tmp, path)
