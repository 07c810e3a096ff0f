"""Turn Allure results into the static HTML report with the real Allure generator.

Allure 3 (npm ``allure``, Node only; the README says why not Allure 2), with its ``allure2`` report
plugin: one self-contained HTML file, the categories and environment our results carry, no analytics.
The package carries the generator's ``package.json`` and lock file (``report_tool/``), not the generator:
on first use ``npm ci`` installs exactly that version into a per-user cache directory, so an installed
wheel needs no checkout, and a CI job can keep the directory between runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import platformdirs

TOOL_SPEC = Path(__file__).resolve().parent / "report_tool"
SPEC_FILES = ("package.json", "package-lock.json")
HOW_TO_GET_IT = "install Node.js 20+ (with npm), then run `capillary-conformance report`"


class ReportToolMissing(RuntimeError):
    """No Allure generator could be found or installed; the message says how to get one."""


def tool_dir() -> Path:
    """Where the generator lives: one folder per lock file, so a new version never reuses an old install."""
    digest = hashlib.sha256(b"".join((TOOL_SPEC / name).read_bytes() for name in SPEC_FILES)).hexdigest()[:12]
    return platformdirs.user_cache_path("capillary-conformance") / f"allure-{digest}"


def _install(target: Path, npm: str) -> None:
    """``npm ci`` into a fresh folder beside the target, then one rename: two runs installing at once
    (xdist, a nightly) never see or leave a half-installed tool."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target.parent))
    try:
        for name in SPEC_FILES:
            shutil.copyfile(TOOL_SPEC / name, staging / name)
        with contextlib.suppress(subprocess.TimeoutExpired):  # then reported as a missing tool
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=staging, check=False, capture_output=True, timeout=600,
            )  # fmt: skip
        if (staging / "node_modules" / ".bin" / "allure").exists():
            with contextlib.suppress(OSError):  # another run got there first: theirs is as good
                os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def find_allure() -> str:
    """The pinned generator from the cache, installed on first use."""
    local = tool_dir() / "node_modules" / ".bin" / "allure"
    npm = shutil.which("npm")
    if not local.exists() and npm:
        _install(tool_dir(), npm)
    if local.exists():
        return str(local)
    raise ReportToolMissing(f"no Allure report generator: {HOW_TO_GET_IT}")


def generate(results_dir: Path, html_dir: Path, history: tuple[Path, int] | None = None, headline: str = "") -> Path:
    """The HTML report; with ``history`` (Allure's history file and how many runs it keeps), this run is
    appended to it and the report's trends show the runs before. ``headline`` goes into the title, the
    first thing on its first screen."""
    if not shutil.which("node"):
        raise ReportToolMissing(f"the Allure generator needs Node.js: {HOW_TO_GET_IT}")
    allure = find_allure()
    name = f"Capillary conformance: {headline}" if headline else "Capillary conformance"
    config = {
        "name": name,
        "output": str(html_dir.resolve()),
        "plugins": {"allure2": {"options": {"singleFile": True, "reportName": name}}},
    }
    if history is not None:
        history[0].parent.mkdir(parents=True, exist_ok=True)
        config |= {"historyPath": str(history[0].resolve()), "historyLimit": history[1]}
    shutil.rmtree(html_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        config_file = Path(tmp) / "allurerc.json"
        config_file.write_text(json.dumps(config), encoding="utf-8")
        try:
            result = subprocess.run(
                [allure, "generate", str(results_dir.resolve()), "--config", str(config_file)],
                capture_output=True, text=True, timeout=600, cwd=tmp,
                env={**os.environ, "ALLURE_NO_ANALYTICS": "true", "NO_COLOR": "1"},
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise ReportToolMissing("allure generate took more than 10 minutes") from None
    index = html_dir / "index.html"
    if result.returncode != 0 or not index.is_file():
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"exit {result.returncode}"]
        raise ReportToolMissing(f"allure generate failed: {last[0]}")
    return index
