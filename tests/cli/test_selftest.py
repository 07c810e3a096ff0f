"""The kill matrix as a person reads it: each variant's row, the check it must trip, and the verdict."""

from capillary_conformance.cli.selftest import Outcome, Variant, kill_matrix, variants


def outcome(label: str, fault: str, exitstatus: int, failed: set[str]) -> Outcome:
    return Outcome(Variant(label, fault), exitstatus, frozenset(failed), {}, "", 1.0, [])


def test_each_row_says_caught_missed_or_a_false_alarm():
    table = kill_matrix(
        [
            outcome("correct", "none", 0, set()),
            outcome("correct, noisy", "none", 1, {"echo"}),
            outcome("lower-case-enum", "lower-case-enum", 1, {"enums", "echo"}),
            outcome("string-ids", "string-ids", 1, {"echo"}),
            outcome("hangs-midway", "hangs-midway", 3, {"could-not-judge"}),
        ]
    )
    rows = {line.split("  ")[0].strip(): line for line in table.splitlines()[3:]}
    assert rows["correct"].endswith("passes (correct)")
    assert rows["correct, noisy"].endswith("FALSE ALARM (exit 1)")
    assert rows["lower-case-enum"].endswith("caught")
    assert "[x]" in rows["lower-case-enum"]
    assert rows["string-ids"].endswith("MISSED")
    assert rows["hangs-midway"].endswith("could not judge (right)")


def test_every_fault_of_the_catalogue_is_a_variant_and_the_legal_configurations_come_first():
    labels = [variant.label for variant in variants()]
    assert labels[0] == "correct"
    assert {"warnings-as-string", "errors-on-success", "extra-fields"} <= set(labels)
    assert len(labels) == len(set(labels))
