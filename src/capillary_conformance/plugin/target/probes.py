"""The fixed probe requests a nightly sends to every region, and what it keeps of each answer: the facets
in which regions of one API may differ while each keeps the contract (``cli/compare.py`` lines them up).

Valid, repeated and updated upserts of one item the region's environment accepts, then a few bad
requests. Sent at the end of a region's run (``CAPILLARY_REGION_PROBES``), by the controller, so their
writes are cleaned up with the run's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from capillary_conformance.contracts import SchemaName, drift
from capillary_conformance.core.exchange import Exchange
from capillary_conformance.generation.samples import base_item
from capillary_conformance.plugin.target.host import Host

Item = dict[str, Any]
OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


def _probes(item: Item) -> dict[str, Callable[[Host], Exchange]]:
    updated = {**item, "messageTemplate": f"{item['messageTemplate']} (updated)"}
    return {
        "valid": lambda host: host.client.upsert([item]),
        "repeated": lambda host: host.client.upsert([item]),
        "updated": lambda host: host.client.upsert([updated]),
        "unknown communicationType": lambda host: host.client.upsert([{**item, "communicationType": "NOT_A_TYPE"}]),
        "offsetDays as text": lambda host: host.client.upsert([{**item, "offsetDays": "one"}]),
        "body not an array": lambda host: host.client.upsert(dict(item)),
        "non-numeric targetId": lambda host: host.client.upsert([item], target="abc"),
    }


def count() -> int:
    """Requests the probes send (the run's plan keeps them in its reserve)."""
    return len(_probes({"messageTemplate": ""}))


def send(host: Host) -> dict[str, dict[str, Any]]:
    """Each probe's facets, by probe name."""
    item = base_item()
    if item is None:
        return {"not sent": {"reason": "no example item fits the declared environment"}}
    return {name: facets(probe(host)) for name, probe in _probes(item).items()}


def facets(exchange: Exchange) -> dict[str, Any]:
    """What regions may do differently and still conform: status, media type, offset style, undocumented
    fields, warnings, error codes and messages."""
    body = exchange.json if exchange.is_json() else None
    shown: dict[str, Any] = {"status": exchange.status, "media type": exchange.media_type or "none"}
    if not isinstance(body, dict):
        return shown
    items = [i for i in body.get("data") or [] if isinstance(i, dict)] if isinstance(body.get("data"), list) else []
    stamps = [
        value
        for item in items
        if isinstance(item.get("attribution"), dict)
        for value in item["attribution"].values()
        if isinstance(value, str) and OFFSET.search(value)
    ]
    if stamps:
        shown["offset style"] = sorted({_style(OFFSET.search(stamp).group(1)) for stamp in stamps})
    schema = SchemaName.RESPONSE if exchange.status == 200 else SchemaName.ERROR_RESPONSE
    shown["undocumented fields"] = sorted({re.sub(r"\[\d+\]", "[]", path) for path in drift(body, schema)})
    shown["warnings"] = json.dumps(body.get("warnings"))
    errors = body.get("errors") if isinstance(body.get("errors"), list) else []
    if errors:
        shown["error codes"] = [e.get("code") for e in errors if isinstance(e, dict)]
        shown["error messages"] = [e.get("message") for e in errors if isinstance(e, dict)]
    return shown


def _style(offset: str) -> str:
    return "Z" if offset == "Z" else "+hh:mm" if ":" in offset else "+hhmm"
