import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.enums import check_enums

from .canned import changed, sent, upsert


def test_the_docs_example_answers_the_type_sent():
    check_enums(upsert())


def test_the_wrong_case_fails_with_a_hint():
    with pytest.raises(CheckFailure, match=r"right word, wrong case"):
        check_enums(upsert(changed("data.0.communicationType", "start")))


def test_another_enum_value_than_the_one_sent_fails():
    with pytest.raises(CheckFailure, match=r"answered communicationType \['FINISH'\] for \['START'\]"):
        check_enums(upsert(changed("data.0.communicationType", "FINISH")))


def test_every_enum_value_sent_is_accepted_back():
    for value in ("START", "FINISH", "CHANGE", "REMINDER"):
        items = [{**sent()[0], "communicationType": value}]
        check_enums(upsert(changed("data.0.communicationType", value), items=items))
