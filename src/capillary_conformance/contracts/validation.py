"""Validate instances against the contract schemas, with messages that name the field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from capillary_conformance.contracts.files import SCHEMA_DIR, all_schemas, inlined
from capillary_conformance.contracts.formats import TIMESTAMP_FORMAT, format_checker, is_timestamp
from capillary_conformance.core.quoting import quoted


class SchemaName(StrEnum):
    REQUEST = "upsert-request.schema.json"
    REQUEST_ITEM = "communication-input.schema.json"
    RESPONSE = "upsert-response.schema.json"
    ERROR_RESPONSE = "error-response.schema.json"
    COMMUNICATION = "communication.schema.json"
    COMMUNICATION_TYPE = "communication-type.schema.json"


@dataclass(frozen=True)
class ContractViolation:
    """One way an instance breaks a schema: where (a JSON path) and what."""

    path: str
    message: str
    keyword: str = field(default="", compare=False)  # the schema keyword broken: enum, type, required, ...
    pointer: str = field(default="", compare=False)  # a JSON pointer to the value, array indexes as "*"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@cache
def _located() -> dict[str, dict[str, Any]]:
    """Each schema with its file's URI as ``$id``: the files carry no ``$id`` (so any copy of the folder
    resolves its relative ``$ref``s from where it lies, and no resolver is sent to a host); the URI is
    given here, in memory."""
    return {name: {"$id": (SCHEMA_DIR / name).as_uri(), **schema} for name, schema in all_schemas().items()}


@cache
def _registry() -> Registry:
    resources = [(schema["$id"], Resource.from_contents(schema)) for schema in _located().values()]
    return Registry().with_resources(resources)


@cache
def _validator(name: SchemaName) -> Draft202012Validator:
    schema = _located()[name.value]
    return Draft202012Validator(schema, registry=_registry(), format_checker=format_checker())


@cache
def _fast_validator(name: SchemaName) -> jsonschema_rs.Validator:
    """The same schema compiled by jsonschema-rs: a yes/no answer an order of magnitude faster."""
    registry = jsonschema_rs.Registry([(schema["$id"], schema) for schema in _located().values()])
    return jsonschema_rs.validator_for(
        _located()[name.value], registry=registry, validate_formats=True, formats={TIMESTAMP_FORMAT: is_timestamp}
    )


def schema_for(name: SchemaName) -> dict[str, Any]:
    return all_schemas()[name.value]


def violations(instance: Any, name: SchemaName) -> list[ContractViolation]:
    """Every violation, by path; inside anyOf/allOf, the innermost ones, so a message names the field.

    Most instances are valid: jsonschema-rs says so quickly; python-jsonschema explains the rest.
    """
    if _fast_validator(name).is_valid(instance):
        return []
    found = []
    for error in _validator(name).iter_errors(instance):
        leaves = _leaf_errors(error)
        found.extend(ContractViolation(leaf.json_path, _said(leaf), leaf.validator, _pointer(leaf)) for leaf in leaves)
    return sorted(set(found), key=lambda v: v.path)


def _said(error: Any) -> str:
    """The validator's message with its values as JSON (``"finish" is not one of ["START", ...]``), not Python."""
    message = error.message
    for value in (error.instance, error.validator_value):
        if not isinstance(value, dict | list) or len(repr(value)) < 300:
            message = message.replace(repr(value), quoted(value))
    return re.sub(r"'([A-Za-z_$][\w$.-]*)'", r'"\1"', message)  # a property named in the message


def _pointer(error: Any) -> str:
    """Where the broken value is: a missing property is pointed at where it should be."""
    parts = ["*" if isinstance(part, int) else str(part) for part in error.absolute_path]
    if error.validator == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        parts += [missing.group(1)] if missing else []
    return "/" + "/".join(parts)


def _leaf_errors(error: Any) -> list[Any]:
    if not error.context:
        return [error]
    # anyOf/allOf wrappers: report what went wrong inside, not "is not valid under any schema".
    return [leaf for sub in error.context for leaf in _leaf_errors(sub)]


def communication_types() -> list[str]:
    return list(schema_for(SchemaName.COMMUNICATION_TYPE)["enum"])


def drift(instance: Any, name: SchemaName) -> list[str]:
    """JSON paths of fields the contract does not document (allowed, but worth reporting)."""
    return sorted(_undocumented(instance, inlined(name.value), "$"))


def _undocumented(instance: Any, schema: dict[str, Any], path: str) -> Iterator[str]:
    if isinstance(instance, dict) and "properties" in schema:
        documented = schema["properties"]
        for key, value in instance.items():
            if key in documented:
                yield from _undocumented(value, documented[key], f"{path}.{key}")
            else:
                yield f"{path}.{key}"
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            yield from _undocumented(item, schema["items"], f"{path}[{index}]")
