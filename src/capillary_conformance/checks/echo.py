"""Check 5: every documented field of an answer equals what was sent, and the path's ids."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Upsert, require

NAME = "echo"


def is_bool(value: object) -> bool:
    return isinstance(value, bool)


def is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_echo(upsert: Upsert, expect: Expectations) -> None:
    for sent, answer in upsert.pairs(NAME, expect):
        for field, value in sent.items():
            require(
                field in answer and answer[field] == value and is_bool(answer[field]) == is_bool(value),
                NAME,
                f"{field} was sent as {value!r} but answered as {answer.get(field, '<missing>')!r}",
            )
        for field, expected in (("targetGroupId", upsert.target_group_id), ("targetId", upsert.target_id)):
            require(
                answer.get(field) == expected,
                NAME,
                f"{field} is {answer.get(field)!r}, the path says {expected}",
            )
        require(is_integer(answer.get("id")), NAME, f"id {answer.get('id')!r} is not a JSON integer")
