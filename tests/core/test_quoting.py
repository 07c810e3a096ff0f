"""Values in a finding: JSON as the request or answer carried it, escaping only what cannot be shown."""

import re

from capillary_conformance.core.quoting import excerpt, quoted


def test_text_is_shown_as_text_and_only_what_cannot_be_shown_is_escaped():
    assert quoted("Café crème, 😀, ש") == '"Café crème, 😀, ש"'
    assert quoted("bell \x07, nul \x00, next line \x85") == '"bell \\u0007, nul \\u0000, next line \\u0085"'
    assert quoted("zero\u200bwidth, no-break\u00a0space, line\u2028separator") == (
        '"zero\\u200bwidth, no-break\\u00a0space, line\\u2028separator"'
    )
    assert quoted("\U000789ed") == '"\\ud9a2\\udded"'  # unassigned: as JSON writes it, never \U000789ed


def test_objects_and_keys_are_json_never_a_python_repr():
    assert quoted({"messageTemplate": "Hi", "active": True, "id": None}) == (
        '{"messageTemplate": "Hi", "active": true, "id": null}'
    )
    assert quoted(("START", 1)) == '["START", 1]'
    shown = quoted({"sender": "aH\U000789ed\U00060929\x1f\x1fQ"})
    assert "{'" not in shown
    assert not re.search(r"\\U|\\x", shown)


def test_an_answers_body_is_shown_as_it_came_cut_and_on_one_line():
    assert excerpt('{"data": null,\n "errors": []}') == '{"data": null,\\u000a "errors": []}'
    assert excerpt("x" * 300, 10) == "xxxxxxxxxx..."
