"""What the report's environment panel and case files are made of."""

import json

from capillary_conformance.core.record import Finding
from capillary_conformance.plugin.outputs.allure import property_line, write_run_summary


def test_a_property_stays_on_its_line_whatever_a_host_wrote():
    assert property_line("Finding 1 (new)", "a\nb\\c") == "Finding\\ 1\\ (new)=a\\nb\\\\c"


def test_the_panel_and_the_categories_are_written_beside_the_results(tmp_path):
    finding = Finding(key="/data/*/sender", pointer="/data/*/sender", checks=["echo"])
    write_run_summary(tmp_path, {"Host": "embedded sandbox", "Deprecated": "sunset on 2027-06-30"}, [finding])
    assert (
        tmp_path / "environment.properties"
    ).read_text() == "Host=embedded sandbox\nDeprecated=sunset on 2027-06-30\n"
    names = [category["name"] for category in json.loads((tmp_path / "categories.json").read_text())]
    assert names[0] == "Broken promise at /data/*/sender"
