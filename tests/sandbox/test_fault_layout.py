"""The fault catalogue is laid out by what each variant breaks: the legal variants in ``legal``, the hosts in trouble
in ``trouble``, every fault in the module of the check that must catch it (mirroring ``checks/``), and the catalogue
in the registry's order of checks, which the kill matrix's rows follow."""

from pathlib import Path

from capillary_conformance.checks import all_checks
from capillary_conformance.sandbox import faults
from capillary_conformance.sandbox.faults import CATALOGUE

CHECKS = Path(faults.__file__).parents[2] / "checks"


def module_for(variant: type[faults.Fault]) -> str:
    if variant.legal:
        return "legal"
    if not variant.judgeable:
        return "trouble"
    return "schemathesis_checks" if variant.breaks == "schemathesis" else variant.breaks


def test_every_variant_lies_in_the_module_of_what_it_breaks():
    misplaced = {
        name: (variant.__module__, module_for(variant))
        for name, variant in CATALOGUE.items()
        if name != "none" and variant.__module__ != f"{faults.__name__}.{module_for(variant)}"
    }
    assert not misplaced, misplaced


def test_each_check_module_mirrors_a_check_and_every_check_with_a_fault_has_one():
    checks = {check.name: check for check in all_checks()}
    for module in faults.MODULES:
        if module in ("legal", "trouble"):
            continue
        assert (CHECKS / f"{module}.py").is_file(), f"faults/{module}.py mirrors no module of checks/"
    breaking = {variant.breaks for variant in CATALOGUE.values() if not variant.legal and variant.judgeable}
    assert breaking <= set(checks), breaking - set(checks)


def test_the_catalogue_runs_legal_variants_then_faults_by_the_registrys_order_of_checks_then_trouble():
    ranks = {check.name: rank for rank, check in enumerate(all_checks())}
    order = [
        -1 if variant.legal else len(ranks) if not variant.judgeable else ranks[variant.breaks]
        for name, variant in CATALOGUE.items()
        if variant.__module__.startswith(faults.__name__)  # another package's faults come after ours
    ]
    assert order == sorted(order)


def test_the_public_names_keep_working_for_faults_of_other_packages():
    for name in faults.__all__:
        assert hasattr(faults, name), name
    assert faults.register is faults.base.register
    assert faults.ENTRY_POINT_GROUP == "capillary_conformance.faults"
