"""Things seen across a run, counted: contract drift (undocumented fields a host answers with), HTTP
notes (what breaks no promise but is worth a look), requests sent. Mergeable, so xdist workers' tallies
add up, and a snapshot tells one test's share."""

from __future__ import annotations

import re
import threading
from collections import Counter


class Tally:
    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, paths: list[str]) -> None:
        # $.data[3].colour and $.data[0].colour are one drift: $.data[].colour
        with self._lock:
            self._seen.update({re.sub(r"\[\d+\]", "[]", path) for path in paths})

    def merge(self, counts: dict[str, int]) -> None:
        with self._lock:
            self._seen.update(counts)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._seen)

    def since(self, snapshot: dict[str, int]) -> dict[str, int]:
        """What was added after ``snapshot``: one test's drift."""
        with self._lock:
            return {
                path: count - snapshot.get(path, 0)
                for path, count in self._seen.items()
                if count > snapshot.get(path, 0)
            }

    def __getitem__(self, key: str) -> int:
        with self._lock:
            return self._seen[key]

    def items(self) -> list[tuple[str, int]]:
        with self._lock:
            return sorted(self._seen.items())

    def __bool__(self) -> bool:
        return bool(self._seen)
