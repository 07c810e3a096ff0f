"""Values every run sends before the random search: the docs' own example requests.

They are what an SDK's user copies first, and they hold what backends break quietly (the November
example's subject ends in a space). An example outside the run's declared environment is left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from hypothesis import example
from jsonschema import Draft202012Validator

from capillary_conformance.contracts import CONTRACT_DIR
from capillary_conformance.generation.environment import declared_overlay

Item = dict[str, Any]
Test = TypeVar("Test", bound=Callable[..., Any])


@cache
def documented_bodies() -> tuple[tuple[Item, ...], ...]:
    """The docs' example request bodies (``contracts/examples/*.request.json``) the environment accepts."""
    overlay = declared_overlay()
    fits = Draft202012Validator(overlay).is_valid if overlay else (lambda item: True)
    bodies = [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(CONTRACT_DIR.glob("examples/*.request.json"))
    ]
    return tuple(tuple(body) for body in bodies if all(fits(item) for item in body))


def with_documented_bodies(argument: str) -> Callable[[Test], Test]:
    """``@example`` for each documented body, passed as ``argument`` (a list, as the strategies draw it)."""

    def decorate(test: Test) -> Test:
        for body in documented_bodies():
            test = example(**{argument: [dict(item) for item in body]})(test)
        return test

    return decorate
