"""The combined sweep files each failure under the check (1-5) that found it, first failure first."""

import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.positive import check_positive

from .canned import EXPECT, changed, upsert


def test_the_docs_example_keeps_every_positive_promise():
    assert check_positive(upsert(), EXPECT) == []


@pytest.mark.parametrize(
    ("path", "value", "check"),
    [
        ("warnings", "deprecated", "envelope"),
        ("data.0.id", "12", "schema"),
        ("data.0.attribution.lastUpdatedOn", "2025-11-11T12:00:00.000+0000", "timestamps"),
        ("data.0.subjectTemplate", "trimmed", "echo"),
    ],
)
def test_a_failure_is_filed_under_the_check_that_found_it(path, value, check):
    with pytest.raises(CheckFailure) as failure:
        check_positive(upsert(changed(path, value)), EXPECT)
    assert failure.value.check == check


def test_redaction_rewrites_the_reason_and_the_message():
    failure = CheckFailure("echo", "sender was sent as 'hunter2'")
    failure.redacted(lambda text: text.replace("hunter2", "[REDACTED]"))
    assert failure.reason == "sender was sent as '[REDACTED]'"
    assert str(failure) == "[echo] sender was sent as '[REDACTED]'"
