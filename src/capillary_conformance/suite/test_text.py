"""Text from published sources, every value in every text field: kept exactly as sent, or, where the contract
lets a host refuse it (U+0000, the C1 controls), refused with a 4xx and the error envelope; never a 5xx."""

import pytest

from capillary_conformance.checks.base import Wrong
from capillary_conformance.checks.positive import check_positive
from capillary_conformance.checks.statuses import is_gateway_page
from capillary_conformance.contracts.text import MAY_BE_REFUSED
from capillary_conformance.generation.samples import text_bodies
from capillary_conformance.generation.text import text_classes

pytestmark = pytest.mark.check("positive")

SPACE = "text from published sources"


@pytest.mark.coverage
def test_text_from_published_sources_is_kept_as_sent(host, expect, spending):
    """Each body carries up to four items of three text values each (every value reaches every field); a
    body's answer is judged by what the contract says of its text: kept (every answer check on a 200), or
    refusable (a 4xx with the error envelope, or a 200 that keeps it). A gateway's own page (a WAF's HTML 403
    for script-like text) is not the API's answer: not judged, and said so."""
    bodies = spending.points(SPACE, text_bodies())
    sent: set[str] = set()
    for body in bodies:
        upsert = host.upsert([dict(item) for item in body.items])
        exchange = upsert.exchange
        classes = _named(body.classes)
        if is_gateway_page(exchange):
            host.notes.add([
                f"not judged: a gateway's page (HTTP {exchange.status}, {exchange.media_type}), not the API, "
                f"answered a body of {classes}"
            ])  # fmt: skip
            continue
        sent |= body.values()
        if body.lot.refusable and exchange.status != 200:
            host.judge(exchange, Wrong.REFUSABLE_TEXT, f"text holding {MAY_BE_REFUSED} ({classes})")
        else:
            host.drift.add(check_positive(upsert, expect))
    for text in text_classes():
        spending.record(f"text: {text.name}", len(text.values), len(sent & set(text.values)), text.source)


def _named(classes: tuple[str, ...]) -> str:
    """Classes as a person reads them: ``Big List of Naughty Strings (Script Injection, SQL Injection)``."""
    grouped: dict[str, list[str]] = {}
    for name in classes:
        source, _, category = name.partition(": ")
        grouped.setdefault(source, []).extend([category] if category else [])
    return "; ".join(f"{source} ({', '.join(parts)})" if parts else source for source, parts in grouped.items())
