"""Where the report generator comes from, and the one line a user gets when there is none."""

import pytest

from capillary_conformance.cli import html_report


def test_the_tool_folder_is_named_for_its_lock_file():
    folder = html_report.tool_dir()
    assert folder.name.startswith("allure-")
    assert len(folder.name) == len("allure-") + 12
    assert folder == html_report.tool_dir()  # the same lock file, the same folder


def test_without_node_the_report_is_one_line_saying_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setattr(html_report.shutil, "which", lambda name: None)
    with pytest.raises(html_report.ReportToolMissing, match=r"needs Node.js: install Node.js 20\+"):
        html_report.generate(tmp_path, tmp_path / "html")


def test_without_npm_and_no_installed_tool_it_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(html_report, "tool_dir", lambda: tmp_path / "allure-none")
    monkeypatch.setattr(html_report.shutil, "which", lambda name: None)
    with pytest.raises(html_report.ReportToolMissing, match="no Allure report generator"):
        html_report.find_allure()
