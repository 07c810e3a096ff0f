"""A misspelt option is one line naming the closest: of ``run`` or ``nightly`` (ours or pytest's) before any run
starts, where pytest would print its usage block and an ``inifile`` the person never chose; of any other command
(its own options only) instead of argparse's usage block."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from capillary_conformance.core.settings import OPTION_PREFIX, ConfigError, declared, meta, option_name


def settings_options() -> list[str]:
    return sorted(option_name(name) for name in declared() if meta(name)["option"])


def pytest_options() -> set[str]:
    """Every long option pytest and its installed plugins take. Read from pytest's own parser, as pytest builds it
    before it parses the command line (about a second: asked only when an option may be pytest's)."""
    from _pytest.config import get_config  # pytest has no public list of its options

    config = get_config()
    config.pluginmanager.load_setuptools_entrypoints("pytest11")
    parser = config._parser
    options = [*parser._anonymous.options, *(option for group in parser._groups for option in group.options)]
    return {name for option in options for name in option.names() if name.startswith("--")}


def refuse_unknown(command: str, own: Iterable[str], pytest_args: Iterable[str]) -> None:
    """Each ``--option`` of ``pytest_args`` must be one of the command's (``own``), a setting's, or pytest's."""
    given = [arg.split("=", 1)[0] for arg in pytest_args if arg.startswith("--") and arg != "--"]
    known = {*own, *settings_options()}
    unknown = [option for option in given if option not in known]
    if not unknown:
        return
    if not all(option.startswith(OPTION_PREFIX) for option in unknown):
        known |= pytest_options()
        unknown = [option for option in unknown if option not in known]
    if unknown:
        _refuse(command, unknown[0], known)


def _refuse(command: str, option: str, known: Iterable[str]) -> None:
    """One line: the option the command does not have, and the closest it has."""
    close = difflib.get_close_matches(option, sorted(known), n=1, cutoff=0.7)
    hint = f"; did you mean {close[0]}?" if close else f" (`capillary-conformance {command} --help` lists them)"
    raise ConfigError(f"`capillary-conformance {command}` has no option {option}{hint}")


def refuse_misspelt(command: str, own: Iterable[str], rest: Iterable[str]) -> None:
    """A command that hands nothing to pytest: the first ``--option`` left over is one line with its closest option."""
    for option in (arg.split("=", 1)[0] for arg in rest if arg.startswith("-") and arg != "--"):
        _refuse(command, option, own)
