"""The contract's small, finite spaces, each point asked once: covered, not sampled.

A random draw meets one field and one wrong JSON type per example, and a host that accepts ``"1"`` for
``channelId`` passes a gate that happens not to draw that pair. Here each space is derived from the
contract's request schema (its fields, their types, the enum), so a field added to the contract gains its
points without a line changing here. These are the invalid spaces: each point is one request, since one
rejection would hide the others (the valid spaces share bodies: ``samples.py`` packs them).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from capillary_conformance.contracts import SchemaName
from capillary_conformance.contracts.files import inlined, load_openapi

Item = dict[str, Any]
Schema = dict[str, Any]


@dataclass(frozen=True)
class Point:
    """One request of a space, and how a person names it."""

    body: Any
    what: str


# One value of each JSON type, the sharpest a host might take for another: the valid value as a string (a
# host that coerces "1" to 1, "true" to true), 1 for a boolean, a one-item array or object around the valid
# value. Not null: the docs leave a null open (the negative check asks it never gets a 5xx).
def _values_of_each_type(valid: Any) -> dict[str, Any]:
    return {
        "integer": 1,
        "number": 1.5,
        "string": str(valid).lower() if isinstance(valid, bool) else str(valid),
        "boolean": True,
        "array": [valid],
        "object": {"value": valid},
    }


# A value of the first type is never wrong for a field of the second (an integer is a number).
_ALSO_ACCEPTS = {"number": {"integer"}}


def item_schema() -> Schema:
    """The contract's request item, its ``$ref``s inlined."""
    return inlined(SchemaName.REQUEST_ITEM.value)


def wrong_types(item: Item, schema: Schema | None = None) -> list[Point]:
    """Each documented field of the item schema, as each JSON type it must not take, in the valid ``item``.
    The values a lenient host is likeliest to take come first: each field's valid value as a string, then as
    the other scalars, then wrapped in an array or an object."""
    properties = (schema or item_schema())["properties"]
    allowed_of = {field: _allowed(spec) for field, spec in properties.items()}
    points = []
    for kind in _KINDS:
        for field, allowed in allowed_of.items():
            if allowed and kind not in allowed:  # a field of any type (an enum's own rule): the enum space asks it
                value = _values_of_each_type(item.get(field, "x"))[kind]
                expected = "/".join(sorted(allowed))
                points.append(
                    Point([{**item, field: value}], f"{field} as {kind} {_shown(value)} ({expected} expected)")
                )
    return points


_KINDS = ("string", "integer", "boolean", "number", "array", "object")


def _allowed(spec: Schema) -> set[str]:
    allowed = {spec["type"]} if isinstance(spec.get("type"), str) else set(spec.get("type", []))
    return allowed | {also for kind in allowed for also in _ALSO_ACCEPTS.get(kind, set())}


def not_arrays_of_objects(item: Item) -> list[Point]:
    """Each body that is not an array of objects: the valid item itself unwrapped, an empty object, a
    string, numbers, null, a boolean, an array of arrays."""
    bodies = [
        (dict(item), "the valid item as a bare object, not in an array"),
        ({}, "an empty object"),
        ("[]", "a string"),
        (1, "an integer"),
        (1.5, "a number"),
        (None, "null"),
        (True, "true"),
        ([[item]], "an array holding an array of the valid item"),
    ]
    return [Point(body, f"a body of {what}") for body, what in bodies]


def enum_near_misses(item: Item, schema: Schema | None = None) -> list[Point]:
    """Each value of each enum field of the item schema, and its near misses: another case, white space
    around it, its neighbour's prefix (a host that compares loosely, trims, or matches a prefix takes them)."""
    points = []
    for field, spec in (schema or item_schema())["properties"].items():
        for value in (v for v in spec.get("enum", ()) if isinstance(v, str)):
            for miss, how in ((value.lower(), "lower case"), (f" {value} ", "padded"), (value[:-1], "cut short")):
                points.append(Point([{**item, field: miss}], f"{field} {_shown(miss)} ({value} {how})"))
    return points


def _shown(value: Any) -> str:
    """A value as it went on the wire (JSON), cut to a line."""
    return json.dumps(value, ensure_ascii=False)[:60]


# RFC 9110's methods a body can go with, and TRACE. Not HEAD or OPTIONS: their answers belong to HTTP
# itself (HEAD follows GET, CORS layers answer OPTIONS), not to this operation.
_METHODS = ("GET", "PUT", "PATCH", "DELETE", "TRACE")


def undeclared_methods(openapi: Schema | None = None) -> list[str]:
    """Each method the contract's upsert path does not declare."""
    (operations,) = (openapi or load_openapi())["paths"].values()
    return [method for method in _METHODS if method.lower() not in operations]


@dataclass(frozen=True)
class Credential:
    """One wrong credential: the Authorization header sent (None: none), and whether it is malformed (then a
    400 is a refusal too)."""

    header: str | None
    what: str
    malformed: bool = False


def wrong_credentials(user: str, password: str) -> list[Credential]:
    """Each way a request's credentials can be wrong for the configured user: none, a wrong or an empty
    password, another user, another scheme, a Basic value that is not base64 or has no colon."""
    return [
        Credential(None, "no credentials"),
        Credential(_basic(f"{user}:{password}-wrong"), f"a wrong password for {user!r}"),
        Credential(_basic(f"{user}:"), "an empty password"),
        Credential(_basic(f"{user}-other:{password}"), "the configured password with another username"),
        Credential("Bearer " + base64.b64encode(f"{user}:{password}".encode()).decode(), "a Bearer token"),
        Credential("Basic !!not*base64!!", "Basic that is not base64", malformed=True),
        Credential(_basic(user), "Basic without a colon", malformed=True),
    ]


def _basic(token: str) -> str:
    return "Basic " + base64.b64encode(token.encode()).decode()


# Each kind of write two clients make to a target at the same moment (an SDK's retry, two workers, a create racing
# an update): of one key or two, with the same values or others, both new or one landing on the other's insert.
# The upsert promise names them: one key is one row whatever the order of arrival, two keys are two rows.
CONCURRENT_WRITES = (
    "the same key, identical",
    "the same key, other values",
    "two new keys",
    "an update landing on its key's insert",
)
CONCURRENT_COST = 3  # requests per kind: the pair, and one repeat afterwards
