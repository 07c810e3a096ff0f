import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.attribution import check_same_actors

from .canned import EXPECT, changed, sent, upsert


def test_two_writes_by_one_user_keep_both_actors():
    later = changed("data.0.attribution.lastUpdatedOn", "2025-11-11T13:00:00.000+0000")
    check_same_actors(upsert(), upsert(later), EXPECT)


@pytest.mark.parametrize("field", ["createdBy", "lastUpdatedBy"])
def test_an_actor_that_changes_between_two_writes_fails(field):
    other = {"id": 1, "code": "system", "description": "", "name": "system", "type": "TILL"}
    with pytest.raises(CheckFailure, match=rf"^\[attribution\] attribution.{field} changed"):
        check_same_actors(upsert(), upsert(changed(f"data.0.attribution.{field}", other)), EXPECT)


def test_keys_written_only_once_are_not_compared():
    other_item = {**sent()[0], "channelId": 2}
    other = changed("data.0.channelId", 2)
    other["data"][0]["attribution"]["createdBy"] = {"id": 1, "code": "x", "description": "", "name": "x", "type": "T"}
    check_same_actors(upsert(), upsert(other, items=[other_item]), EXPECT)


def test_the_creator_first_seen_in_the_run_is_kept():
    from capillary_conformance.checks.attribution import check_creator_kept, remember_creators

    creators = {}
    remember_creators(upsert(), EXPECT, creators)
    check_creator_kept(upsert(), EXPECT, creators)
    system = {"id": 1, "code": "system", "description": "", "name": "system", "type": "TILL"}
    later = upsert(changed("data.0.attribution.createdBy", system))
    remember_creators(later, EXPECT, creators)  # first sight wins
    with pytest.raises(CheckFailure, match=r"was created by .*madhu_rima.* now answers createdBy .*system"):
        check_creator_kept(later, EXPECT, creators)
