"""The OpenAPI fragment through Schemathesis, whose generated cases our checks judge too.

``for_host`` makes the check functions for one host's expectations (Schemathesis names a failure by the
function's ``__name__``), so nothing is kept in module state between runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from schemathesis import GenerationMode

from capillary_conformance.checks.base import Expectations, Refusal, Upsert, Wrong
from capillary_conformance.checks.negative import DOCUMENTED_METHODS
from capillary_conformance.checks.positive import check_positive
from capillary_conformance.checks.registry import Check, judge_refusal, register
from capillary_conformance.checks.statuses import NOT_ABOUT_THE_BODY
from capillary_conformance.core.exchange import Exchange

CHECK = register(
    Check(
        "schemathesis",
        order=5,
        label="s-thes",
        promise="contracts/openapi.yaml through Schemathesis 4, positive and negative, all its checks and ours",
        message_regex="Schemathesis found",  # its findings carry Schemathesis' own wording
        draws=True,  # Schemathesis' pytest integration draws its cases itself
    )
)
SchemathesisCheck = Callable[[Any, schemathesis.Response, schemathesis.Case], bool | None]


def exchange_of(response: schemathesis.Response) -> Exchange:
    request = response.request
    body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
    return Exchange(
        method=request.method or "",
        url=request.url or "",
        request_headers=dict(request.headers),
        request_body=body,
        status=response.status_code,
        response_headers={name: ", ".join(values) for name, values in response.headers.items()},
        response_body=response.content,
        elapsed=response.elapsed,
    )


def _mode(case: schemathesis.Case) -> GenerationMode | None:
    return case.meta.generation.mode if case.meta is not None else None


def _ids(case: schemathesis.Case) -> tuple[int, int]:
    params = case.path_parameters or {}
    return int(params["targetGroupId"]), int(params["targetId"])


def for_host(expect: Expectations, note: Callable[[str], None] = lambda text: None) -> list[SchemathesisCheck]:
    """Our checks as Schemathesis checks, judging against what this host must answer with; ``note`` takes
    what is worth showing but breaks no promise (a 405 without Allow)."""

    def capillary_positive(ctx: Any, response: schemathesis.Response, case: schemathesis.Case) -> bool | None:
        """A valid upsert that the host accepted is judged by the answer checks."""
        if _mode(case) != GenerationMode.POSITIVE or response.status_code in NOT_ABOUT_THE_BODY:
            return None
        check_positive(Upsert(case.body, exchange_of(response), *_ids(case)), expect)
        return True

    def capillary_negative(ctx: Any, response: schemathesis.Response, case: schemathesis.Case) -> bool | None:
        """An undeclared method gets 405 or 501; otherwise any answer is below 500, and a refused negative case
        carries the error envelope (the negative check). Whether a negative case must be refused at all is for the
        suite's own negative tests: much of what Schemathesis makes invalid the docs leave open."""
        exchange = exchange_of(response)
        if case.method.upper() not in DOCUMENTED_METHODS:
            refusal = Refusal(exchange, Wrong.METHOD, case.method.upper())
        elif _mode(case) == GenerationMode.NEGATIVE:
            refusal = Refusal(exchange, Wrong.OPEN_INPUT, "a Schemathesis negative case")
        else:
            refusal = Refusal(exchange, Wrong.ANY, "a Schemathesis case")
        for shown in judge_refusal(refusal, expect):
            note(shown)
        return True

    return [capillary_positive, capillary_negative]
