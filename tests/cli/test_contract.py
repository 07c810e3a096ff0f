"""``contract check-docs``: captures of the docs page against the contract, in words and as JSON, with its exit
statuses; and the nightly's one line on the docs (never a violation of a host)."""

import json
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from capillary_conformance.cli.contract import check_docs, diff, docs_line
from capillary_conformance.cli.nightly import RegionResult, combine, overall_status
from capillary_conformance.cli.targets import Target
from capillary_conformance.contracts import CONTRACT_DIR
from tests.helpers import free_port

PAGES = Path(__file__).parents[1] / "contracts" / "docs_pages"
NEWER = str(PAGES / "november-2025.rendered.txt")
OLDER = str(PAGES / "june-2025.markdown.md")


def test_the_newer_capture_agrees_exit_0(capsys):
    assert check_docs([NEWER]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("(the rendered page) against contract 2025.11.0: agrees")
    assert "(rendering, not a change: the path /v3/targetGroups/targets//communications/upsert lost its ids" in out


def test_the_older_capture_says_the_reviewed_list_exit_1(capsys):
    assert check_docs([OLDER]) == 1
    reviewed = (PAGES / "june-2025.markdown.differences.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().out == reviewed.replace("tests/contracts/docs_pages/june-2025.markdown.md", OLDER)


def test_json_for_ci(capsys):
    assert check_docs([NEWER, OLDER], "json") == 1
    pages = json.loads(capsys.readouterr().out)
    assert [page["agrees"] for page in pages] == [True, False]
    assert [d["kind"] for d in pages[1]["differences"]] == ["operation id", "deprecation", "description", "description"]


def test_a_page_that_cannot_be_read_is_one_line_exit_4(capsys, tmp_path):
    assert check_docs([str(tmp_path / "nowhere.md")]) == 4
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("capillary-conformance: cannot read the docs page")


def test_the_nightlys_line_agrees_differs_or_could_not_judge(tmp_path):
    assert docs_line(NEWER)[0] == "agree"
    status, line = docs_line(OLDER)
    assert status == "differ"
    assert "differs from contract 2025.11.0 in 4 way(s), first: operation id" in line
    assert f"contract check-docs {OLDER}" in line
    unreachable = docs_line(f"http://127.0.0.1:{free_port()}/docs/upsert-target-communication")
    assert unreachable[0] == "could not judge"
    assert unreachable[1].startswith("docs: could not judge: cannot fetch the docs page http://127.0.0.1:")


def test_the_nightly_says_it_in_its_summary_and_report_and_its_exit_status_is_the_regions(tmp_path):
    target = Target("eu", {"CAPILLARY_BASE_URL": "https://eu.api.example.test"})
    results = [RegionResult(target, 0, 40, 0, 0, 2, 12.5, "", {}, {}, [])]
    _, line = docs_line(OLDER)
    combine(results, tmp_path, line)
    assert line in (tmp_path / "nightly-summary.txt").read_text(encoding="utf-8")
    panel = (tmp_path / "allure-results" / "environment.properties").read_text(encoding="utf-8")
    assert panel.startswith("eu.Verdict=conforms\nDocs=the page")
    assert overall_status(results) == 0  # the docs differ; the host still conforms


def edited_copy(tmp_path: Path) -> Path:
    """Today's contract with one answer field removed: breaking for clients."""
    copy = tmp_path / "new" / "contracts"
    shutil.copytree(CONTRACT_DIR, copy)
    schema = copy / "schemas" / "communication.schema.json"
    document = json.loads(schema.read_text(encoding="utf-8"))
    del document["properties"]["sender"]
    document["required"].remove("sender")
    schema.write_text(json.dumps(document), encoding="utf-8")
    return copy


def test_diff_says_each_change_and_whom_it_breaks(tmp_path, capsys):
    assert diff(str(CONTRACT_DIR), str(edited_copy(tmp_path))) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("(2025.11.0): 1 change(s): 1 breaking for clients, 0 breaking for hosts, 0 neither")
    assert lines[1] == (
        "  [breaking for clients] answer data[].sender: removed from the answer: an SDK that reads it finds nothing"
    )
    assert diff(str(CONTRACT_DIR), str(edited_copy(tmp_path / "again")), fail_on="hosts") == 0


def test_diff_reads_a_checkout_a_wheel_and_an_installed_version(tmp_path, capsys):
    wheel = tmp_path / "capillary_conformance-0.0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path in CONTRACT_DIR.rglob("*"):
            if path.is_file():
                archive.write(path, f"capillary_conformance/_contracts/{path.relative_to(CONTRACT_DIR).as_posix()}")
    assert diff(str(wheel), f"installed:{sys.executable}", "json") == 0
    said = json.loads(capsys.readouterr().out)
    assert (said["old"]["version"], said["changes"]) == ("2025.11.0", [])
    assert diff(str(CONTRACT_DIR.parent), str(edited_copy(tmp_path)), "json") == 1  # a checkout holding contracts/


def test_diff_reads_a_git_revision_of_the_repository_it_runs_in(tmp_path, capsys, monkeypatch):
    if not (CONTRACT_DIR.parent / ".git").exists():
        pytest.skip("not a git checkout")
    monkeypatch.chdir(CONTRACT_DIR.parent)
    assert diff("git:HEAD", "git:HEAD") == 0
    assert capsys.readouterr().out.startswith("contract git:HEAD (2025.11.0) -> git:HEAD (2025.11.0): 0 change(s)")


def test_diff_of_something_that_is_no_contract_is_one_line_exit_4(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert diff("no-such-revision", str(CONTRACT_DIR)) == 4
    (line,) = capsys.readouterr().out.splitlines()
    assert "is neither a contract folder, a wheel, installed:PYTHON nor a git revision" in line
    assert diff(str(tmp_path), str(CONTRACT_DIR)) == 4
    assert "holds no contract" in capsys.readouterr().out


def test_a_page_that_cannot_be_fetched_is_could_not_judge_exit_3(capsys):
    assert check_docs([f"http://127.0.0.1:{free_port()}/docs"]) == 3
    assert capsys.readouterr().out.startswith("capillary-conformance: cannot fetch the docs page")
