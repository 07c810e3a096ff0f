"""Hypothesis profiles: one per example budget of the settings model, plus a run's own override."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import platformdirs
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

from capillary_conformance.core.settings import PROFILES, Settings


def load(run_settings: Settings) -> None:
    # Hypothesis keeps caches in ./.hypothesis; the suite runs in other people's repositories, so not there.
    set_hypothesis_home_dir(platformdirs.user_cache_path("capillary-conformance") / "hypothesis")
    budgeted = run_settings.request_budget is not None
    for name, examples in PROFILES.items():
        settings.register_profile(
            name,
            max_examples=examples,
            deadline=None,
            database=None,
            print_blob=True,
            derandomize=name == "selftest",
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            # One broken promise per test is a finding; looking for a second costs requests on a real host.
            report_multiple_bugs=False,
            # Shrinking a stateful failure takes hundreds of requests: not within a run's request budget (at
            # 100 a minute, minutes), nor in the self-test, which only asks whether a fault is caught.
            phases=[Phase.explicit, Phase.generate] + ([] if name == "selftest" or budgeted else [Phase.shrink]),
            # Within a budget, deep sequences as long as the first pass' (whose cost per example plans them).
            stateful_step_count=FIRST_PASS_STEPS if budgeted else 15,
        )
    settings.load_profile(run_settings.profile)
    if run_settings.max_examples is not None:
        settings.register_profile("budget", settings(settings(), max_examples=run_settings.max_examples))
        settings.load_profile("budget")
    # The first pass asks every check its first questions: the same settings, a couple of examples.
    settings.register_profile(
        FIRST_PASS, settings(settings(), max_examples=FIRST_PASS_EXAMPLES, stateful_step_count=FIRST_PASS_STEPS)
    )
    settings.register_profile(DEEP_PASS, settings())
    settings.load_profile(DEEP_PASS)


FIRST_PASS, DEEP_PASS = "first", "deep"
# One example asks a test's question once; a test whose examples ask different questions (which field is
# wrong, which input is open, which fields change) asks two, declared with ``@pytest.mark.first_pass(2)``.
FIRST_PASS_EXAMPLES = 1
FIRST_PASS_STEPS = 5  # upserts in a first-pass stateful sequence
DEEP_FLOOR = 6


def examples_of(pass_: str, first_pass_examples: int | None, deep_share: float) -> int:
    """Examples one test draws in a pass: the first pass' own count; in the deep pass, the check's share
    of the profile's budget (at least one)."""
    if pass_ == FIRST_PASS:
        return first_pass_examples or FIRST_PASS_EXAMPLES
    budget = settings.get_profile(DEEP_PASS).max_examples
    # A share of a small budget (the self-test's 6) would leave a check one or two examples: never fewer than
    # DEEP_FLOOR, so each check still searches a little on its own.
    return max(min(budget, DEEP_FLOOR), round(budget * deep_share))


@contextmanager
def drawing(test: object, pass_: str, examples: int) -> Iterator[None]:
    """Within it, a test draws ``examples`` examples with its pass' settings. ``@given`` keeps the settings
    of its decoration on the test function itself, so those are swapped too; ``settings()`` (read by the
    stateful and Schemathesis tests) follows the loaded profile."""
    decorated = getattr(test, "_hypothesis_internal_use_settings", None)
    name = f"{pass_}-{examples}"
    base = settings.get_profile(pass_)
    # The explicit examples (the docs' bodies, the samples) were asked in the first pass: not again.
    phases = base.phases if pass_ == FIRST_PASS else tuple(p for p in base.phases if p != Phase.explicit)
    settings.register_profile(name, settings(base, max_examples=examples, phases=phases))
    settings.load_profile(name)
    if decorated is not None:
        replaced = settings(decorated, max_examples=examples, phases=phases)
        test._hypothesis_internal_use_settings = replaced  # type: ignore[attr-defined]
    try:
        yield
    finally:
        settings.load_profile(DEEP_PASS)
        if decorated is not None:
            test._hypothesis_internal_use_settings = decorated  # type: ignore[attr-defined]


def restore_printer() -> None:
    """Schemathesis swaps Hypothesis' printer for one that prints nothing (a speed-up for huge schemas),
    which leaves "Failing test case: test(body=)" in every report; our schema is small, so undo it."""
    from hypothesis import core
    from hypothesis.vendor import pretty

    core.RepresentationPrinter = pretty.RepresentationPrinter  # type: ignore[misc]


def pass_of(item: object) -> str:
    """Which pass a collected test belongs to (the ``_pass`` parameter; a test without it runs deep)."""
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("_pass", DEEP_PASS) if callspec is not None else DEEP_PASS
