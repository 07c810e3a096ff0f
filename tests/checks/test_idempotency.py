import re

import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.idempotency import (
    check_distinct_ids,
    check_one_row,
    check_same_rows,
    check_update_applied,
)

from .canned import EXPECT, answer, changed, sent, upsert


def test_an_identical_repeat_that_keeps_id_and_created_on_passes():
    later = changed("data.0.attribution.lastUpdatedOn", "2025-11-11T13:00:00.000+0000")
    check_same_rows(upsert(), upsert(later), EXPECT, "a repeat")


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        ("data.0.id", 13, "changed the id from 12 to 13"),
        ("data.0.attribution.createdOn", "2025-11-11T12:51:00.000+0000", "moved createdOn"),
        ("data.0.attribution.lastUpdatedOn", "2025-11-11T12:00:00.000+0000", "moved lastUpdatedOn back"),
    ],
)
def test_a_repeat_that_moves_a_row_fails(path, value, says):
    with pytest.raises(CheckFailure, match=r"^\[idempotency\]") as failure:
        check_same_rows(upsert(), upsert(changed(path, value)), EXPECT, "a repeat")
    assert says in failure.value.reason


def test_an_update_must_answer_the_new_values():
    item = {**sent()[0], "sender": "new@example.com"}
    check_update_applied(upsert(changed("data.0.sender", "new@example.com"), items=[item]), EXPECT)
    with pytest.raises(
        CheckFailure, match=re.escape('an update was answered with {"sender": "madhurima@example.com"}')
    ):
        check_update_applied(upsert(answer(), items=[item]), EXPECT)


def test_other_keys_get_other_ids():
    other_item = {**sent()[0], "channelId": 2}
    other = upsert(changed("data.0.channelId", 2), items=[other_item])
    with pytest.raises(CheckFailure, match="differ but share id 12"):
        check_distinct_ids(upsert(), other, EXPECT)
    renumbered = changed("data.0.channelId", 2)
    renumbered["data"][0]["id"] = 99
    check_distinct_ids(upsert(), upsert(renumbered, items=[other_item]), EXPECT)


def test_created_on_rendered_in_another_offset_is_the_same_moment():
    """After a daylight-saving switch a server renders the same createdOn in its new offset."""
    switched = changed("data.0.attribution.createdOn", answer()["data"][0]["attribution"]["createdOn"])
    created = switched["data"][0]["attribution"]["createdOn"]
    switched["data"][0]["attribution"]["createdOn"] = created.replace("T12:", "T13:").replace("+0000", "+0100")
    check_same_rows(upsert(), upsert(switched), EXPECT, "a repeat")


def test_identical_upserts_sent_together_must_name_one_row():
    check_one_row([upsert(), upsert()], EXPECT)
    with pytest.raises(CheckFailure, match=r"answered with ids 12 and 13 .*two rows for one key"):
        check_one_row([upsert(), upsert(changed("data.0.id", 13))], EXPECT)
