"""The attribution check: ``createdBy`` stays the communication's creator, and every write by the configured user is
attributed to the same ``lastUpdatedBy`` (the docs: "the entity or user that created / last updated")."""

from __future__ import annotations

from typing import Any

from capillary_conformance.checks.base import Expectations, Upsert, at, attribution, require
from capillary_conformance.checks.registry import Check, observes, register
from capillary_conformance.core.quoting import quoted
from capillary_conformance.core.record import key_name

CHECK = register(
    Check(
        "attribution",
        order=4,
        deep_share=0.4,
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
            require(
                was == now,
                NAME,
                f"attribution.{field} changed between two writes by one user: {quoted(was)} -> {quoted(now)}",
                at("attribution", field),
                "same-user",
            )


Creators = dict[tuple[Any, ...], Any]


@observes(NAME, memory=dict)
def remember_creators(upsert: Upsert, expect: Expectations, creators: Creators) -> None:
    """Each key's createdBy at first sight in the run (any test's answers feed this)."""
    if upsert.exchange.status != 200:
        return
    body = upsert.exchange.json if upsert.exchange.is_json() else None
    for item in body.get("data") or [] if isinstance(body, dict) else []:
        if isinstance(item, dict):
            creators.setdefault(expect.key_of(item), attribution(item).get("createdBy"))


def check_creator_kept(upsert: Upsert, expect: Expectations, creators: Creators) -> None:
    """createdBy of a key never changes during a run, whoever writes it after."""
    for sent, answer in upsert.pairs(NAME, expect):
        key = expect.key_of(sent)
        first, now = creators.get(key), attribution(answer).get("createdBy")
        require(
            key not in creators or first == now,
            NAME,
            f"key {key_name(key)} was created by {quoted(first)} (its first answer in this run), "
            f"now answers createdBy {quoted(now)}",
            at("attribution", "createdBy"),
            "creator-kept",
        )
