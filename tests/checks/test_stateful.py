import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.stateful import CommunicationModel

from .canned import EXPECT, changed, sent, upsert


def test_a_sequence_that_matches_the_model_passes():
    model = CommunicationModel(EXPECT)
    model.apply(upsert())  # a row the target held before is learnt on first sight
    model.apply(upsert())
    item = {**sent()[0], "sender": "new@example.com"}
    model.apply(upsert(changed("data.0.sender", "new@example.com"), items=[item]))


def test_a_known_key_that_gets_a_new_id_fails():
    model = CommunicationModel(EXPECT)
    model.apply(upsert())
    with pytest.raises(CheckFailure, match=r"^\[stateful\] key START/1's answer changed the id from 12 to 13"):
        model.apply(upsert(changed("data.0.id", 13)))


def test_a_new_key_that_reuses_an_id_fails():
    model = CommunicationModel(EXPECT)
    model.apply(upsert())
    other_item = {**sent()[0], "channelId": 2}
    with pytest.raises(CheckFailure, match=r"differ but share id 12"):
        model.apply(upsert(changed("data.0.channelId", 2), items=[other_item]))
