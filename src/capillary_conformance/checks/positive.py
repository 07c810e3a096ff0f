"""Checks 1-5 on one answer to a valid upsert, in the order a reader would want them explained."""

from __future__ import annotations

from capillary_conformance.checks.base import Expectations, Upsert
from capillary_conformance.checks.echo import check_echo
from capillary_conformance.checks.enums import check_enums
from capillary_conformance.checks.envelope import check_envelope
from capillary_conformance.checks.registry import Check, register
from capillary_conformance.checks.schema import check_schema
from capillary_conformance.checks.timestamps import check_timestamps

# A sweep, not a verdict of its own: its failures are filed under the check (1-5) that failed.
CHECK = register(
    Check(
        "positive",
        number=0,
        rank=0,
        label="",
        promise="checks 1-5 on every answer to a valid upsert",
        verdict=False,
        sweeps=("envelope", "schema", "enums", "timestamps", "echo"),
    )
)


def check_positive(upsert: Upsert, expect: Expectations) -> list[str]:
    """Raise CheckFailure (named by the first check that fails); return the answer's drift."""
    check_envelope(upsert)
    drift = check_schema(upsert.exchange)
    check_enums(upsert)
    check_timestamps(upsert, expect)
    check_echo(upsert, expect)
    return drift
