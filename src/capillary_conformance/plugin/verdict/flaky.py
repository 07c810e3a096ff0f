"""Flaky: a failure that did not come back when replayed once. It is still a failure (an intermittent fault is
a fault); the report says so, and the history keeps it apart.

Hypothesis replays a generated failing example itself (and says it did not fail again by raising
``FlakyFailure``); a plain test, or an explicit example, is run once more here, after its evidence is kept.
"""

from __future__ import annotations

import hypothesis
import pytest

from capillary_conformance.client.http import SENT
from capillary_conformance.plugin.target.host import Host
from capillary_conformance.plugin.verdict.classify import did_not_reproduce


def needs_rerun(error: BaseException, replayed_by_hypothesis: bool, check: str) -> bool:
    """Only a failure nobody has replayed: not one Hypothesis replayed (or found flaky), nor Schemathesis'."""
    return not (replayed_by_hypothesis or did_not_reproduce(error) or check == "schemathesis")


def rerun(item: pytest.Item, host: Host) -> tuple[bool, int]:
    """The test once more, on a fresh exchange buffer (the failure's evidence is kept apart already): whether it
    passed this time, and the requests it sent. A ``@given`` test runs its explicit examples only, not the whole
    search again."""
    host.exchanges.clear()
    sent = host.client.traffic[SENT]
    test = getattr(item, "obj", None)
    given = getattr(test, "_hypothesis_internal_use_settings", None)
    try:
        if given is not None:
            test._hypothesis_internal_use_settings = hypothesis.settings(given, phases=[hypothesis.Phase.explicit])
        item.runtest()
    except (KeyboardInterrupt, SystemExit, pytest.exit.Exception):
        raise
    except BaseException:
        passed = False
    else:
        passed = True
    finally:
        if given is not None:
            test._hypothesis_internal_use_settings = given
        host.exchanges.clear()
    return passed, host.client.traffic[SENT] - sent
