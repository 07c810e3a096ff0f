"""A docs page against the contract: the newer capture agrees (the contract records its wording in x-docs), the older
differs in exactly the reviewed list, and each altered copy of the newer reports exactly the change made."""

import json
from pathlib import Path

import pytest

from capillary_conformance.contracts.docs_check import artefacts, compare
from capillary_conformance.contracts.docs_page import parse_page, read_page

PAGES = Path(__file__).parent / "docs_pages"
NEWER = PAGES / "november-2025.rendered.txt"
OLDER = PAGES / "june-2025.markdown.md"


def altered(old: str, new: str) -> list:
    text = NEWER.read_text(encoding="utf-8")
    assert old in text
    return compare(parse_page(text.replace(old, new, 1), "altered.txt"))


def test_the_newer_capture_agrees_and_its_rendering_artefacts_are_named_not_counted():
    page = read_page(NEWER)
    assert compare(page) == []
    said = artefacts(page)
    assert any("lost its ids in rendering" in line for line in said)
    assert any("[email protected]" in line for line in said)


def test_the_older_capture_differs_in_the_reviewed_list():
    differences = compare(read_page(OLDER))
    assert [(d.kind, d.where) for d in differences] == [
        ("operation id", "get-target-upload-file"),
        ("deprecation", "deprecated"),
        ("description", "answer data[].attribution.createdOn"),
        ("description", "answer data[].attribution.lastUpdatedOn"),
    ]
    assert "front matter deprecated: false; no banner" in differences[1].words
    assert "'Timestamp indicating when the communication was created.'" in differences[2].words


def test_a_field_added_to_the_body_table():
    (difference,) = altered("| sender | Sender ID", "| priority | How urgent it is. |\n| sender | Sender ID")
    assert (difference.kind, difference.where) == ("field added", "body priority")
    assert "How urgent it is." in difference.words


def test_a_field_removed_from_the_answer_table():
    (difference,) = altered("| data[].offsetDays | Number of days offset. |\n", "")
    assert (difference.kind, difference.where) == ("field missing", "answer data[].offsetDays")


def test_an_enum_value_added():
    (difference,) = altered(
        "Values: START, FINISH, CHANGE, REMINDER.", "Values: START, FINISH, CHANGE, REMINDER, PAUSE."
    )
    assert difference.kind == "enum"
    assert "added PAUSE" in difference.words
    assert "the contract START, FINISH, CHANGE, REMINDER" in difference.words


def test_a_description_changed():
    (difference,) = altered(
        "| sender | Sender ID from which the communication needs to go. |", "| sender | The sender. |"
    )
    assert (difference.kind, difference.where) == ("description", "body sender")
    assert "'Sender ID from which the communication needs to go.'" in difference.words
    assert "'The sender.'" in difference.words


def test_an_example_answer_with_a_string_id():
    (difference,) = altered('"id": 12,', '"id": "12",')
    assert (difference.kind, difference.where) == ("example", "example answer 1")
    assert '$.data[0].id: "12" is not of type "integer"' in difference.words


def test_the_deprecation_banner_removed():
    banner = next(line for line in NEWER.read_text(encoding="utf-8").splitlines() if "being phased out" in line)
    (difference,) = altered(banner + "\n", "")
    assert (difference.kind, difference.where) == ("deprecation", "banner")
    assert "no longer shows the deprecation banner" in difference.words


def test_no_longer_marked_deprecated_at_all():
    text = NEWER.read_text(encoding="utf-8").replace("post deprecated", "post", 1)
    banner = next(line for line in text.splitlines() if "being phased out" in line)
    (difference,) = compare(parse_page(text.replace(banner + "\n", ""), "altered.txt"))
    assert (difference.kind, difference.where) == ("deprecation", "deprecated")
    assert "the page says the API is not deprecated (no mark beside its method, no banner)" in difference.words


@pytest.mark.parametrize("path", ["/v3/targetGroups/{targetGroupId}/targets/{targetId}/communications/upsert"])
def test_a_changed_path_is_a_difference_and_a_dropped_id_is_not(path):
    moved = altered("https://{host}/v3/targetGroups/targets//communications/upsert", "https://{host}/v4/upsert")
    assert [(d.kind, d.where) for d in moved] == [("path", "/v4/upsert")]
    assert path in moved[0].words


def test_differences_are_plain_data_for_json():
    (difference,) = altered('"id": 12,', '"id": "12",')
    assert json.loads(json.dumps(difference.as_json()))["kind"] == "example"
