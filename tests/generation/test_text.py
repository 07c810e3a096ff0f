"""The text classes: each from a published source named beside it, the derived ones whole, the vendored list as
published."""

import hashlib
import unicodedata

from capillary_conformance.contracts.text import may_be_refused
from capillary_conformance.generation import text

VENDORED_SHA256 = "e87d3889599277616e183d4cf806bdf5b8cc408636c9bbba2b0701a211d98f7e"  # naughty_strings/README.md


def test_the_vendored_list_is_the_published_file_with_its_licence_and_source():
    folder = text.NAUGHTY_STRINGS.parent
    assert hashlib.sha256(text.NAUGHTY_STRINGS.read_bytes()).hexdigest() == VENDORED_SHA256
    assert VENDORED_SHA256 in (folder / "README.md").read_text(encoding="utf-8")
    assert "The MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")


def test_the_list_is_read_by_category_and_the_first_string_of_each_is_sent():
    categories = text.naughty_strings()
    assert len(categories) == 35
    assert categories["Script Injection"][0] == "<script>alert(0)</script>"
    assert categories["Reserved Strings"][0] == "undefined"
    naughty = [c for c in text.text_classes() if c.name.startswith("Big List of Naughty Strings: ")]
    assert [c.values[0] for c in naughty] == [strings[0] for strings in categories.values()]
    blocked = {c.name.split(": ", 1)[1] for c in naughty if c.gateway_may_block}
    assert {"Script Injection", "SQL Injection", "File Inclusion"} <= blocked
    assert "Human injection" not in blocked  # a sentence, not a payload


def test_every_class_names_its_source_and_holds_values():
    for entry in text.text_classes():
        assert entry.source, entry.name
        assert entry.values, entry.name


def test_the_derived_classes_are_whole():
    c0, nul, c1 = text.controls()
    assert {chr(c) for c in range(1, 0x20)} | {"\x7f"} <= set(c0)
    assert nul.count("\x00") == 1
    assert may_be_refused(nul)
    assert not may_be_refused(c0)
    assert {chr(c) for c in range(0x80, 0xA0)} <= set(c1)
    (mappings,) = text.case_mappings()
    assert {"ß", "İ", "ﬁ"} <= set(mappings)
    (spaces,) = text.white_space()
    assert {c for c in map(chr, range(0x110000)) if unicodedata.category(c) in ("Zs", "Zl", "Zp")} <= set(spaces)


def test_the_lots_split_text_by_what_a_host_may_answer_it():
    lots = text.lots(text.text_classes())
    kept, blocked, *refused = lots
    assert not kept.refusable
    assert not kept.gateway_may_block
    assert blocked.gateway_may_block
    assert "<script>alert(0)</script>" in blocked.values
    assert [lot.values for lot in refused] == [(value,) for value in text.controls()[1:]]
    assert not any(may_be_refused(value) for lot in (kept, blocked) for value in lot.values)
