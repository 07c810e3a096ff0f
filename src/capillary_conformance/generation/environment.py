"""What one environment accepts: an overlay on the contract's request item, combined with it by ``allOf``
(so it can only narrow), from ``channel_ids`` and the ``request_overlay`` file.

The contract files stay as they are: the narrowed OpenAPI document is written to a temporary copy of
the contract folder (its relative ``$ref``s still resolve there) and loaded from it, for our generators
and for Schemathesis alike. The run declares its environment once, before any test draws data.

The copy's request schema also keeps one item per communicationType (so at most one per upsert key, and
an answer's items are never ambiguous) and draws no text a host may refuse (the text test asks it, judged as
the contract says): rules for what the suite draws, not ones the contract states.
"""

from __future__ import annotations

import atexit
import copy
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from capillary_conformance.contracts import CONTRACT_DIR, OPENAPI_PATH, SchemaName, load_openapi
from capillary_conformance.contracts.files import inlined
from capillary_conformance.core.settings import ConfigError, Settings

Overlay = dict[str, Any]
_declared: dict[str, str] = {"overlay": ""}  # the run's overlay, as JSON ("" when none is declared)


def item_overlay(settings: Settings) -> Overlay | None:
    """The JSON Schema every positive request item must also satisfy; None when nothing is declared."""
    parts: list[Overlay] = []
    if settings.channel_ids is not None:
        parts.append({"properties": {"channelId": {"enum": list(settings.channel_ids)}}})
    if settings.request_overlay is not None:
        try:
            overlay = json.loads(settings.request_overlay.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(f"CAPILLARY_REQUEST_OVERLAY={str(settings.request_overlay)!r}: {error}") from None
        if not isinstance(overlay, dict):
            raise ConfigError("CAPILLARY_REQUEST_OVERLAY must hold a JSON Schema object for one request item")
        parts.append(overlay)
    return {"allOf": parts} if parts else None


def declare(overlay: Overlay | None) -> None:
    """The run's environment (the plugin calls this once, at configure, before collection)."""
    _declared["overlay"] = json.dumps(overlay, sort_keys=True) if overlay else ""


def declared_overlay() -> Overlay | None:
    return json.loads(_declared["overlay"]) if _declared["overlay"] else None


def openapi_path(examples: tuple[Any, ...] = ()) -> Path:
    """The OpenAPI document generation reads: a copy of the contract's, narrowed to the declared environment
    and to one item per communicationType, whose request ``examples`` are ``examples`` (the bodies every run
    sends before the random search)."""
    return _copy(_declared["overlay"], json.dumps(examples))


def one_item_per_type(types: list[str]) -> dict[str, Any]:
    """At most one item of each type, as JSON Schema (``maxContains`` per type) for generators to draw from."""
    return {
        "maxItems": len(types),
        "allOf": [
            {"contains": {"properties": {"communicationType": {"const": name}}, "required": ["communicationType"]}}
            | {"minContains": 0, "maxContains": 1}
            for name in types
        ],
    }


# Text the contract lets a host refuse (U+0000, the C1 controls) is asked by the text test alone, where a refusal is
# judged as legal: the random search draws none, or a host that refuses it would fail a test that cannot tell.
NO_REFUSABLE_TEXT = "^[^\\u0000\\u0080-\\u009f]*$"


def without_refusable_text() -> dict[str, Any]:
    """Each text field of the request item (a string without an enum) without text a host may refuse."""
    properties = inlined(SchemaName.REQUEST_ITEM.value)["properties"]
    texts = [name for name, spec in properties.items() if spec.get("type") == "string" and "enum" not in spec]
    return {"properties": {name: {"pattern": NO_REFUSABLE_TEXT} for name in texts}}


@cache
def _copy(overlay_json: str, examples_json: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="capillary-contract-"))
    atexit.register(shutil.rmtree, folder, True)
    copied = folder / "contracts"
    shutil.copytree(CONTRACT_DIR, copied)
    schemas = copied / "schemas"
    request = json.loads((schemas / SchemaName.REQUEST.value).read_text(encoding="utf-8"))
    types = json.loads((schemas / "communication-type.schema.json").read_text(encoding="utf-8"))["enum"]
    request |= one_item_per_type(types)
    request["items"] = {"allOf": [request["items"], without_refusable_text()]}
    (schemas / SchemaName.REQUEST.value).write_text(json.dumps(request, indent=2), encoding="utf-8")
    spec = copy.deepcopy(load_openapi())
    operation = next(iter(spec["paths"].values()))["post"]
    media = operation["requestBody"]["content"]["application/json"]
    if overlay_json:
        media["schema"] = {"allOf": [media["schema"], {"items": json.loads(overlay_json)}]}
    # The docs' examples may lie outside the environment: the caller's are those inside it.
    media.pop("examples", None)
    examples = json.loads(examples_json)
    if examples:
        media["examples"] = {f"sent-first-{n}": {"value": body} for n, body in enumerate(examples, 1)}
    (copied / OPENAPI_PATH.name).write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return copied / OPENAPI_PATH.name
