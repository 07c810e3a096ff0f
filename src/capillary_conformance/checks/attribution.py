"""Check 11: ``createdBy`` stays the communication's creator, and every write by the configured user is
attributed to the same ``lastUpdatedBy`` (the docs: "the entity or user that created / last updated")."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Upsert, attribution, require
from capillary_conformance.checks.registry import Check, register

CHECK = register(
    Check(
        "attribution",
        number=11,
        rank=2,
        label="attrib",
        promise="createdBy stays the creator; each write by the configured user has the same lastUpdatedBy",
    )
)
NAME = CHECK.name


def check_same_actors(before: Upsert, after: Upsert, expect: Expectations) -> None:
    """Two writes of the same keys by the same user: same creator, same last updater."""
    first = {expect.key_of(sent): answer for sent, answer in before.pairs(NAME, expect)}
    for sent, answer in after.pairs(NAME, expect):
        earlier = first.get(expect.key_of(sent))
        if earlier is None:
            continue
        for field in ("createdBy", "lastUpdatedBy"):
            was, now = attribution(earlier).get(field), attribution(answer).get(field)
            require(was == now, NAME, f"attribution.{field} changed between two writes by one user: {was!r} -> {now!r}")
