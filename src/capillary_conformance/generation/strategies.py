"""Request data drawn from the contract's request schema, never from a hand-kept list of literals.

Schemathesis turns the OpenAPI fragment (and so ``upsert-request.schema.json``) into a Hypothesis
strategy; hypothesis-jsonschema is not used because it does not work with current Hypothesis.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis import GenerationMode

from capillary_conformance.contracts.validation import communication_types
from capillary_conformance.generation.coverage import item_schema
from capillary_conformance.generation.environment import openapi_path
from capillary_conformance.generation.samples import first_bodies

__all__ = ["communication_types", "item_fields", "request_bodies", "request_items", "with_new_values", "with_other_key"]

Item = dict[str, Any]


def openapi_schema() -> schemathesis.BaseSchema:
    """The contract as Schemathesis loads it, narrowed to the run's declared environment (if any)."""
    return _load(openapi_path(first_bodies()))


@cache
def _load(path: Path) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_path(str(path))


def upsert_operation() -> schemathesis.APIOperation:
    return next(iter(openapi_schema().get_all_operations())).ok()


def integers_as_ints(item: Item) -> Item:
    # JSON Schema counts 7.0 as an integer; the suite's own requests send 7, as an SDK would.
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in item.items()}


@cache
def request_bodies(min_size: int = 1) -> st.SearchStrategy[list[Item]]:
    """A valid request body: 1 to 4 items with distinct communicationType (the schema's allOf rule)."""
    cases = upsert_operation().as_strategy(generation_mode=GenerationMode.POSITIVE)
    # flatmap to just(): Hypothesis then prints the body itself in a falsifying example, not the lambda.
    bodies = cases.flatmap(lambda case: st.just([integers_as_ints(item) for item in case.body]))
    if min_size == 1:
        return bodies
    # Built, not filtered or deduplicated: distinct types first, then an item for each (a filter on the
    # length, or unique_by over items the narrowed schema draws mostly of one type, trips health checks).
    types = st.lists(st.sampled_from(communication_types()), min_size=min_size, max_size=4, unique=True)
    return types.flatmap(
        lambda chosen: st.tuples(
            *(request_items().map(lambda item, t=t: {**item, "communicationType": t}) for t in chosen)
        )
    ).map(list)


def request_items() -> st.SearchStrategy[Item]:
    """One valid communication: every documented field, any text (non-ASCII and empty included)."""
    return request_bodies().map(lambda body: body[0])


def with_new_values(item: Item, key: tuple[str, ...]) -> st.SearchStrategy[Item]:
    """The same upsert key with new values drawn for every other field."""
    return request_items().map(lambda fresh: {**fresh, **{name: item[name] for name in key}})


def with_other_key(item: Item, key: tuple[str, ...]) -> st.SearchStrategy[Item]:
    """An item whose upsert key differs from ``item``'s in exactly one field: the sharpest question, since a
    host that keys rows by fewer fields (communicationType alone) answers it with the same id."""
    return (
        st.tuples(st.sampled_from(key), request_items())
        .filter(lambda pair: pair[1][pair[0]] != item[pair[0]])
        .map(lambda pair: {**pair[1], **{name: item[name] for name in key if name != pair[0]}})
    )


def item_fields() -> dict[str, str]:
    """Each documented request field and its JSON type, from the request item schema."""
    return {name: spec["type"] for name, spec in item_schema()["properties"].items()}
