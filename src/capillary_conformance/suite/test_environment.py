"""Outside the declared environment: a few probes with a channelId the user did not declare, judged as
open input (never a 5xx; an error answer carries the error envelope). A 200 is no failure: the user
may have declared a subset of what the host knows."""

import json

import pytest

from capillary_conformance.checks.base import Wrong
from capillary_conformance.contracts import CONTRACT_DIR

pytestmark = pytest.mark.check("negative")

PROBES = 2  # requests outside the environment per run (the footprint allows at most four)


def outside(declared: tuple[int, ...]) -> list[int]:
    """Channel ids the user did not declare: just past the largest, and one far beyond."""
    candidates = [max(declared) + 1, max(declared) + 1_000]
    return [c for c in candidates if c not in declared and c < 2**31][:PROBES]


@pytest.mark.needs_channels
def test_a_channel_outside_the_declared_environment_gets_no_5xx(host):
    declared = host.settings.channel_ids
    assert declared is not None, "collected only when channelIds are declared"
    (item,) = json.loads((CONTRACT_DIR / "examples" / "november-2025.request.json").read_text())
    for channel in outside(declared):
        exchange = host.client.upsert([{**item, "channelId": channel}])
        host.judge(
            exchange, Wrong.OPEN_INPUT, f"channelId {channel} (outside the declared {','.join(map(str, declared))})"
        )
