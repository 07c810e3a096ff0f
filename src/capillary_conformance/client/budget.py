"""The run's request budget, one count for all its processes: at 100 requests a minute a key's budget is
the team's, so a run stops where it said it would, however pytest-xdist spread its tests.

Each process keeps its own count in a file of the run's shared folder (written by it alone: no lock across
processes); the run's count is their sum.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


class SharedBudget:
    def __init__(self, shared_dir: Path, limit: int | None, process: str | None = None) -> None:
        self.shared_dir, self.limit = shared_dir, limit
        self._mine = shared_dir / f"sent-{process or os.getpid()}"
        self._sent = 0
        self._lock = threading.Lock()  # a test may send from several threads (identical upserts sent together)

    def spent(self) -> int:
        """Requests the run's processes have sent so far."""
        total = 0
        for path in self.shared_dir.glob("sent-*"):
            try:
                total += int(path.read_text() or 0)
            except (OSError, ValueError):
                continue  # a count being replaced this instant: the next read has it
        return total

    def left(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.spent())

    def exhausted(self) -> bool:
        return self.limit is not None and self.spent() >= self.limit

    def take(self) -> bool:
        """Count one more request before it is sent, if the budget has room (threads of one process cannot
        both take the last one; processes can, by one each); with no limit, always. False: the budget is spent."""
        with self._lock:
            if self.exhausted():
                return False
            self._sent += 1
            staged = self._mine.with_name(f".{self._mine.name}")
            staged.write_text(str(self._sent))
            os.replace(staged, self._mine)  # atomic: a reader sees the old count or the new
            return True
