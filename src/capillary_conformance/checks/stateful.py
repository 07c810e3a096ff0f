"""Check 7: over any sequence of upserts, the host's answers match a model of the target's rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from capillary_conformance.checks.base import Expectations, Item, Upsert, at, attribution, require, same_moment
from capillary_conformance.checks.registry import Check, register

CHECK = register(
    Check(
        "stateful",
        number=7,
        rank=6,
        label="state",
        promise="random sequences of upserts match a model of the target's rows",
        deep_share=0.25,  # each example is a sequence of stateful_step_count upserts
    )
)
NAME = CHECK.name


@dataclass(frozen=True)
class Row:
    id: Any
    created_on: Any
    fields: Item


class CommunicationModel:
    """What the target must hold. It learns rows the host had before (earlier runs) on first sight."""

    def __init__(self, expect: Expectations) -> None:
        self.expect = expect
        self.rows: dict[tuple, Row] = {}

    def apply(self, upsert: Upsert) -> None:
        for sent, answer in upsert.pairs(NAME, self.expect):
            key = self.expect.key_of(sent)
            created_on = attribution(answer).get("createdOn")
            row = self.rows.get(key)
            if row is not None:
                require(
                    answer.get("id") == row.id,
                    NAME,
                    f"key {key} had id {row.id!r}, now answers {answer.get('id')!r}",
                    at("id"),
                    "id-stable",
                )
                require(
                    same_moment(created_on, row.created_on),
                    NAME,
                    f"key {key} had createdOn {row.created_on!r}, now {created_on!r}",
                    at("attribution", "createdOn"),
                    "created-on-stable",
                )
            else:
                taken = {other.id: other_key for other_key, other in self.rows.items()}
                require(
                    answer.get("id") not in taken,
                    NAME,
                    f"new key {key} got id {answer.get('id')!r}, which key {taken.get(answer.get('id'))} already has",
                    at("id"),
                    "id-per-key",
                )
            changed = {f: answer.get(f) for f, v in sent.items() if answer.get(f) != v}
            require(
                not changed,
                NAME,
                f"key {key} answers {changed} after { ({f: sent[f] for f in changed}) } was sent",
                at(sorted(changed)[0]) if changed else "",
                "update-applied",
            )
            self.rows[key] = Row(answer.get("id"), created_on, dict(sent))
