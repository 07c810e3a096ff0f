"""Every answer validates against the contract; undocumented fields are drift, not failures."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Upsert, require
from capillary_conformance.checks.registry import answer_check
from capillary_conformance.checks.statuses import NOT_ABOUT_THE_BODY
from capillary_conformance.contracts import SchemaName, drift, violations
from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.quoting import excerpt

NAME = "schema"


def schema_for_status(status: int) -> SchemaName | None:
    if status == 200:
        return SchemaName.RESPONSE
    if 400 <= status < 500 and status not in NOT_ABOUT_THE_BODY:
        return SchemaName.ERROR_RESPONSE
    return None


def check_schema(exchange: Exchange) -> list[str]:
    """Validate the answer; return the JSON paths of undocumented fields it carries."""
    name = schema_for_status(exchange.status)
    if name is None:
        return []
    require(
        exchange.is_json(),
        NAME,
        f"the HTTP {exchange.status} body is not JSON: {excerpt(exchange.response_text(), 200)}",
        "body",
        "json",
    )
    found = violations(exchange.json, name)
    require(
        not found,
        NAME,
        f"the HTTP {exchange.status} answer breaks {name.value}: " + "; ".join(map(str, found[:5])),
        found[0].pointer if found else "",
        found[0].keyword if found else "",
    )
    return drift(exchange.json, name)


@answer_check(
    NAME,
    order=8,
    deep_share=0.2,
    label="schema",
    promise="every success answer validates against the contract's schemas; undocumented fields are drift",
)
def check_answer_schema(upsert: Upsert, expect: Expectations | None = None) -> list[str]:
    """The answer to a valid upsert, judged by its status' schema; its drift."""
    return check_schema(upsert.exchange)
