"""Flaky: a failure that did not come back when replayed once. It is still a failure (an intermittent fault is
a fault); the report says so, and the history keeps it apart."""

from __future__ import annotations

import hypothesis
import pytest

from capillary_conformance.plugin.classify import did_not_reproduce, replayed_by_hypothesis


def did_not_fail_again(item: pytest.Item, error: BaseException, check: str) -> bool:
    """Hypothesis replays a generated example itself; a test it does not drive, or an explicit example, is run
    once more here (not Schemathesis', whose examples Hypothesis replays)."""
    if replayed_by_hypothesis(error) or check == "schemathesis":
        return did_not_reproduce(error)
    test = getattr(item, "obj", None)
    given = getattr(test, "_hypothesis_internal_use_settings", None)
    try:
        if given is not None:  # the explicit examples only: not the whole search again
            test._hypothesis_internal_use_settings = hypothesis.settings(given, phases=[hypothesis.Phase.explicit])
        item.runtest()
    except (KeyboardInterrupt, SystemExit, pytest.exit.Exception):
        raise
    except BaseException:
        return False
    finally:
        if given is not None:
            test._hypothesis_internal_use_settings = given
    return True
