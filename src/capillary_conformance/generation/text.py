"""The text every run sends, by class, each class from a published source named beside it (``samples.toml``):
Unicode's line terminators, control characters, white space, case mappings and zero-width characters, derived
from the Unicode Character Database Python carries; the Big List of Naughty Strings (vendored, MIT), the first
string of each of its categories; and a few classes chosen for this API (templates, e-mail senders, long text),
said so.

Where a class's values go is the contract's to say (``contracts/text.py``): text a host may refuse (U+0000, the
C1 controls) travels in bodies of its own, where a refusal is legal and hides nothing else; so does text a
gateway in front of the API may block (script and SQL injection), where a gateway's page is not judged.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from capillary_conformance.contracts.text import may_be_refused

SAMPLES_FILE = Path(__file__).with_name("samples.toml")
NAUGHTY_STRINGS = Path(__file__).with_name("naughty_strings") / "blns.txt"
FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "


@dataclass(frozen=True)
class TextClass:
    """One class of text: its name, where it comes from, its values; whether a gateway may block it."""

    name: str
    source: str
    values: tuple[str, ...]
    gateway_may_block: bool = False


@cache
def _every_code_point() -> tuple[str, list[str]]:
    """U+0000 to U+10FFFF in order, and the general category of each: one pass over the database for all the
    derived classes of a run (dropped once they are made, see ``text_classes``)."""
    every = "".join(map(chr, range(0x110000)))
    return every, list(map(unicodedata.category, every))


def _of_categories(*names: str) -> list[str]:
    every, categories = _every_code_point()
    return [char for char, category in zip(every, categories, strict=True) if category in names]


def controls() -> list[str]:
    """Every Unicode control character (general category Cc): the C0 controls and DEL in one value, U+0000 on
    its own, the C1 controls in one value (the contract lets a host refuse the last two)."""
    cc = _of_categories("Cc")
    c0 = "".join(c for c in cc if "\x01" <= c <= "\x7f")
    c1 = "".join(c for c in cc if "\x80" <= c <= "\x9f")
    return [f"C0 and DEL: {c0} end", "NUL \x00 inside", f"C1: {c1} end"]


def case_mappings() -> list[str]:
    """Every character whose upper or lower case has another length (Unicode's SpecialCasing: ß -> SS, İ -> i̇),
    in one value. A case mapping never makes a character shorter, so a block of characters keeps its length
    only if each of them does: only the blocks that change are looked at character by character."""
    every, _ = _every_code_point()
    changing: list[str] = []
    for start in range(0, len(every), 256):
        block = every[start : start + 256]
        if len(block.upper()) != len(block) or len(block.lower()) != len(block):
            changing += [c for c in block if len(c.upper()) != 1 or len(c.lower()) != 1]
    return ["".join(changing)]


def white_space() -> list[str]:
    """Every character of Unicode's space, line and paragraph separator categories (Zs, Zl, Zp), each between
    two letters."""
    spaces = _of_categories("Zs", "Zl", "Zp")
    return ["".join(f"{chr(ord('a') + n % 26)}{space}" for n, space in enumerate(spaces)) + "z"]


def naughty_strings(path: Path = NAUGHTY_STRINGS) -> dict[str, list[str]]:
    """The Big List of Naughty Strings by category (a ``#`` title line followed by a lone ``#``), in file order."""
    lines = path.read_text(encoding="utf-8").split("\n")
    categories: dict[str, list[str]] = {}
    current: list[str] = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        title = re.fullmatch(r"#\s+(\S.*?)\s*", line)
        previous = lines[number - 1] if number else ""
        if title and re.fullmatch(r"#\s*", following) and not previous.startswith("#"):
            current = categories.setdefault(title.group(1), [])
        elif line and not line.startswith("#"):
            current.append(line)
    return categories


DERIVED: dict[str, Callable[[], list[str]]] = {
    "controls": controls,
    "case mappings": case_mappings,
    "white space": white_space,
}


def _classes(entry: dict[str, Any]) -> Iterator[TextClass]:
    name, source = entry["class"], entry["source"]
    if "naughty_strings" in entry:
        rule = entry["naughty_strings"]
        blocked = re.compile(rule["gateway_may_block"], re.IGNORECASE)
        for category, strings in naughty_strings().items():
            values = tuple(strings[: rule["per_category"]])
            yield TextClass(f"{name}: {category}", source, values, bool(blocked.search(category)))
        return
    values = list(entry.get("values", []))
    values += DERIVED[entry["derive"]]() if "derive" in entry else []
    values += ["".join(islice(cycle(FILLER), n)) for n in entry.get("lengths", [])]
    yield TextClass(name, source, tuple(values))


@cache
def text_classes(path: Path = SAMPLES_FILE) -> tuple[TextClass, ...]:
    """The classes of ``samples.toml`` (or a copy of it), in its order, derived ones computed."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    classes = tuple(text for entry in data["text"] for text in _classes(entry))
    _every_code_point.cache_clear()  # 13 MB a run need not keep
    return classes


def unicode_version() -> str:
    return unicodedata.unidata_version


@dataclass(frozen=True)
class Lot:
    """Values that travel together in bodies of their own, and what a host may answer them."""

    values: tuple[str, ...]
    refusable: bool = False  # the contract lets a host refuse them (a 4xx with the error envelope)
    gateway_may_block: bool = False  # a gateway in front of the API may answer its own page instead


def lots(classes: tuple[TextClass, ...]) -> list[Lot]:
    """The values split by what a host may answer them: text to keep (packed together), text a gateway may block
    (together, apart), and each value a host may refuse (alone: a refusal hides nothing else)."""
    kept = [v for c in classes if not c.gateway_may_block for v in c.values if not may_be_refused(v)]
    blocked = [v for c in classes if c.gateway_may_block for v in c.values if not may_be_refused(v)]
    refused = [v for c in classes for v in c.values if may_be_refused(v)]
    unique = lambda values: tuple(dict.fromkeys(values))  # noqa: E731
    return [
        Lot(unique(kept)),
        *([Lot(unique(blocked), gateway_may_block=True)] if blocked else []),
        *(Lot((value,), refusable=True) for value in unique(refused)),
    ]
