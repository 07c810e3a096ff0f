"""The ledger check: the run's answers held together; at the end, rows written early answer as last written."""

import time

import pytest

from capillary_conformance.checks.idempotency import check_update_applied
from capillary_conformance.checks.ledger import EARLY, MOVES_AFTER, PACKED
from capillary_conformance.generation.samples import changed_value

pytestmark = pytest.mark.check("ledger")


@pytest.mark.at_end
def test_rows_written_early_answer_as_last_written_at_the_end(host, expect):
    """The run's last question (every answer of the run was judged by the ledger as it came): one of the keys
    written first is changed, 2 s or more after its last answer, so its lastUpdatedOn must move; then each of
    them is written again as last written, packed four to a body, and must answer its own id and createdOn
    (a row taken over, lost or recycled in between shows here)."""
    early = host.memory["ledger"].earliest(EARLY)
    if not early:
        pytest.skip("no answer of the run named a key as it was sent (the echo check says why): no row to ask again")
    first = early[0]
    field = next((name for name in sorted(first.sent) if name not in expect.upsert_key and name != "active"), None)
    if field is not None:
        time.sleep(max(0.0, first.at + MOVES_AFTER + 0.1 - time.time()))
        changed = {**first.sent, field: changed_value(first.sent[field])}
        check_update_applied(host.upsert([changed]), expect)
        early[0] = host.memory["ledger"].by_key[first.key]
    items = [answered.sent for answered in early]
    for start in range(0, len(items), PACKED):
        check_update_applied(host.upsert(items[start : start + PACKED]), expect)
