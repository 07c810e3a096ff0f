import re

import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.echo import check_echo

from .canned import EXPECT, changed, upsert


def test_the_docs_example_echoes_what_was_sent():
    check_echo(upsert(), EXPECT)


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        ("data.0.sender", "MADHURIMA@example.com", "sender was sent as"),
        ("data.0.channelId", 1.0, "channelId was sent as 1 but answered as 1.0"),
        ("data.0.active", 1, "active was sent as true"),
        ("data.0.targetId", 7, "targetId is 7, the path says 2996"),
        ("data.0.id", "12", 'id "12" is not a JSON integer'),
    ],
)
def test_a_changed_or_mistyped_field_fails(path, value, says):
    with pytest.raises(CheckFailure, match=r"^\[echo\]") as failure:
        check_echo(upsert(changed(path, value)), EXPECT)
    assert says in failure.value.reason


def test_an_answer_without_the_key_sent_fails_listing_the_keys_it_has():
    with pytest.raises(
        CheckFailure, match=r"no answer item has the key .*answer's keys: communicationType=\"START\", channelId=2"
    ):
        check_echo(upsert(changed("data.0.channelId", 2)), EXPECT)


def test_a_key_answered_otherwise_points_at_the_field_that_differs_whatever_the_other_items_answered():
    answer = changed("data.0.channelId", 2)
    other = {**answer["data"][0], "communicationType": "CHANGE", "channelId": 1}  # another item holds channelId 1
    answer["data"].append(other)
    sent = [*upsert().sent, {**upsert().sent[0], "communicationType": "CHANGE", "channelId": 1}]
    with pytest.raises(CheckFailure) as failure:
        check_echo(upsert(answer, items=sent), EXPECT)
    assert failure.value.pointer == "/data/*/channelId"


def test_a_finding_shows_text_as_text_never_a_python_repr():
    sent = [{**upsert().sent[0], "subjectTemplate": "aH\U000789ed\U00060929\x1f\x1fQ \U0001f389 Café"}]
    with pytest.raises(CheckFailure) as failure:
        check_echo(upsert(items=sent), EXPECT)
    reason = failure.value.reason
    assert "{'" not in reason
    assert not re.search(r"\\U|\\x", reason)
    assert "\U0001f389 Café" in reason  # a printable character is itself
    assert "\\u001f" in reason  # a control is escaped, as JSON does
