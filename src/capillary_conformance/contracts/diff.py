"""Two versions of the contract compared, each change classed by whom it can break.

- **breaking for clients**: an SDK built on the old contract may fail against a host keeping the new one (a field
  removed from the answer or made optional there, an enum value added to the answer, an answer's type widened or
  its constraints loosened; a request field made required, removed, narrowed or constrained).
- **breaking for hosts**: a host keeping the old contract now fails the suite (an answer field made required, an
  answer's type narrowed or constrained, an enum value removed from the answer; a request accepting more than
  before: a value, a type or a field a host keeping the old contract refuses).
- **neither**: words (descriptions, titles, ``$comment``, examples, ``x-`` annotations) and additions a reader
  ignores (an optional answer field, an optional request field).

The rules read the JSON Schema files as the suite does (``$ref`` to a sibling file inlined) and the operation of
the OpenAPI fragment (its path, method, parameters and answers' statuses). No OpenAPI diff engine we could run
here reads OpenAPI 3.1 with JSON Schema files beside it (see the project's notes), so the rules are few, each
tested on a copy of the contract with one change."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from capillary_conformance.contracts.files import inlined_from

CLIENTS, HOSTS, NEITHER = "breaking for clients", "breaking for hosts", "neither"
WORDS = {"description", "title", "$comment", "examples", "example", "$schema", "$id", "default"}
# Constraints, each with the direction that tightens it.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
SCHEMAS = {  # what each schema describes, and who sends it
    "upsert-request.schema.json": ("request", "client"),
    "upsert-response.schema.json": ("answer", "host"),
    "error-response.schema.json": ("error answer", "host"),
}


WHY = {  # (the host sends it, whom it breaks): why, in words
    (True, CLIENTS): "an SDK built on the old contract may not read it",
    (True, HOSTS): "a host keeping the old contract now fails",
    (False, CLIENTS): "an SDK built on the old contract may be refused",
    (False, HOSTS): "a host keeping the old contract refuses what the suite now sends",
}


class UnreadableContract(ValueError):
    """A folder that holds no contract: said in one line."""


@dataclass(frozen=True)
class Change:
    kind: str  # CLIENTS, HOSTS or NEITHER
    where: str  # "answer data[].communicationType"
    words: str

    def line(self) -> str:
        return f"[{self.kind}] {self.where}: {self.words}"

    def as_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Contract:
    folder: Path
    openapi: dict[str, Any]
    schemas: dict[str, dict[str, Any]]  # each top-level schema of SCHEMAS, its $refs inlined

    @classmethod
    def read(cls, folder: Path) -> Contract:
        try:
            openapi = yaml.safe_load((folder / "openapi.yaml").read_text(encoding="utf-8"))
            schemas = {name: inlined_from(folder / "schemas", name) for name in SCHEMAS}
        except (OSError, yaml.YAMLError, json.JSONDecodeError) as error:
            raise UnreadableContract(
                f"{folder} holds no readable contract (openapi.yaml and schemas/): {error}"
            ) from None
        return cls(folder, openapi, schemas)

    def operation(self) -> tuple[str, str, dict[str, Any]]:
        (path, item), *_ = self.openapi["paths"].items()
        method = next(m for m in item if m in ("get", "post", "put", "patch", "delete"))
        return path, method, item[method]

    def version(self) -> str:
        return str(self.openapi.get("info", {}).get("version", "?"))


def compare(old: Contract, new: Contract) -> list[Change]:
    changes = _operation(old, new)
    for name, (what, sender) in SCHEMAS.items():
        changes += _schema(old.schemas[name], new.schemas[name], what, sender == "host")
    return changes


def _operation(old: Contract, new: Contract) -> list[Change]:
    (old_path, old_method, old_op), (new_path, new_method, new_op) = old.operation(), new.operation()
    changes = []
    if (old_path, old_method) != (new_path, new_method):
        words = f"{old_method.upper()} {old_path} is now {new_method.upper()} {new_path}"
        changes += [Change(CLIENTS, "operation", words), Change(HOSTS, "operation", words)]
    for status in sorted(set(old_op.get("responses", {})) - set(new_op.get("responses", {}))):
        changes.append(Change(HOSTS, f"answer {status}", "no longer declared: a host that answers it now fails"))
    for status in sorted(set(new_op.get("responses", {})) - set(old_op.get("responses", {}))):
        changes.append(
            Change(CLIENTS, f"answer {status}", "newly declared: an SDK built on the old one may not read it")
        )
    if bool(old_op.get("deprecated")) != bool(new_op.get("deprecated")):
        state = "deprecated" if new_op.get("deprecated") else "no longer deprecated"
        changes.append(Change(NEITHER, "operation", f"now {state}"))
    old_params, new_params = _parameters(old_op), _parameters(new_op)
    for name in old_params.keys() & new_params.keys():  # the client sends them: a request's rules
        changes += _schema(old_params[name].get("schema", {}), new_params[name].get("schema", {}), name, False)
    for name in sorted(new_params.keys() - old_params.keys()):
        if new_params[name].get("required"):
            changes.append(Change(CLIENTS, name, "a new required parameter: an SDK built on the old contract omits it"))
    for name in sorted(old_params.keys() - new_params.keys()):
        changes.append(Change(CLIENTS, name, "no longer a parameter: an SDK built on the old contract still sends it"))
    return changes


def _parameters(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The operation's parameters by where and name (``path targetId``)."""
    return {f"{p.get('in', '?')} {p.get('name', '?')}": p for p in operation.get("parameters", [])}


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or ())
    return types | ({"integer"} if "number" in types else set())


def _schema(old: dict[str, Any], new: dict[str, Any], where: str, answer: bool) -> list[Change]:
    """``answer``: the host sends it (a client reads it); else the client sends it (a host reads it)."""
    loosened, tightened = (CLIENTS, HOSTS) if answer else (HOSTS, CLIENTS)
    changes: list[Change] = []

    def say(kind: str, words: str) -> None:
        changes.append(Change(kind, where, words if kind == NEITHER else f"{words}: {WHY[answer, kind]}"))

    old_types, new_types = _types(old), _types(new)
    if old_types and new_types and old_types != new_types:
        if new_types > old_types:
            say(loosened, f"type widened from {'|'.join(sorted(old_types))} to {'|'.join(sorted(new_types))}")
        elif new_types < old_types:
            say(tightened, f"type narrowed from {'|'.join(sorted(old_types))} to {'|'.join(sorted(new_types))}")
        else:
            say(loosened, f"type changed from {'|'.join(sorted(old_types))} to {'|'.join(sorted(new_types))}")
            say(tightened, f"type changed from {'|'.join(sorted(old_types))} to {'|'.join(sorted(new_types))}")
    if "enum" in old or "enum" in new:
        old_values, new_values = old.get("enum", []), new.get("enum", [])
        added = [v for v in new_values if v not in old_values] if "enum" in old else []
        removed = [v for v in old_values if v not in new_values] if "enum" in new else []
        if added:
            say(loosened, f"enum value(s) {', '.join(map(str, added))} added")
        if removed:
            say(tightened, f"enum value(s) {', '.join(map(str, removed))} removed")
    for bound in (*LOWER_BOUNDS, *UPPER_BOUNDS, "pattern", "format", "const", "multipleOf"):
        before, after = old.get(bound), new.get(bound)
        if before == after:
            continue
        if before is None:
            say(tightened, f"{bound} {after} added")
        elif after is None:
            say(loosened, f"{bound} {before} removed")
        elif bound in LOWER_BOUNDS:
            say(tightened if after > before else loosened, f"{bound} {before} is now {after}")
        elif bound in UPPER_BOUNDS:
            say(tightened if after < before else loosened, f"{bound} {before} is now {after}")
        else:
            say(loosened, f"{bound} {before!r} is now {after!r}")
            say(tightened, f"{bound} {before!r} is now {after!r}")
    changes += _properties(old, new, where, answer)
    old_items, new_items = old.get("items"), new.get("items")
    if isinstance(old_items, dict) and isinstance(new_items, dict):
        changes += _schema(old_items, new_items, f"{where}[]", answer)
    for keyword in ("anyOf", "oneOf"):
        for number, (before, after) in enumerate(zip(old.get(keyword, []), new.get(keyword, []), strict=False)):
            changes += _schema(before, after, f"{where} ({keyword} {number + 1})", answer)
        if len(old.get(keyword, [])) != len(new.get(keyword, [])):
            say(loosened, f"{keyword} has {len(new.get(keyword, []))} branch(es), had {len(old.get(keyword, []))}")
            say(tightened, f"{keyword} has {len(new.get(keyword, []))} branch(es), had {len(old.get(keyword, []))}")
    words = sorted(k for k in WORDS | {k for k in {*old, *new} if k.startswith("x-")} if old.get(k) != new.get(k))
    if words:
        say(NEITHER, f"{', '.join(words)} changed (words only)")
    return changes


def _properties(old: dict[str, Any], new: dict[str, Any], where: str, answer: bool) -> list[Change]:
    changes = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    closed = new.get("additionalProperties") is False

    def at(name: str) -> str:  # "answer data", "answer data[].id", "request[].channelId"
        return f"{where} {name}" if where in {what for what, _ in SCHEMAS.values()} else f"{where}.{name}"

    for name in old_props:
        if name in new_props:
            changes += _schema(old_props[name], new_props[name], at(name), answer)
        elif answer:
            changes.append(Change(CLIENTS, at(name), "removed from the answer: an SDK that reads it finds nothing"))
        else:
            kind = CLIENTS if closed else NEITHER
            changes.append(Change(kind, at(name), "removed from the request" + (": now refused" if closed else "")))
    for name in new_props:
        if name in old_props:
            continue
        if name in new_required:
            continue  # said below, as made required
        if answer:
            changes.append(Change(NEITHER, at(name), "an optional field added to the answer"))
        else:
            closed_before = old.get("additionalProperties") is False
            kind = HOSTS if closed_before else NEITHER
            said = "an optional field added to the request" + (": a host keeping the old contract refuses it"
                                                               if closed_before else "")  # fmt: skip
            changes.append(Change(kind, at(name), said))
    for name in sorted(new_required - old_required):
        if answer:
            changes.append(Change(HOSTS, at(name), "now required in the answer: a host that omits it now fails"))
        else:
            changes.append(Change(CLIENTS, at(name), "now required in the request: an SDK that omits it is refused"))
    for name in sorted(old_required - new_required):
        if name not in new_props:
            continue  # said above, as removed
        if answer:
            changes.append(Change(CLIENTS, at(name), "now optional in the answer: an SDK may not find it"))
        else:
            changes.append(Change(HOSTS, at(name), "now optional in the request: a host that requires it now fails"))
    return changes
