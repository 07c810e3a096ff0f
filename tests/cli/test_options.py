"""A misspelt option of `run` or `nightly`, ours or pytest's, is one line naming the closest option."""

import pytest

from capillary_conformance.cli.main import main
from capillary_conformance.cli.options import pytest_options, refuse_misspelt, refuse_unknown
from capillary_conformance.core.settings import ConfigError

OWN = ["--reports-dir", "--targets", "--region", "--no-report", "-h", "--help"]


@pytest.mark.parametrize(
    ("given", "wrong", "meant"),
    [
        (["--report-dir", "x"], "--report-dir", "--reports-dir"),  # the command's own
        (["--capilary-base-url", "x"], "--capilary-base-url", "--capillary-base-url"),  # a setting's prefix misspelt
        (["--capillary-rate-limits=1/s"], "--capillary-rate-limits", "--capillary-rate-limit"),
        (["--hypothesis-sed=1"], "--hypothesis-sed", "--hypothesis-seed"),  # a plugin's
        (["-k", "auth", "--maxfial=2"], "--maxfial", "--maxfail"),  # pytest's
    ],
)
def test_a_misspelt_option_names_the_closest(given, wrong, meant):
    with pytest.raises(ConfigError) as raised:
        refuse_unknown("run", OWN, given)
    assert str(raised.value) == f"`capillary-conformance run` has no option {wrong}; did you mean {meant}?"


def test_the_options_a_replay_line_and_a_person_pass_are_known():
    refuse_unknown(
        "run",
        OWN,
        ["--reports-dir", "reports/replay", "--hypothesis-seed=1", "--capillary-profile=gate", "-k", "auth", "-x",
         "--maxfail=2", "-n", "2", "--junitxml", "j.xml", "--alluredir=a", "--", "test_a.py::t[first]"],
    )  # fmt: skip


def test_pytest_options_come_from_pytest_and_its_plugins():
    options = pytest_options()
    assert {"--maxfail", "--hypothesis-seed", "--numprocesses", "--alluredir", "--capillary-base-url"} <= options


def test_a_misspelt_option_of_any_other_command_names_the_closest_of_its_own():
    with pytest.raises(
        ConfigError, match=r"`capillary-conformance selftest` has no option --lst; did you mean --list\?"
    ):
        refuse_misspelt("selftest", ["--list", "--variant", "--reports-dir"], ["--lst"])


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["contract", "check-docs", "--formt", "json", "x"], "`capillary-conformance contract check-docs` has no "
         "option --formt; did you mean --format?"),
        (["contract", "diff", "--fail-onn", "clients", "a", "b"], "did you mean --fail-on?"),
        (["report", "--report-dir", "r"], "did you mean --reports-dir?"),
    ],
)  # fmt: skip
def test_each_command_says_its_misspelt_option_in_one_line_exit_4(argv, said, capsys):
    assert main(argv) == 4
    (line,) = capsys.readouterr().err.splitlines()
    assert said in line
