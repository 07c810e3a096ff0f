"""The sandbox's state: communications keyed by the upsert key, safe to share between threads."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Stored:
    id: int
    fields: Mapping[str, Any]
    created_on: datetime
    last_updated_on: datetime
    created_by: Mapping[str, Any]
    last_updated_by: Mapping[str, Any]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CommunicationStore:
    """Insert or update by key; createdOn never changes, lastUpdatedOn never goes back."""

    def __init__(self, clock: Callable[[], datetime] = _utc_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._rows: dict[Key, Stored] = {}

    def upsert(self, key: Key, fields: Mapping[str, Any], actor: Mapping[str, Any]) -> tuple[Stored, bool]:
        """The row as stored now, and whether this call created it."""
        with self._lock:
            now = self._clock()
            current = self._rows.get(key)
            if current is None:
                row = Stored(next(self._ids), dict(fields), now, now, dict(actor), dict(actor))
            else:
                later = max(now, current.last_updated_on)
                row = replace(current, fields=dict(fields), last_updated_on=later, last_updated_by=dict(actor))
            self._rows[key] = row
            return row, current is None

    def seed(self, key: Key, fields: Mapping[str, Any], when: datetime, actor: Mapping[str, Any]) -> None:
        """A row from earlier use: written before this run, by someone else."""
        with self._lock:
            self._rows[key] = Stored(next(self._ids), dict(fields), when, when, dict(actor), dict(actor))

    def rows(self) -> list[Stored]:
        with self._lock:
            return list(self._rows.values())

    def new_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def __len__(self) -> int:
        with self._lock:
            return len(self._rows)
