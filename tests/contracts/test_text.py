"""The contract's decision on text, in code and in the schema's own words."""

import json

from capillary_conformance.contracts import CONTRACT_DIR
from capillary_conformance.contracts.text import MAY_BE_REFUSED, may_be_refused


def test_text_holding_nul_or_a_c1_control_may_be_refused_and_nothing_else():
    assert may_be_refused("a\x00b")
    assert may_be_refused("next line \x85")
    assert may_be_refused("\x9f")
    assert not may_be_refused("tab\t, escape \x1b, delete \x7f, no-break space \xa0, line separator \u2028")


def test_the_schema_says_the_same():
    schema = json.loads((CONTRACT_DIR / "schemas" / "communication-input.schema.json").read_text(encoding="utf-8"))
    assert MAY_BE_REFUSED in schema["$comment"]
    assert "never a 5xx or an altered echo" in schema["$comment"]
