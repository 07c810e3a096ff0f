"""A row's identity, as both the idempotency check and the state machine ask it."""

import pytest

from capillary_conformance.checks.base import CheckFailure
from capillary_conformance.checks.rows import own_id, same_row, values_applied

ROW = {"id": 12, "attribution": {"createdOn": "2025-06-05T10:00:00+0000"}}


def test_the_same_row_keeps_its_id_and_created_on_in_any_offset_style():
    same_row("idempotency", "a repeat", ROW, {"id": 12, "attribution": {"createdOn": "2025-06-05T15:30:00+05:30"}})
    with pytest.raises(CheckFailure, match=r"^\[idempotency\] a repeat changed the id from 12 to 13"):
        same_row("idempotency", "a repeat", ROW, {**ROW, "id": 13})
    with pytest.raises(CheckFailure, match=r"^\[stateful\] a repeat moved createdOn"):
        same_row("stateful", "a repeat", ROW, {"id": 12, "attribution": {"createdOn": "2025-06-06T10:00:00+0000"}})


def test_a_key_owns_its_id():
    own_id("idempotency", ("START", 2), 13, {12: ("START", 1)})
    with pytest.raises(CheckFailure, match=r"keys START/1 and START/2 differ but share id 12"):
        own_id("idempotency", ("START", 2), 12, {12: ("START", 1)})


def test_the_values_sent_last_are_answered():
    values_applied("stateful", "key 1", {"sender": "a@example.com"}, {"sender": "a@example.com", "id": 1})
    with pytest.raises(CheckFailure, match=r'key 1 was answered with \{"sender": "b"\} instead of'):
        values_applied("stateful", "key 1", {"sender": "a@example.com"}, {"sender": "b"})
