"""Canned exchanges for the checks' unit tests: the docs' November 2025 example, and ways to break it."""

from __future__ import annotations

import copy
import json
from typing import Any

from capillary_conformance.checks import Expectations, Upsert
from capillary_conformance.contracts import CONTRACT_DIR
from capillary_conformance.core.exchange import Exchange

EXAMPLES = CONTRACT_DIR / "examples"
GROUP, TARGET = 2750, 2996
EXPECT = Expectations()


def sent() -> list[dict[str, Any]]:
    return json.loads((EXAMPLES / "november-2025.request.json").read_text())


def answer() -> dict[str, Any]:
    return json.loads((EXAMPLES / "november-2025.response.json").read_text())


def exchange(
    body: Any, status: int = 200, content_type: str = "application/json", raw: bytes | None = None
) -> Exchange:
    return Exchange(
        method="POST",
        url=f"http://host.test/v3/targetGroups/{GROUP}/targets/{TARGET}/communications/upsert",
        request_headers={"Content-Type": "application/json"},
        request_body=json.dumps(sent()).encode(),
        status=status,
        response_headers={"Content-Type": content_type},
        response_body=raw if raw is not None else json.dumps(body).encode(),
        elapsed=0.0,
    )


def upsert(body: Any = None, items: list[dict[str, Any]] | None = None, **kwargs: Any) -> Upsert:
    """The example upsert; ``body`` replaces the answer, ``items`` what was sent."""
    return Upsert(
        items if items is not None else sent(), exchange(answer() if body is None else body, **kwargs), GROUP, TARGET
    )


def changed(path: str, value: Any) -> dict[str, Any]:
    """The example answer with one value replaced: ``data.0.attribution.createdOn``."""
    body = copy.deepcopy(answer())
    *parents, last = path.split(".")
    node: Any = body
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return body
