import pytest

from capillary_conformance.cli.selftest import Outcome, kill_matrix, run_all, variants

_OUTCOMES: dict[str, Outcome] = {}


def _labels_of(item: pytest.Item) -> set[str]:
    """The variants a test reads: its parameter, or those its ``variants`` marker names."""
    callspec = getattr(item, "callspec", None)
    labels = {callspec.params["variant"].label} if callspec is not None and "variant" in callspec.params else set()
    for marker in item.iter_markers("variants"):
        labels.update(marker.args)
    return labels


@pytest.fixture(scope="session")
def outcomes(request):
    """The suite run once against each variant the selected tests read (in parallel), shared by them: ``-k``
    on one variant runs that variant's child run only."""
    wanted = set().union(*(_labels_of(item) for item in request.session.items)) - set(_OUTCOMES)
    if wanted:
        _OUTCOMES.update({o.variant.label: o for o in run_all(v for v in variants() if v.label in wanted)})
    return _OUTCOMES


def pytest_configure(config):
    config.addinivalue_line("markers", "variants(*labels): the kill-matrix variants a test reads by label")


def pytest_terminal_summary(terminalreporter):
    if _OUTCOMES:
        terminalreporter.section("kill matrix: the conformance suite against every sandbox variant")
        for line in kill_matrix(_OUTCOMES.values()).splitlines():
            terminalreporter.write_line(line)
