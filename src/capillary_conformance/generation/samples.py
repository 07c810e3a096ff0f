"""Values every run sends before the random search: the docs' own example requests, then the values of
``samples.toml``, chosen for how backends break text and integers quietly (column limits, line breaks,
white space at the ends, markup, e-mail addresses, characters outside the BMP, int32 extremes).

They are packed into a few request bodies (each item carries three text values and one integer), sent
by the ``positive`` sweep as Hypothesis ``@example``s and by Schemathesis from the ``examples`` the run's
copy of the contract gains in memory (the contract files stay as they are). An item outside the run's
declared environment is left out.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import cycle, islice
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import example
from jsonschema import Draft202012Validator

from capillary_conformance.contracts import CONTRACT_DIR
from capillary_conformance.contracts.validation import communication_types
from capillary_conformance.generation.environment import Overlay, declared_overlay

Item = dict[str, Any]
Body = tuple[Item, ...]
Test = TypeVar("Test", bound=Callable[..., Any])

SAMPLES_FILE = Path(__file__).with_name("samples.toml")
TEXT_FIELDS = ("subjectTemplate", "messageTemplate", "sender")
FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "


@cache
def _file() -> dict[str, Any]:
    return tomllib.loads(SAMPLES_FILE.read_text(encoding="utf-8"))


def text_values() -> list[str]:
    """Every text sample, the long ones built to their length."""
    data = _file()
    long = ["".join(islice(cycle(FILLER), n)) for n in data["lengths"]["characters"]]
    return [value for group in data["text"].values() for value in group] + long


def integer_values(field: str) -> list[int]:
    return list(_file()["integers"][field])


def _documented() -> list[Body]:
    paths = sorted(CONTRACT_DIR.glob("examples/*.request.json"))
    return [tuple(json.loads(path.read_text(encoding="utf-8"))) for path in paths]


def _sample_items(base: Item) -> Iterator[Item]:
    """The samples, three text values and one offsetDays to an item, on the docs' example item."""
    texts, days = text_values(), integer_values("offsetDays")
    for number, start in enumerate(range(0, len(texts), len(TEXT_FIELDS))):
        chunk = (texts[start : start + len(TEXT_FIELDS)] * len(TEXT_FIELDS))[: len(TEXT_FIELDS)]
        yield {**base, **dict(zip(TEXT_FIELDS, chunk, strict=True)), "offsetDays": days[number % len(days)]}


def _fits(overlay: Overlay | None) -> Callable[[Item], bool]:
    return Draft202012Validator(overlay).is_valid if overlay else (lambda item: True)


@cache
def documented_bodies() -> tuple[Body, ...]:
    """The docs' example request bodies (``contracts/examples/*.request.json``) the environment accepts."""
    fits = _fits(declared_overlay())
    return tuple(body for body in _documented() if all(fits(item) for item in body))


@cache
def sample_bodies() -> tuple[Body, ...]:
    """The samples packed into bodies: one item per communicationType (a body's items never share an
    upsert key), items outside the environment left out."""
    fits = _fits(declared_overlay())
    base = dict(_documented()[0][0])
    items = [item for item in _sample_items(base) if fits(item)]
    types = communication_types()
    bodies = []
    for start in range(0, len(items), len(types)):
        chunk = items[start : start + len(types)]
        bodies.append(tuple({**item, "communicationType": kind} for item, kind in zip(chunk, types, strict=False)))
    return tuple(bodies)


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


def with_first_bodies(argument: str) -> Callable[[Test], Test]:
    """``first_bodies()`` as explicit examples: the docs' examples, then the samples."""
    return with_bodies(argument, first_bodies())
