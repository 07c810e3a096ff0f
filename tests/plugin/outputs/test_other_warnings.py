"""Other packages' warnings: one line counts them; the suite's own warnings still show; -v shows them all."""

from types import SimpleNamespace

from capillary_conformance.plugin.outputs import other_warnings
from capillary_conformance.plugin.outputs.other_warnings import OURS, OtherPackagesWarnings, ours


def report(filename: str, message: str = "a warning") -> SimpleNamespace:
    return SimpleNamespace(fslocation=(filename, 1), message=message)


def test_a_warning_is_ours_when_raised_from_the_package():
    assert ours(report(str(OURS / "plugin" / "host.py")))
    assert not ours(report("/usr/lib/python3/site-packages/libcst/_parser.py", "DeprecationWarning: ..."))
    assert ours(report("/elsewhere.py", "capillary_conformance.checks: a check without a promise"))


class Reporter:
    def __init__(self, stats):
        self.stats, self.lines = stats, []

    def write_line(self, line):
        self.lines.append(line)


def test_the_summary_keeps_ours_and_counts_the_others_in_one_line():
    mine = report(str(OURS / "checks" / "base.py"))
    theirs = [report("/site-packages/libcst/x.py") for _ in range(40)]
    reporter = Reporter({"warnings": [mine, *theirs], "passed": [1]})
    wrapper = OtherPackagesWarnings().pytest_terminal_summary(reporter)
    next(wrapper)  # before pytest writes its warnings summary and its count line
    assert reporter.stats["warnings"] == [mine]
    assert reporter.lines == ["40 warning(s) of other packages not shown (-v, or -W default, shows them)"]


def test_no_warnings_of_ours_leaves_no_warnings_section():
    reporter = Reporter({"warnings": [report("/site-packages/libcst/x.py")]})
    next(OtherPackagesWarnings().pytest_terminal_summary(reporter))
    assert "warnings" not in reporter.stats


def test_asked_for_warnings_pytest_shows_them_all():
    registered = []

    def config(verbosity, args):
        manager = SimpleNamespace(register=lambda plugin, name: registered.append(name))
        return SimpleNamespace(
            get_verbosity=lambda: verbosity, invocation_params=SimpleNamespace(args=args), pluginmanager=manager
        )

    other_warnings.register(config(1, []))
    other_warnings.register(config(0, ["-W", "default"]))
    assert registered == []
    other_warnings.register(config(0, ["-k", "auth"]))
    assert registered == ["capillary-other-warnings"]
