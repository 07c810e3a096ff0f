"""Every documented field of an answer equals what was sent, and the path's ids."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Upsert, at, require
from capillary_conformance.checks.registry import answer_check
from capillary_conformance.core.quoting import quoted

NAME = "echo"


INTEGER_FIELDS = ("id", "targetId", "targetGroupId", "channelId", "offsetDays")


def is_integer(value: object) -> bool:
    """A JSON integer: 7, not 7.0 (which Python compares equal) and not true."""
    return isinstance(value, int) and not isinstance(value, bool)


def same_value(sent: object, answered: object) -> bool:
    # == alone would take True for 1 and 7.0 for 7; the JSON types must match too.
    return (
        sent == answered
        and type(sent) in (type(answered), float)
        and isinstance(answered, bool) == isinstance(sent, bool)
    )


@answer_check(
    NAME,
    order=11,
    deep_share=0.2,
    label="echo",
    promise="every field sent comes back equal; the path's ids; ids are integers",
)
def check_echo(upsert: Upsert, expect: Expectations) -> None:
    for sent, answer in upsert.pairs(NAME, expect):
        for field, value in sorted(sent.items()):  # the first field that differs in one order, for every check
            require(
                field in answer and same_value(value, answer[field]),
                NAME,
                f"{field} was sent as {quoted(value)} but answered as {quoted(answer.get(field, '<missing>'))}",
                at(field),
                "echo",
            )
        for field, expected in (("targetGroupId", upsert.target_group_id), ("targetId", upsert.target_id)):
            require(
                answer.get(field) == expected,
                NAME,
                f"{field} is {quoted(answer.get(field))}, the path says {expected}",
                at(field),
                "echo",
            )
        for field in INTEGER_FIELDS:
            require(
                is_integer(answer.get(field)),
                NAME,
                f"{field} {quoted(answer.get(field))} is not a JSON integer",
                at(field),
                "type",
            )
