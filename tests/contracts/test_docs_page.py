"""A capture of the docs page read in either form the seeds show, its rendering artefacts undone and named."""

from pathlib import Path

import pytest

from capillary_conformance.contracts.docs_page import HIDDEN_EMAIL, UnreadablePage, parse_page, read_page

PAGES = Path(__file__).parent / "docs_pages"
NEWER = PAGES / "november-2025.rendered.txt"
OLDER = PAGES / "june-2025.markdown.md"


def test_the_rendered_page_is_read_whole():
    page = read_page(NEWER)
    assert (page.form, page.method, page.deprecated) == ("rendered", "POST", True)
    assert "a banner: This API is being phased out" in page.deprecation_said
    assert list(page.body) == [
        "active", "channelId", "communicationType", "messageTemplate", "offsetDays", "sender", "subjectTemplate",
    ]  # fmt: skip
    assert len(page.answer) == 27  # the answer table: its last row closes the example's line on the rendered page
    assert page.answer["data[].attribution.lastUpdatedBy.id"] == "Unique identifier of the last updater."
    assert page.answer_examples[0]["data"][0]["sender"] == "hidden@example.com"  # the page hid the address
    assert page.request_examples[0][0]["communicationType"] == "START"
    assert "/v3/targetGroups/targets//communications/upsert" in page.paths
    assert any(HIDDEN_EMAIL in said for said in page.artefacts)


def test_the_markdown_source_is_read_with_its_front_matter():
    page = read_page(OLDER)
    assert (page.form, page.method, page.deprecated) == ("markdown", "POST", False)
    assert page.deprecation_said == "front matter deprecated: false"
    assert page.operation_id == "get-target-upload-file"
    assert page.answer["data[].id"] == "Unique identifier of the communication."  # Markdown's "\[" undone
    assert page.answer_examples[0]["data"][0]["channelId"] == 2
    assert page.paths == ["/v3/targetGroups/2163/targets/2317/communications/upsert"]


def test_the_fixtures_carry_no_secret():
    for capture in (NEWER, OLDER):
        text = capture.read_text(encoding="utf-8")
        assert "Basic PLACEHOLDER-NOT-A-SECRET" in text
        assert "_cfuvid=PLACEHOLDER-NOT-A-SECRET" in text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("hello", "is not a capture of the docs page"),
        ("---\nfront: [unclosed\n---\nbody", "its front matter is not YAML"),
        ("post\nBody parameters\n| a | b |\n|---|---|\nExample response\n{broken", "an example is not JSON"),
    ],
)
def test_what_is_not_a_capture_is_said_in_one_line(text, says):
    with pytest.raises(UnreadablePage, match=says) as raised:
        parse_page(text, "page.txt")
    assert "\n" not in str(raised.value)


def test_a_file_that_cannot_be_read_is_said_in_one_line(tmp_path):
    with pytest.raises(UnreadablePage, match=r"cannot read the docs page .*missing\.txt"):
        read_page(tmp_path / "missing.txt")
