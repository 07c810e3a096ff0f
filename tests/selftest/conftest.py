import pytest

from capillary_conformance.cli.selftest import kill_matrix, run_all, variants

_OUTCOMES: dict = {}


@pytest.fixture(scope="session")
def outcomes():
    """The suite run once against every variant (in parallel), shared by the assertions."""
    if not _OUTCOMES:
        _OUTCOMES.update({o.variant.label: o for o in run_all(variants())})
    return _OUTCOMES


def pytest_terminal_summary(terminalreporter):
    if _OUTCOMES:
        terminalreporter.section("kill matrix: the conformance suite against every sandbox variant")
        for line in kill_matrix(_OUTCOMES.values()).splitlines():
            terminalreporter.write_line(line)
