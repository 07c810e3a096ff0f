"""A value as a person reads it in a finding: as JSON, the way the request or the answer carried it, escaping only
what cannot be shown (controls, invisible format characters, line separators, unassigned code points), never a
Python repr."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

# What a terminal, a CI viewer or a report cannot show as itself: control (Cc), format (Cf: zero-width, bidi),
# surrogate, private-use and unassigned characters, line and paragraph separators, and every space but the
# plain one (a no-break space looks like it).
UNSHOWABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def _escaped(char: str) -> str:
    if char == " " or unicodedata.category(char) not in UNSHOWABLE:
        return char
    code = ord(char)
    if code > 0xFFFF:  # as JSON writes it: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def quoted(value: Any) -> str:
    """``"Caf\\u00e9"`` stays ``"Café"``; ``"a\\u200bb"`` shows its zero-width space; a tuple is a JSON array."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return "".join(_escaped(char) for char in text)


def excerpt(text: str, limit: int = 200) -> str:
    """An answer's body in a finding, as it came (not quoted again), cut to ``limit`` characters, what cannot be
    shown escaped (a line break as ``\\u000a``: a finding stays on its line)."""
    cut = text[:limit]
    return "".join(_escaped(char) for char in cut) + ("..." if len(text) > limit else "")
