"""``contract check-docs``: captures of the docs page against the contract, in words and as JSON, with its exit
statuses; and the nightly's one line on the docs (never a violation of a host)."""

import json
import socket
from pathlib import Path

from capillary_conformance.cli.contract import check_docs, docs_line
from capillary_conformance.cli.nightly import RegionResult, combine, overall_status
from capillary_conformance.cli.targets import Target

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


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_nightlys_line_agrees_differs_or_could_not_judge(tmp_path):
    assert docs_line(NEWER)[0] == "agree"
    status, line = docs_line(OLDER)
    assert status == "differ"
    assert "differs from contract 2025.11.0 in 4 way(s), first: operation id" in line
    assert f"contract check-docs {OLDER}" in line
    unreachable = docs_line(f"http://127.0.0.1:{closed_port()}/docs/upsert-target-communication")
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
