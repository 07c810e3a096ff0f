"""Run the suite against the regions of a targets file, a few at once, into one report and one summary;
or merge the results of several machines that each ran a share of the regions (``merge``).

Each region's folder (``regions/REGION/``) holds everything the combined report and summary are made
from: its Allure results, its ``results.json`` and ``region.json`` (the verdict row). So a share run on
another machine merges as if it had run here."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from capillary_conformance.cli import compare
from capillary_conformance.cli.contract import docs_line
from capillary_conformance.cli.runner import run_suite
from capillary_conformance.cli.targets import Target
from capillary_conformance.core.record import RunRecord
from capillary_conformance.core.settings import ConfigError, inherited, region_owned, without_settings
from capillary_conformance.plugin.outputs.allure import categories as allure_categories
from capillary_conformance.plugin.outputs.allure import property_line, write_unjudged_case
from capillary_conformance.plugin.outputs.render import cut_middle
from capillary_conformance.plugin.verdict.classify import ExitStatus
from capillary_conformance.plugin.verdict.history import History


@dataclass(frozen=True)
class RegionResult:
    target: Target
    exitstatus: int
    passed: int
    failed: int
    could_not_judge: int
    drift: int
    seconds: float
    note: str
    history: dict[str, Any] = field(default_factory=dict)  # the region's run against its history
    probes: dict[str, Any] = field(default_factory=dict)  # its answers to the probes, compared across regions
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The verdict row as ``region.json`` keeps it (the host, never the target's credentials)."""
        row = {k: v for k, v in vars(self).items() if k != "target"}
        return {"region": self.target.region, "host": self.target.host, **row}

    @classmethod
    def read(cls, path: Path) -> RegionResult:
        """A region's verdict row from its ``region.json``; OSError or ValueError if it cannot be read."""
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> RegionResult:
        """A verdict row, also one written by another version (unknown fields left out, missing ones empty)."""
        target = Target(str(row.get("region", "?")), {"CAPILLARY_BASE_URL": str(row.get("host", "?"))})
        known = {f.name for f in fields(cls)} - {"target"}
        blank = {"exitstatus": ExitStatus.COULD_NOT_JUDGE, "note": "no verdict in region.json", "seconds": 0.0}
        blank |= {name: 0 for name in ("passed", "failed", "could_not_judge", "drift")}
        return cls(target=target, **blank | {name: row[name] for name in known if name in row})

    @property
    def conforms(self) -> bool:
        return self.exitstatus == ExitStatus.CONFORMS

    @property
    def verdict(self) -> str:
        if self.exitstatus == ExitStatus.NOT_FULLY_JUDGED:
            return self.note or "not fully judged"
        if self.exitstatus == ExitStatus.CONFORMS:
            return "conforms" + (" (fixed since the last run)" if self.history.get("fixed") else "")
        if self.exitstatus == ExitStatus.VIOLATION:
            since = self.history.get("broken_since")
            new = len(self.history.get("new", []))
            return "violations" + (f" since {since['at']} ({since['runs']} runs), {new} new" if since else "")
        if self.note.startswith("could not judge"):
            return self.note
        return f"could not judge: {self.note}" if self.note else "could not judge"


def _run_region(target: Target, reports: Path, pytest_args: Sequence[str]) -> RegionResult:
    region_dir = reports / "regions" / target.region
    shutil.rmtree(region_dir, ignore_errors=True)
    started = time.monotonic()
    env = region_env(target) | {"CAPILLARY_REGION_PROBES": "1"}
    process = run_suite(pytest_args, env=env, reports=region_dir)
    seconds = time.monotonic() - started
    region_dir.mkdir(parents=True, exist_ok=True)
    (region_dir / "output.txt").write_text(process.stdout + process.stderr, encoding="utf-8")
    try:
        record = RunRecord.read(region_dir / "results.json")
    except (OSError, ValueError):
        record = RunRecord(region=target.region)  # the run stopped before it wrote one: the note says why
    tests = list(record.tests().values())  # counted as the HTML report counts them
    note = ""
    if process.returncode == ExitStatus.NOT_FULLY_JUDGED:
        note = record.verdict_line()  # "not fully judged: <what the budget or time left out>"
    elif process.returncode not in (ExitStatus.CONFORMS, ExitStatus.VIOLATION):
        lines = [line for line in (process.stderr + process.stdout).splitlines() if line.strip()]
        note = next((line for line in lines if "Exit:" in line or "error" in line.lower()), lines[-1] if lines else "")
        note = note.replace("Exit: ", "").strip()
    result = RegionResult(
        target=target,
        exitstatus=process.returncode,
        passed=tests.count("passed"),
        failed=tests.count("failed"),
        could_not_judge=tests.count("unjudged"),
        drift=len(record.drift),
        seconds=seconds,
        note=note,
        history=record.history,
        probes=record.probes,
        findings=[finding.model_dump(mode="json") for finding in record.findings],
    )
    (region_dir / "region.json").write_text(json.dumps(result.as_json(), indent=2), encoding="utf-8")
    return result


def region_env(target: Target, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """One rule, the nightly's and a replay's (``run --targets --region``): the region's keys, then
    ``[defaults]`` (both in ``target.env``), then the environment's settings but those that say which host and
    whose data."""
    environ = os.environ if environ is None else environ
    return without_settings(environ) | inherited(environ) | target.env


def ignored_settings(environ: Mapping[str, str]) -> str:
    """One line naming the environment's settings a nightly does not pass on ("" if none is set)."""
    ignored = [name for name in region_owned() if name in environ]
    if not ignored:
        return ""
    return (
        f"nightly: {', '.join(ignored)} in the environment ignored: each region names its own host, target, "
        "credentials and data in the targets file"
    )


def run_nightly(
    targets: Sequence[Target],
    reports: Path,
    pytest_args: Sequence[str] = (),
    at_once: int | None = None,
    docs_page: str | None = None,
) -> list[RegionResult]:
    """The regions, ``at_once`` at a time (default: the machine's cores), each its own process and rate
    budget; one down region stops none. ``docs_page``: a capture of the docs page, held against the contract in
    one line of the summary and the report (a capture that cannot be read is could-not-judge for that line)."""
    with ThreadPoolExecutor(max(1, at_once or os.cpu_count() or 1)) as pool:
        results = list(pool.map(lambda t: _run_region(t, reports, pytest_args), targets))
    combine(results, reports, docs_line(docs_page)[1] if docs_page else "")
    return results


def merge(shares: Sequence[Path], reports: Path, history_dir: Path | None = None) -> list[RegionResult]:
    """The regions of several nightly shares (their reports folders) as one nightly in ``reports``; with
    ``history_dir``, each region's run is remembered there too (the shares kept theirs elsewhere)."""
    results = []
    for share in shares:
        rows = sorted(share.glob("regions/*/region.json"))
        if not rows:
            raise ConfigError(f"{share} holds no region of a nightly (no regions/*/region.json)")
        for row in rows:
            target = reports / "regions" / row.parent.name
            if target.exists():
                raise ConfigError(f"region {row.parent.name} is in more than one share (again in {share})")
            try:
                verdict = RegionResult.read(row)
            except (OSError, ValueError) as error:
                raise ConfigError(f"{row} cannot be read as a region's verdict: {error}") from None
            shutil.copytree(row.parent, target)
            results.append(verdict)
            if history_dir is not None:
                _remember(history_dir, row.parent / "results.json")
    combine(results, reports)
    return results


def _remember(history_dir: Path, results_json: Path) -> None:
    """A share's region run, added to this machine's history (once: a merge run twice adds nothing)."""
    try:
        kept = RunRecord.read(results_json).history
    except (OSError, ValueError):
        return  # the region ran no test, or its file is cut short: nothing to remember
    record = kept.get("record")
    if record is None:
        return
    history = History(history_dir, record["region"], kept.get("limit", 30))
    if not any(run.get("at") == record["at"] and run.get("host") == record["host"] for run in history.runs):
        history.remember(record)


def combine(results: Sequence[RegionResult], reports: Path, docs: str = "") -> None:
    """The combined Allure results and the nightly summary file, from the regions' folders; ``docs``: the line
    on the docs page against the contract, if one was given."""
    by_region = {r.target.region: r.probes for r in results}
    differences = compare.differences(by_region)
    _combine_allure_results(results, reports, differences, docs)
    text = "\n".join([summary_table(results), *([docs] if docs else []), *compare.section(by_region, differences)])
    (reports / "nightly-summary.txt").write_text(text + "\n", encoding="utf-8")


def _combine_allure_results(
    results: Sequence[RegionResult], reports: Path, differences: list[compare.Difference], docs: str = ""
) -> None:
    combined = reports / "allure-results"
    shutil.rmtree(combined, ignore_errors=True)
    combined.mkdir(parents=True)
    # What broke first: each region that did not conform, its verdict, its findings and their replay lines;
    # then the regions that conform, how the regions differ, and last every region's settings (the panel
    # shows its first rows and folds the rest behind "Show all").
    leading: list[str] = []
    for result in in_order(results):
        region = result.target.region
        leading.append(property_line(f"{region}.Verdict", result.verdict))
        for number, finding in enumerate(result.findings, 1):
            leading.append(property_line(f"{region}.Finding {number}", _finding_words(finding)))
            if finding.get("replay"):
                leading.append(property_line(f"{region}.Replay {number}", finding["replay"]))
    if docs:
        leading.append(property_line("Docs", docs.removeprefix("docs: ")))
    for probe, facet, values in differences:
        shown = "; ".join(f"{region}: {value}" for region, value in values.items())
        leading.append(property_line(f"Regions differ, {probe} / {facet}", shown[:300]))
    settings: list[str] = []
    categories: dict[str, dict] = {}  # each region's, one per finding first: a finding two regions share is one
    for result in results:
        region_results = reports / "regions" / result.target.region / "allure-results"
        for file in region_results.glob("*") if region_results.is_dir() else []:
            if file.name == "environment.properties":
                lines = file.read_text(encoding="utf-8").splitlines()
                settings += [f"{result.target.region}.{line}" for line in lines if line and not _a_finding(line)]
            elif file.name == "categories.json":
                for category in json.loads(file.read_text(encoding="utf-8")):
                    categories.setdefault(category["name"], category)
            else:  # result and attachment files have unique names
                shutil.copy2(file, combined / file.name)
        if result.exitstatus not in (ExitStatus.CONFORMS, ExitStatus.VIOLATION, ExitStatus.NOT_FULLY_JUDGED):
            _record_unjudged_region(result, combined)
    (combined / "environment.properties").write_text("\n".join(leading + settings) + "\n", encoding="utf-8")
    for category in allure_categories([]):  # the categories every run has, even when no region wrote any
        categories.setdefault(str(category["name"]), category)
    findings_first = sorted(categories.values(), key=lambda category: not category["name"].startswith("Broken"))
    (combined / "categories.json").write_text(json.dumps(findings_first, indent=2), encoding="utf-8")


def _record_unjudged_region(result: RegionResult, results_dir: Path) -> None:
    """A region that could not be judged ran no test; it still gets a case, so the report shows it."""
    region = result.target.region
    description = f"No test ran against this region: {result.verdict}. See regions/{region}/output.txt."
    write_unjudged_case(results_dir, region, result.target.host, result.verdict, description)


def in_order(results: Sequence[RegionResult]) -> list[RegionResult]:
    """The regions as a person reads them in the morning: those that did not conform first (violations, then
    those not judged), each in the order of the targets file."""
    rank = {ExitStatus.VIOLATION: 0, ExitStatus.CONFORMS: 2}
    return sorted(results, key=lambda r: rank.get(r.exitstatus, 1))


def _a_finding(line: str) -> bool:
    """A region's own panel line of a finding (the nightly writes its findings with their replay lines first)."""
    return line.startswith("Finding\\ ")


def _finding_words(finding: dict[str, Any]) -> str:
    return (
        f"{finding.get('status', 'open').upper()} {finding.get('pointer', '')} "
        f"({', '.join(finding.get('rules', []))}): {cut_middle(finding.get('message', ''), 160)}"
    )


def summary_table(results: Sequence[RegionResult]) -> str:
    columns = f"{'passed':>6} {'failed':>6} {'cannot judge':>12} {'drift':>5} {'time':>7}"
    header = f"{'region':<14} {'host':<34} {columns}  verdict"
    rows = [header, "-" * len(header)]
    for r in in_order(results):
        judged = (ExitStatus.CONFORMS, ExitStatus.VIOLATION, ExitStatus.NOT_FULLY_JUDGED)
        judge = r.could_not_judge if r.exitstatus in judged else "all"
        rows.append(
            f"{r.target.region:<14} {r.target.host[:34]:<34} {r.passed:>6} {r.failed:>6} {judge!s:>12} "
            f"{r.drift:>5} {r.seconds:>6.1f}s  {r.verdict}"
        )
        rows += _what_broke(r)
    return "\n".join(rows)


def _what_broke(result: RegionResult) -> list[str]:
    """Under a region that did not conform: each finding in one line, and where its whole output is."""
    if result.conforms:
        return []
    lines = []
    for finding in result.findings:
        lines.append(f"    {_finding_words(finding)}")
        if finding.get("replay"):
            lines.append(f"      replay: {finding['replay']}")
    return [*lines, f"    its output: regions/{result.target.region}/output.txt (and its results.json)"]


def overall_status(results: Sequence[RegionResult]) -> int:
    statuses = {r.exitstatus for r in results}
    if ExitStatus.VIOLATION in statuses:
        return ExitStatus.VIOLATION
    if statuses == {ExitStatus.CONFORMS}:
        return ExitStatus.CONFORMS
    if statuses == {ExitStatus.CONFORMS, ExitStatus.NOT_FULLY_JUDGED} or statuses == {ExitStatus.NOT_FULLY_JUDGED}:
        return ExitStatus.NOT_FULLY_JUDGED
    return ExitStatus.COULD_NOT_JUDGE
