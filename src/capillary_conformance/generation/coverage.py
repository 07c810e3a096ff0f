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

from covertable import make

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
    """Each documented field of the item schema, as each JSON type it must not take, in the valid ``item``; and
    where the invalid item stands in its body (alone, first of several, last of several: a host that validates
    only a body's first item takes it elsewhere). A covering array (covertable, strength 2) over field, type and
    position, so that every (field, type), (field, position) and (type, position) pair is sent. The values a
    lenient host is likeliest to take come first: each field's valid value as a string, then as the other
    scalars, then wrapped in an array or an object."""
    properties = (schema or item_schema())["properties"]
    allowed_of = {field: _allowed(spec) for field, spec in properties.items() if _allowed(spec)}
    rows = make(
        {"field": list(allowed_of), "kind": list(_KINDS), "position": list(POSITIONS)},
        constraints=[{"operator": "fn", "requires": ["field", "kind"],
                      "evaluate": lambda row: row["kind"] not in allowed_of[row["field"]]}],
    )  # fmt: skip
    order = {kind: n for n, kind in enumerate(_KINDS)}
    rows.sort(
        key=lambda row: (order[row["kind"]], list(allowed_of).index(row["field"]), POSITIONS.index(row["position"]))
    )
    points = []
    for row in rows:
        field, kind = row["field"], row["kind"]
        value = _values_of_each_type(item.get(field, "x"))[kind]
        expected = "/".join(sorted(allowed_of[field]))
        body = placed(item, {**item, field: value}, row["position"])
        points.append(Point(body, f"{field} as {kind} {_shown(value)} ({expected} expected), {row['position']}"))
    return points


# Where an item stands in its body: a host that validates the first item only, or the last, is met there.
POSITIONS = ("alone", "first of several", "last of several")


def placed(valid: Item, item: Item, position: str) -> list[Item]:
    """``item`` alone, or before or after a valid item of another key (another communicationType)."""
    if position == POSITIONS[0]:
        return [item]
    other = {**valid, "communicationType": _another_type(valid.get("communicationType"))}
    return [item, other] if position == POSITIONS[1] else [other, item]


def _another_type(kind: Any) -> Any:
    kinds = item_schema()["properties"]["communicationType"].get("enum", [])
    return next((k for k in kinds if k != kind), kind)


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


# Input the docs leave open (any answer but a 5xx; an error answer carries the error envelope), covered whole.
def open_inputs(item: Item, schema: Schema | None = None) -> list[Point]:
    """Each documented field missing alone, each one null, and an empty object beside a valid item."""
    fields = list((schema or item_schema())["properties"])
    points = [Point([{k: v for k, v in item.items() if k != field}], f"{field} missing") for field in fields]
    points += [Point([{**item, field: None}], f"{field} null") for field in fields]
    points.append(Point(placed(item, {}, POSITIONS[2]), "an empty object after a valid item"))
    return points


@dataclass(frozen=True)
class Injected:
    """A field of the answer sent back in a request, with a value that would matter if the host applied it."""

    field: str
    value: Any
    what: str


OLD_DATE = "2001-01-01T00:00:00.000+0000"


def answer_fields(group: int, target: int, other_row: Any) -> list[Injected]:
    """Every field the answer schema has and the request schema lacks (OWASP API3:2023, broken object property
    level authorisation), each with a value that would matter: another target's ids, another key's row id, an
    old createdOn; then one field no schema knows."""
    answer = inlined(SchemaName.COMMUNICATION.value)["properties"]
    request = item_schema()["properties"]
    values = {
        "id": (other_row, f"the id {other_row!r} of another key's row"),
        "targetId": (target + 1, f"another target's id {target + 1}"),
        "targetGroupId": (group + 1, f"another target group's id {group + 1}"),
        "attribution": ({"createdOn": OLD_DATE, "lastUpdatedOn": OLD_DATE}, f"createdOn back-dated to {OLD_DATE}"),
    }
    injected = [
        Injected(field, *values.get(field, ("x", f"a {field} of its own"))) for field in answer if field not in request
    ]
    return [*injected, Injected("capillaryConformanceUnknown", "x", "a field no schema knows")]


def batch_mixes(longest: int = 4) -> list[tuple[bool, ...]]:
    """Every body of 1 to ``longest`` items as a mix of new keys (True) and keys already written, every position
    of the new ones: 2 + 4 + 8 + 16 bodies for four."""
    return [tuple(bool(bits >> i & 1) for i in range(n)) for n in range(1, longest + 1) for bits in range(2**n)]


# Where each space comes from, as results.json and the README name it (a space is named as the coverage test
# asks it of the plan: ``spending.points(name, ...)``).
SOURCES = {
    "bodies that are not arrays of objects": "upsert-request.schema.json: the body is an array of objects",
    "undeclared methods": "RFC 9110's methods and TRACE, less those openapi.yaml declares",
    "wrong credentials": "RFC 7617 (Basic), RFC 6750 (Bearer): each way a credential is wrong or malformed",
    "enum near misses": "communication-type.schema.json: each enum value, another case, padded, cut short",
    "fields of a wrong JSON type": "communication-input.schema.json: each field x each JSON type it must not take x "
    "its position in the body (alone, first, last), a covering array of strength 2 (covertable)",
    "input the docs leave open": "communication-input.schema.json: each field missing alone, each null; an empty "
    "object after a valid item",
    "the answer's fields in a request": "communication.schema.json's fields that communication-input.schema.json "
    "lacks (OWASP API Security Top 10 2023, API3: broken object property level authorisation), and one unknown",
    "concurrent writes": "the upsert promise: one key is one row whatever arrives first, two keys two rows",
    "text from published sources": "samples.toml's text classes, each from its source (the 'text: ...' spaces), "
    "every value in every text field, four items to a body; text a gateway may block and each value the contract "
    "lets a host refuse in bodies of their own",
    "batches of new and written keys": "upsert-request.schema.json: 1 to 4 items, every mix of new and written "
    "keys in every position",
}
