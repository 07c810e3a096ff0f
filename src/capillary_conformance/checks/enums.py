"""The enums check: ``communicationType`` in every answer is one of the enum, in its case, and the one sent."""

from __future__ import annotations

from collections import Counter

from capillary_conformance.checks.base import Expectations, Upsert, at, require
from capillary_conformance.checks.registry import answer_check
from capillary_conformance.contracts.validation import communication_types
from capillary_conformance.core.quoting import quoted

NAME = "enums"


@answer_check(
    NAME,
    order=9,
    deep_share=0.2,
    label="enums",
    promise="communicationType comes back in the enum, in its case, the one sent",
)
def check_enums(upsert: Upsert, expect: Expectations | None = None) -> None:
    allowed = communication_types()
    answered = [item.get("communicationType") for item in upsert.answer_items(NAME)]
    for value in answered:
        hint = " (right word, wrong case)" if isinstance(value, str) and value.upper() in allowed else ""
        require(
            value in allowed,
            NAME,
            f"communicationType {quoted(value)} is not one of {allowed}{hint}",
            at("communicationType"),
            "enum",
        )
    sent = Counter(item["communicationType"] for item in upsert.sent)
    require(
        Counter(answered) == sent,
        NAME,
        f"answered communicationType {sorted(answered)} for {sorted(sent.elements())} sent",
        at("communicationType"),
        "echo",
    )
