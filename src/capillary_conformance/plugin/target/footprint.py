"""What a run wrote on the target: every key a host accepted an upsert for, with the last item sent."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from capillary_conformance.core.exchange import Exchange

Item = dict[str, Any]


class Footprint:
    """Keys as JSON (``["START", 1]``, in upsert-key order), so they travel from xdist workers as they are.
    ``shared_dir``: each key is also written down there as it is written, so that a run stopped early (``-x``
    under pytest-xdist stops workers before their reports arrive) still cleans up every key."""

    def __init__(self, upsert_key: tuple[str, ...], path: str, shared_dir: Path | None = None) -> None:
        self.upsert_key = upsert_key
        self.path = path
        self._written: dict[str, Item] = {}
        self._lock = threading.Lock()
        self._log = shared_dir / f"written-{os.getpid()}.jsonl" if shared_dir is not None else None

    def items_of(self, exchange: Exchange) -> list[Item]:
        """The well-formed items (objects carrying the upsert key) a POST on the configured target sent."""
        if exchange.method != "POST" or urlsplit(exchange.url).path != self.path:
            return []
        try:
            body = json.loads(exchange.request_body)
        except ValueError:
            return []
        return (
            [i for i in body if isinstance(i, dict) and all(k in i for k in self.upsert_key)]
            if isinstance(body, list)
            else []
        )

    def record(self, exchange: Exchange) -> None:
        """A client listener: a 200 to a POST on the configured target wrote every well-formed item sent."""
        items = self.items_of(exchange) if exchange.status == 200 else []
        if not items:
            return
        with self._lock:
            for item in items:
                self._written[self.key(item)] = item
            if self._log is not None:
                with self._log.open("a", encoding="utf-8") as log:
                    log.writelines(json.dumps([self.key(item), item], ensure_ascii=False) + "\n" for item in items)

    def key(self, item: Item) -> str:
        return json.dumps([item[name] for name in self.upsert_key], ensure_ascii=False)

    def last(self, item: Item) -> Item | None:
        """The last item written for ``item``'s key, or None when the run has not written that key."""
        with self._lock:
            return self._written.get(self.key(item))

    def merge(self, written: dict[str, Item]) -> None:
        with self._lock:
            self._written.update(written)

    def snapshot(self) -> dict[str, Item]:
        with self._lock:
            return dict(self._written)

    def since(self, snapshot: dict[str, Item]) -> dict[str, Item]:
        with self._lock:
            return {key: item for key, item in self._written.items() if snapshot.get(key) is not item}

    def keys(self) -> list[dict[str, Any]]:
        """The keys written, as ``{"communicationType": "START", "channelId": 1}``."""
        with self._lock:
            return [dict(zip(self.upsert_key, json.loads(key), strict=True)) for key in sorted(self._written)]

    def __len__(self) -> int:
        with self._lock:
            return len(self._written)


def written_in(shared_dir: Path) -> dict[str, Item]:
    """Every key the run's processes wrote down in ``shared_dir``, with the last item sent for it."""
    written: dict[str, Item] = {}
    for log in sorted(shared_dir.glob("written-*.jsonl")):
        for line in log.read_text(encoding="utf-8").split("\n"):  # not splitlines(): a text may hold U+2028
            try:
                key, item = json.loads(line)
            except ValueError:
                continue  # a line being written as the run stopped
            written[key] = item
    return written
