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


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CommunicationStore:
    """Insert or update by key; createdOn never changes, lastUpdatedOn never goes back."""

    def __init__(self, clock: Callable[[], datetime] = _utc_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._rows: dict[Key, Stored] = {}

    def upsert(self, key: Key, fields: Mapping[str, Any]) -> tuple[Stored, bool]:
        """The row as stored now, and whether this call created it."""
        with self._lock:
            now = self._clock()
            current = self._rows.get(key)
            if current is None:
                row = Stored(next(self._ids), dict(fields), now, now)
            else:
                row = replace(current, fields=dict(fields), last_updated_on=max(now, current.last_updated_on))
            self._rows[key] = row
            return row, current is None

    def new_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def __len__(self) -> int:
        with self._lock:
            return len(self._rows)
