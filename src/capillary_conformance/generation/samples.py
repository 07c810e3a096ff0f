"""Values every run sends first: the docs' own example requests, then the text of ``samples.toml`` by class
(``text.py``: each class from a published source), each value in each text field, and each integer field's
boundaries (0, 1, -1 and the ends of its range, from the contract) and both booleans, riding along.

They are packed into a few request bodies (each item carries three text values and its integers, four items to
a body), split into lots by what a host may answer them (``text.lots``): the text to keep, sent by the text
test of the coverage pass and by Schemathesis from the ``examples`` the run's copy of the contract gains in
memory (the contract files stay as they are); text a gateway may block and each value a host may refuse, in
bodies of their own, sent by the text test alone. An item outside the run's declared environment is left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import example
from jsonschema import Draft202012Validator

from capillary_conformance.contracts import CONTRACT_DIR
from capillary_conformance.contracts.validation import communication_types
from capillary_conformance.generation.coverage import item_schema
from capillary_conformance.generation.environment import Overlay, declared_overlay
from capillary_conformance.generation.text import SAMPLES_FILE, Lot, lots, text_classes

Item = dict[str, Any]
Body = tuple[Item, ...]
Test = TypeVar("Test", bound=Callable[..., Any])


def text_values(path: Path = SAMPLES_FILE) -> list[str]:
    """Every text value of every class, in the file's order."""
    return list(dict.fromkeys(value for text in text_classes(path) for value in text.values))


def integer_values(field: str, schema: Item | None = None) -> list[int]:
    """The boundaries of an integer field of the contract's request item: 0, 1, -1 and the ends of its range."""
    spec = (schema or item_schema())["properties"][field]
    low, high = spec.get("minimum"), spec.get("maximum")
    values = [0, 1, -1, *(bound for bound in (low, high) if bound is not None)]
    inside = [v for v in values if (low is None or v >= low) and (high is None or v <= high)]
    return list(dict.fromkeys(inside))


def text_fields(schema: Item | None = None) -> tuple[str, ...]:
    """The request item's free-text fields: strings without an enum."""
    return _fields_of("string", schema)


def _integer_fields(schema: Item | None = None) -> tuple[str, ...]:
    return _fields_of("integer", schema)


def _fields_of(json_type: str, schema: Item | None) -> tuple[str, ...]:
    properties = (schema or item_schema())["properties"]
    return tuple(
        name for name, spec in sorted(properties.items()) if spec.get("type") == json_type and "enum" not in spec
    )


def _documented() -> list[Body]:
    paths = sorted(CONTRACT_DIR.glob("examples/*.request.json"))
    return [tuple(json.loads(path.read_text(encoding="utf-8"))) for path in paths]


def _sample_items(texts: tuple[str, ...], base: Item, fits: Callable[[Item], bool]) -> Iterator[Item]:
    """Every text value in every text field (item k holds values k, k+1, k+2 of the list, in turn, so over
    the items each value reaches each field once); each integer field's boundaries and both booleans in
    turn. An integer boundary outside the environment (a channelId it does not know) gives way to the
    base item's value: the text still goes."""
    fields, integers = text_fields(), _integer_fields()
    bounds = {name: integer_values(name) for name in integers}
    for k in range(len(texts)):
        text = {field: texts[(k + offset) % len(texts)] for offset, field in enumerate(fields)}
        varied = {name: values[k % len(values)] for name, values in bounds.items()}
        item = {**base, **text, **varied, "active": k % 2 == 0}
        if not fits(item):
            item = {**base, **text, "active": k % 2 == 0}
        if fits(item):
            yield item


def _fits(overlay: Overlay | None) -> Callable[[Item], bool]:
    return Draft202012Validator(overlay).is_valid if overlay else (lambda item: True)


@cache
def documented_bodies() -> tuple[Body, ...]:
    """The docs' example request bodies (``contracts/examples/*.request.json``) the environment accepts."""
    fits = _fits(declared_overlay())
    return tuple(body for body in _documented() if all(fits(item) for item in body))


@dataclass(frozen=True)
class TextBody:
    """A body of the text test: its items, and the lot its text comes from (what a host may answer it)."""

    items: Body
    lot: Lot
    classes: tuple[str, ...]  # the classes its text comes from

    def values(self) -> set[str]:
        return {item[field] for item in self.items for field in text_fields() if field in item}


def _packed(texts: tuple[str, ...], fits: Callable[[Item], bool]) -> list[Body]:
    """Items of ``texts`` four to a body, one per communicationType (a body's items never share an upsert key)."""
    items = list(_sample_items(texts, dict(_documented()[0][0]), fits))
    types = communication_types()
    chunks = [items[start : start + len(types)] for start in range(0, len(items), len(types))]
    return [
        tuple({**item, "communicationType": kind} for item, kind in zip(chunk, types, strict=False)) for chunk in chunks
    ]


@cache
def text_bodies(path: Path = SAMPLES_FILE) -> tuple[TextBody, ...]:
    """Every text value of ``samples.toml`` (or a copy) in every text field, packed by lot: the text to keep,
    then text a gateway may block, then each value a host may refuse alone; items outside the environment left
    out."""
    fits, classes = _fits(declared_overlay()), text_classes(path)
    bodies = []
    for lot in lots(classes):
        for items in _packed(lot.values, fits):
            sent = {item[field] for item in items for field in text_fields()}
            names = tuple(text.name for text in classes if sent & set(text.values))
            bodies.append(TextBody(items, lot, names))
    return tuple(bodies)


def sample_bodies() -> tuple[Body, ...]:
    """The bodies of the text to keep (Schemathesis' examples): valid, and kept as sent by any host."""
    return tuple(body.items for body in text_bodies() if not (body.lot.refusable or body.lot.gateway_may_block))


def changed_value(value: Any) -> Any:
    """Another valid value for a field that is not part of the key: text with a suffix, the next integer down
    or up, the other boolean."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value - 1 if value > 0 else value + 1
    return f"{value} (updated)"


def base_item() -> Item | None:
    """A docs' example item if the environment accepts it, else the first sample it accepts (None: none):
    the valid item a probe or a coverage point changes one thing in."""
    bodies = documented_bodies() or sample_bodies()
    return dict(bodies[0][0]) if bodies else None


def first_bodies() -> tuple[Body, ...]:
    """What the run sends before the random search: the docs' examples, then the samples."""
    return documented_bodies() + sample_bodies()


def with_bodies(argument: str, bodies: Iterable[Iterable[Item]]) -> Callable[[Test], Test]:
    """``@example`` for each body, passed as ``argument`` (a list, as the strategies draw it), in order:
    Hypothesis runs explicit examples in the order they are listed under ``@given``."""

    def decorate(test: Test) -> Test:
        for body in reversed([list(body) for body in bodies]):
            test = example(**{argument: [dict(item) for item in body]})(test)
        return test

    return decorate
