"""Where the contract files live, in a source checkout or an installed wheel."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def _find_contract_dir() -> Path:
    # A checkout (editable install, CI) keeps them at the repository's top level, where people
    # edit them; a wheel carries a copy inside the package.
    source_tree = Path(__file__).resolve().parents[3] / "contracts"
    if (source_tree / "openapi.yaml").is_file():
        return source_tree
    return Path(str(resources.files("capillary_conformance") / "_contracts"))


CONTRACT_DIR = _find_contract_dir()
SCHEMA_DIR = CONTRACT_DIR / "schemas"
OPENAPI_PATH = CONTRACT_DIR / "openapi.yaml"


@cache
def load_schema(file_name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / file_name).read_text(encoding="utf-8"))


@cache
def all_schemas() -> dict[str, dict[str, Any]]:
    return {path.name: load_schema(path.name) for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@cache
def load_openapi() -> dict[str, Any]:
    return yaml.safe_load(OPENAPI_PATH.read_text(encoding="utf-8"))


def upsert_path() -> str:
    """The operation's path template, ``/v3/targetGroups/{targetGroupId}/...``: the fragment's one path."""
    (path,) = load_openapi()["paths"]
    return str(path)


def contract_version() -> str:
    return str(load_openapi()["info"]["version"])


def inlined_from(folder: Path, file_name: str) -> dict[str, Any]:
    """A schema file of ``folder`` with its ``$ref``s to sibling files inlined, for code that walks it."""

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                sibling = json.loads((folder / node["$ref"].rsplit("/", 1)[-1]).read_text(encoding="utf-8"))
                return {**inline(sibling), **inline({k: v for k, v in node.items() if k != "$ref"})}
            return {k: inline(v) for k, v in node.items() if k not in ("$id", "$schema")}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(json.loads((folder / file_name).read_text(encoding="utf-8")))


@cache
def inlined(file_name: str) -> dict[str, Any]:
    """A schema of this contract, its ``$ref``s inlined (shared: do not mutate)."""
    return inlined_from(SCHEMA_DIR, file_name)
