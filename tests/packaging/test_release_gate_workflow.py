"""The SDK release gate's contract steps, as the workflow writes them, run on a local copy without the network: the
suite version the SDK was last released with is a wheel built from a git revision of this repository (installed
into its own venv), the docs page a local capture, and an unreachable docs URL a warning (exit 3), never a fail."""

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

from tests.helpers import free_port

pytestmark = pytest.mark.slow  # builds wheels and a venv

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "sdk-release-gate.yml"
PAGES = ROOT / "tests" / "contracts" / "docs_pages"


def step(name: str) -> str:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["conformance"]["steps"]
    (found,) = [s for s in steps if s.get("name") == name]
    return found["run"]


def wheel_of_head(tmp_path: Path, edit=None) -> Path:
    """A wheel of this package built from ``git archive HEAD``, its contract edited by ``edit`` first."""
    tree = tmp_path / "tree"
    archived = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True)
    tree.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archived.stdout)) as archive:
        archive.extractall(tree, filter="data")
    if edit:
        edit(tree / "contracts")
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(tree)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = out.glob("*.whl")
    return wheel


def run_step(name: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir(exist_ok=True)
    environ = os.environ | {"RUNNER_TEMP": str(runner_temp), **env}
    environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environ['PATH']}"  # the job's python and suite
    return subprocess.run(
        ["bash", "-e", "-c", step(name)], env=environ, cwd=tmp_path, capture_output=True, text=True, timeout=600
    )


def test_the_contract_step_passes_when_the_last_release_has_todays_contract(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no revision to build the last release from")
    ran = run_step("the contract since the SDK's last release", tmp_path, CAPILLARY_LAST_RELEASE=str(
        wheel_of_head(tmp_path)))  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ") -> installed:" in ran.stdout


def test_the_contract_step_fails_on_a_change_breaking_for_clients(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no revision to build the last release from")

    def the_last_release_knew_pause(contracts: Path) -> None:
        enum = contracts / "schemas" / "communication-type.schema.json"
        enum.write_text(enum.read_text(encoding="utf-8").replace('"REMINDER"]', '"REMINDER", "PAUSE"]'))

    wheel = wheel_of_head(tmp_path, the_last_release_knew_pause)
    ran = run_step("the contract since the SDK's last release", tmp_path, CAPILLARY_LAST_RELEASE=str(wheel))
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "[breaking for clients] request[].communicationType: enum value(s) PAUSE removed" in ran.stdout


def test_the_docs_step_judges_a_capture_and_warns_when_the_page_cannot_be_fetched(tmp_path):
    agrees = run_step("the docs page against the contract", tmp_path,
                      CAPILLARY_DOCS_URL=str(PAGES / "november-2025.rendered.txt"))  # fmt: skip
    assert agrees.returncode == 0, agrees.stdout
    differs = run_step("the docs page against the contract", tmp_path,
                       CAPILLARY_DOCS_URL=str(PAGES / "june-2025.markdown.md"))  # fmt: skip
    assert differs.returncode == 1
    down = run_step("the docs page against the contract", tmp_path,
                    CAPILLARY_DOCS_URL=f"http://127.0.0.1:{free_port()}/upsert-target-communication")  # fmt: skip
    assert down.returncode == 0
    assert "::warning::the docs page could not be fetched" in down.stdout
