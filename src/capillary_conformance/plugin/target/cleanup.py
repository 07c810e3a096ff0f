"""Leave the target safe: a communication goes to customers and the API has no delete, so at the end of a
run every key it wrote is upserted again with ``active: false`` and a marker text naming the run."""

from __future__ import annotations

from typing import Any

from capillary_conformance.client.http import HostClient, HostUnavailable
from capillary_conformance.core.record import Cleanup
from capillary_conformance.plugin.target.footprint import Footprint

BATCH = 4  # items per request: no two of one request may share a communicationType


def deactivate(client: HostClient, footprint: Footprint, run_id: str) -> Cleanup:
    """Best effort, never raising: what could not be deactivated is listed, with why."""
    cleanup = Cleanup(marker=f"[capillary-conformance run {run_id}] test data, deactivated after the run")
    if "active" in footprint.upsert_key:
        cleanup.failed.append("active is part of the upsert key: a write with active: false would be a new key")
        return cleanup
    pending = [_deactivated(item, footprint.upsert_key, cleanup.marker) for item in footprint.snapshot().values()]
    for batch in _batches(pending):
        keys = [dict(zip(footprint.upsert_key, (i[k] for k in footprint.upsert_key), strict=True)) for i in batch]
        try:
            exchange = client.upsert(batch)
        except HostUnavailable as error:
            cleanup.failed.append(f"{keys}: {error}")
            continue
        if exchange.status == 200:
            cleanup.deactivated.extend(keys)
        else:
            cleanup.failed.append(f"{keys}: HTTP {exchange.status} {exchange.response_text()[:200]!r}")
    return cleanup


def _deactivated(item: dict[str, Any], upsert_key: tuple[str, ...], marker: str) -> dict[str, Any]:
    """The key as written; every other field valid (a lenient host may have accepted odd values)."""
    valid = {
        "channelId": item.get("channelId") if type(item.get("channelId")) is int else 1,
        "offsetDays": item.get("offsetDays") if type(item.get("offsetDays")) is int else 0,
        "sender": item.get("sender") if isinstance(item.get("sender"), str) else "conformance@example.invalid",
    }
    key = {name: item[name] for name in upsert_key}
    return {
        "communicationType": item["communicationType"], **valid, **key,
        "active": False, "subjectTemplate": marker, "messageTemplate": marker,
    }  # fmt: skip


def _batches(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Up to BATCH items a request, no two of one request sharing a communicationType."""
    batches: list[list[dict[str, Any]]] = []
    for item in items:
        home = next(
            (
                b
                for b in batches
                if len(b) < BATCH and all(o["communicationType"] != item["communicationType"] for o in b)
            ),
            None,
        )
        if home is None:
            batches.append([item])
        else:
            home.append(item)
    return batches
