"""What the docs promise of a row's identity, said once: the idempotency check and the state machine both
ask it, each under its own name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capillary_conformance.checks.base import Item, at, attribution, require, same_moment
from capillary_conformance.core.quoting import quoted
from capillary_conformance.core.record import key_name


def same_row(check: str, what: str, before: Item, after: Item) -> None:
    """An answer for a key already written: the same id and the same createdOn."""
    require(
        after.get("id") == before.get("id"),
        check,
        f"{what} changed the id from {quoted(before.get('id'))} to {quoted(after.get('id'))}",
        at("id"),
        "id-stable",
    )
    created = [attribution(item).get("createdOn") for item in (before, after)]
    require(
        same_moment(*created),
        check,
        f"{what} moved createdOn from {quoted(created[0])} to {quoted(created[1])}",
        at("attribution", "createdOn"),
        "created-on-stable",
    )


def own_id(check: str, key: Any, row_id: Any, others: Mapping[Any, Any]) -> None:
    """A key's id is no other key's (``others``: id -> the key that has it)."""
    require(
        row_id not in others,
        check,
        f"keys {key_name(others.get(row_id, ()))} and {key_name(key)} differ but share id {quoted(row_id)}",
        at("id"),
        "id-per-key",
    )


def values_applied(check: str, what: str, sent: Item, answer: Item) -> None:
    """The answer holds the values last sent."""
    stale = {field: answer.get(field) for field, value in sent.items() if answer.get(field) != value}
    require(
        not stale,
        check,
        f"{what} was answered with {quoted(stale)} instead of "
        f"{quoted({field: sent[field] for field in stale})} that was sent",
        at(sorted(stale)[0]) if stale else "",
        "update-applied",
    )
