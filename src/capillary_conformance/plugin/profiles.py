"""Hypothesis profiles: one per example budget of the settings model, plus a run's own override."""

from __future__ import annotations

import platformdirs
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

from capillary_conformance.core.settings import PROFILES, Settings


def load(run_settings: Settings) -> None:
    # Hypothesis keeps caches in ./.hypothesis; the suite runs in other people's repositories, so not there.
    set_hypothesis_home_dir(platformdirs.user_cache_path("capillary-conformance") / "hypothesis")
    for name, examples in PROFILES.items():
        settings.register_profile(
            name,
            max_examples=examples,
            deadline=None,
            database=None,
            print_blob=True,
            derandomize=name == "selftest",
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            # The self-test only asks whether a fault is caught; shrinking a stateful failure can take minutes.
            phases=[Phase.explicit, Phase.generate] + ([] if name == "selftest" else [Phase.shrink]),
        )
    settings.load_profile(run_settings.profile)
    if run_settings.max_examples is not None:
        settings.register_profile("budget", settings(settings(), max_examples=run_settings.max_examples))
        settings.load_profile("budget")


def restore_printer() -> None:
    """Schemathesis swaps Hypothesis' printer for one that prints nothing (a speed-up for huge schemas),
    which leaves "Failing test case: test(body=)" in every report; our schema is small, so undo it."""
    from hypothesis import core
    from hypothesis.vendor import pretty

    core.RepresentationPrinter = pretty.RepresentationPrinter  # type: ignore[misc]
