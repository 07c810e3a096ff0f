"""What one environment accepts: an overlay on the contract's request item, combined with it by ``allOf``
(so it can only narrow), from ``channel_ids`` and the ``request_overlay`` file.

The contract files stay as they are: the narrowed OpenAPI document is written to a temporary copy of
the contract folder (its relative ``$ref``s still resolve there) and loaded from it, for our generators
and for Schemathesis alike. The run declares its environment once, before any test draws data.
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

from capillary_conformance.contracts import CONTRACT_DIR, OPENAPI_PATH, load_openapi
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


def openapi_path() -> Path:
    """The OpenAPI document positive generation reads: the contract's, or its narrowed copy."""
    return _narrowed(_declared["overlay"]) if _declared["overlay"] else OPENAPI_PATH


@cache
def _narrowed(overlay_json: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="capillary-contract-"))
    atexit.register(shutil.rmtree, folder, True)
    narrowed = folder / "contracts"
    shutil.copytree(CONTRACT_DIR, narrowed)
    spec = copy.deepcopy(load_openapi())
    operation = next(iter(spec["paths"].values()))["post"]
    media = operation["requestBody"]["content"]["application/json"]
    media["schema"] = {"allOf": [media["schema"], {"items": json.loads(overlay_json)}]}
    media.pop("examples", None)  # the docs' examples may lie outside the environment
    (narrowed / OPENAPI_PATH.name).write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return narrowed / OPENAPI_PATH.name
