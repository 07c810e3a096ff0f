"""Check 6: upserting is idempotent: same key, same id and createdOn; other key, other id."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Item, Upsert, require
from capillary_conformance.checks.timestamps import parsed

NAME = "idempotency"


def _by_key(upsert: Upsert, expect: Expectations) -> dict[tuple, Item]:
    return {expect.key_of(answer): answer for _, answer in upsert.pairs(NAME, expect)}


def check_same_rows(before: Upsert, after: Upsert, expect: Expectations, what: str) -> None:
    """Every key of ``after`` that ``before`` also had keeps its id and createdOn; time does not go back."""
    old = _by_key(before, expect)
    for key, answer in _by_key(after, expect).items():
        if key not in old:
            continue
        first = old[key]
        require(
            answer.get("id") == first.get("id"),
            NAME,
            f"{what} changed the id from {first.get('id')!r} to {answer.get('id')!r}",
        )
        created = [item.get("attribution", {}).get("createdOn") for item in (first, answer)]
        require(created[0] == created[1], NAME, f"{what} moved createdOn from {created[0]!r} to {created[1]!r}")
        require(
            parsed(answer, "lastUpdatedOn", Expectations()) >= parsed(first, "lastUpdatedOn", Expectations()),
            NAME,
            f"{what} moved lastUpdatedOn back from {first['attribution']['lastUpdatedOn']!r} "
            f"to {answer['attribution']['lastUpdatedOn']!r}",
        )


def check_update_applied(after: Upsert, expect: Expectations) -> None:
    for sent, answer in after.pairs(NAME, expect):
        stale = {f: answer.get(f) for f, v in sent.items() if answer.get(f) != v}
        require(not stale, NAME, f"an update was answered with old values {stale} instead of {{…what was sent}}")


def check_distinct_ids(first: Upsert, second: Upsert, expect: Expectations) -> None:
    """Items whose upsert keys differ are different communications, with different ids."""
    one, two = _by_key(first, expect), _by_key(second, expect)
    for key, answer in two.items():
        for other_key, other in one.items():
            require(
                key == other_key or answer.get("id") != other.get("id"),
                NAME,
                f"keys {other_key} and {key} differ but share id {answer.get('id')!r}",
            )
