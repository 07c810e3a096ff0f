"""Faults joined with "+": a host that breaks several promises, each variant through its own hook."""

import pytest

from capillary_conformance.sandbox.faults import fault_named, is_fault


def test_variants_of_different_hooks_combine_and_each_keeps_its_own_behaviour():
    fault = fault_named("string-ids+no-errors-key")
    item = {"id": 7, "attribution": {}}
    assert fault.item(item, True, lambda: 1)["id"] == "7"
    assert "errors" not in fault.envelope({"data": [], "errors": None, "warnings": None})


@pytest.mark.parametrize("name", ["string-ids+lower-case-enum"])
def test_variants_of_one_hook_do_not_combine(name):
    with pytest.raises(ValueError, match="all change item"):
        fault_named(name)


@pytest.mark.parametrize("name", ["none+zulu-timestamps", "string-ids+string-ids", "string-ids+nothing"])
def test_what_does_not_combine_is_no_fault(name):
    assert not is_fault(name)


def test_a_report_names_a_legal_variant_as_such_and_a_fault_as_a_fault():
    from capillary_conformance.sandbox.faults import variant_label

    assert variant_label("zulu-timestamps") == "legal variant zulu-timestamps"
    assert variant_label("lower-case-enum") == "fault lower-case-enum"
    assert variant_label("zulu-timestamps+lower-case-enum") == "fault zulu-timestamps+lower-case-enum"
