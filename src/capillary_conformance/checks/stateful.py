"""Over any sequence of upserts, the host's answers match a model of the target's rows."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Item, Upsert
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.checks.rows import own_id, same_row, values_applied
from capillary_conformance.core.record import key_name

CHECK = register(
    Check(
        "stateful",
        order=6,
        label="state",
        promise="random sequences of upserts match a model of the target's rows",
        deep_share=0.25,  # each example is a sequence of stateful_step_count upserts
        draws=True,  # a state machine, run without @given
    )
)
NAME = CHECK.name


class CommunicationModel:
    """What the target must hold: each key's row as first answered (its id and createdOn must stay), the
    values last sent. It learns rows the host had before (earlier runs) on first sight."""

    def __init__(self, expect: Expectations) -> None:
        self.expect = expect
        self.rows: dict[tuple, Item] = {}

    def apply(self, upsert: Upsert) -> None:
        for sent, answer in upsert.pairs(NAME, self.expect):
            key = self.expect.key_of(sent)
            row = self.rows.get(key)
            if row is not None:
                same_row(NAME, f"key {key_name(key)}'s answer", row, answer)
            else:
                own_id(
                    NAME, key, answer.get("id"), {other.get("id"): other_key for other_key, other in self.rows.items()}
                )
                self.rows[key] = answer
            values_applied(NAME, f"key {key_name(key)}", sent, answer)
