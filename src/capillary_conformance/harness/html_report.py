"""Turn Allure results into the static HTML report with the real Allure generator."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]


class ReportToolMissing(RuntimeError):
    """No Allure generator could be found or installed; the message says how to get one."""


def find_allure(install: bool = True) -> str:
    """The ``allure`` command: on PATH, or installed from the project's package.json with npm."""
    local = PROJECT_ROOT / "node_modules" / ".bin" / "allure"
    if local.exists():
        return str(local)
    on_path = shutil.which("allure")
    if on_path:
        return on_path
    npm = shutil.which("npm")
    if install and npm and (PROJECT_ROOT / "package.json").exists():
        with contextlib.suppress(subprocess.TimeoutExpired):  # then reported below as a missing tool
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=PROJECT_ROOT, check=False, capture_output=True, timeout=600,
            )  # fmt: skip
        if local.exists():
            return str(local)
    raise ReportToolMissing(
        "no Allure report generator: install Node.js (npm) and Java 8+, then run `npm ci` in the project root "
        "(or put `allure` on PATH) and `capillary-conformance report`"
    )


def generate(results_dir: Path, html_dir: Path) -> Path:
    if not shutil.which("java") and not Path("/usr/lib/jvm").exists():
        raise ReportToolMissing(
            "the Allure generator needs Java 8+ on PATH (e.g. apt-get install default-jre-headless)"
        )
    allure = find_allure()
    try:
        result = subprocess.run(
            [allure, "generate", str(results_dir), "-o", str(html_dir), "--clean", "--single-file"],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise ReportToolMissing("allure generate took more than 10 minutes") from None
    if result.returncode != 0:
        raise ReportToolMissing(f"allure generate failed: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
    return html_dir / "index.html"
