"""What the contract decides about text (``communication-input.schema.json``'s ``$comment``): any string is kept
exactly as sent, except text that real storage commonly refuses, U+0000 and the C1 controls (U+0080-U+009F),
which a host may refuse with a 4xx and the error envelope (never a 5xx, never an altered echo)."""

from __future__ import annotations

# In the contract's words (the schema's $comment says the same; tests/contracts holds them together).
MAY_BE_REFUSED = "U+0000 and the C1 controls (U+0080-U+009F)"


def may_be_refused(text: str) -> bool:
    """Text the contract lets a host refuse (with a 4xx and the error envelope) rather than store."""
    return any(char == "\x00" or "\x80" <= char <= "\x9f" for char in text)
