"""Upserting is idempotent: same key, same id and createdOn; other key, other id."""

from __future__ import annotations

from datetime import UTC, datetime

from capillary_conformance.checks.base import Expectations, Item, Upsert, at, attribution, require, same_moment
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.checks.rows import own_id, same_row, values_applied
from capillary_conformance.contracts.formats import parse_timestamp
from capillary_conformance.core.quoting import quoted
from capillary_conformance.core.record import key_name

CHECK = register(
    Check(
        "idempotency",
        order=3,
        deep_share=0.4,
        label="idemp",
        promise="a repeat or an update keeps id and createdOn; other keys get other ids; a batch upserts every item",
    )
)
NAME = CHECK.name


def _by_key(upsert: Upsert, expect: Expectations) -> dict[tuple, Item]:
    return {expect.key_of(answer): answer for _, answer in upsert.pairs(NAME, expect)}


def check_same_rows(before: Upsert, after: Upsert, expect: Expectations, what: str) -> None:
    """Every key of ``after`` that ``before`` also had keeps its id and createdOn; time does not go back."""
    old = _by_key(before, expect)
    for key, answer in _by_key(after, expect).items():
        if key not in old:
            continue
        first = old[key]
        same_row(NAME, what, first, answer)
        updated = [attribution(item).get("lastUpdatedOn") for item in (first, answer)]
        require(
            _moment(updated[1]) >= _moment(updated[0]),
            NAME,
            f"{what} moved lastUpdatedOn back from {quoted(updated[0])} to {quoted(updated[1])}",
            at("attribution", "lastUpdatedOn"),
            "time-forward",
        )


def _moment(value: object) -> datetime:
    """A timestamp to compare; a malformed one is the timestamps check's to report, here it fails as such."""
    try:
        return parse_timestamp(value) if isinstance(value, str) else _NEVER
    except ValueError:
        return _NEVER


_NEVER = datetime.min.replace(tzinfo=UTC)


def check_update_applied(after: Upsert, expect: Expectations) -> None:
    for sent, answer in after.pairs(NAME, expect):
        values_applied(NAME, "an update", sent, answer)


def check_distinct_ids(first: Upsert, second: Upsert, expect: Expectations) -> None:
    """Items whose upsert keys differ are different communications, with different ids."""
    ids = {answer.get("id"): key for key, answer in _by_key(first, expect).items()}
    for key, answer in _by_key(second, expect).items():
        own_id(NAME, key, answer.get("id"), {row_id: other for row_id, other in ids.items() if other != key})


def check_one_row(together: list[Upsert], expect: Expectations) -> None:
    """Upserts of one key that arrived together made one row: every answer names the same id and createdOn
    for each key, and the values its write sent (their order of arrival is the host's; lastUpdatedOn may be
    any)."""
    answers = [_by_key(upsert, expect) for upsert in together]
    for key, first in answers[0].items():
        for other in answers[1:]:
            answer = other.get(key, {})
            require(
                answer.get("id") == first.get("id"),
                NAME,
                f"{len(together)} upserts of one key sent at the same time were answered with ids "
                f"{quoted(first.get('id'))} and {quoted(answer.get('id'))} for {key_name(key)}: two rows for one key "
                "(a race)",
                at("id"),
                "one-row-per-key",
            )
            created = [attribution(item).get("createdOn") for item in (first, answer)]
            require(
                same_moment(*created),
                NAME,
                f"upserts of one key sent at the same time were answered with createdOn {quoted(created[0])} and "
                f"{quoted(created[1])} for {key_name(key)}",
                at("attribution", "createdOn"),
                "one-row-per-key",
            )
    for upsert in together:
        check_update_applied(upsert, expect)
