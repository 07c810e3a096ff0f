"""The conformance suite a user runs against a host (``capillary-conformance run``).

It ships inside the package, so an installed wheel runs it from any directory; its plugin is registered
by entry point and stays dormant unless this package is what pytest was asked to run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

SUITE_DIR = Path(__file__).resolve().parent
SUITE_PACKAGE = __name__


def pytest_argv(pytest_args: Sequence[str] = ()) -> list[str]:
    """``python -m pytest`` on the installed suite with its own ini and rootdir, whatever the working
    directory: test ids, and the report's history ids, are then the same on every machine.

    Test ids as replay lines print them (``test_x.py::test_y``) become paths inside the installed suite; without
    any, the whole suite runs.
    """
    args = [_as_path(arg) for arg in pytest_args]
    selected = any(arg.startswith(str(SUITE_DIR)) for arg in args)
    return [
        sys.executable, "-m", "pytest", *([] if selected else [str(SUITE_DIR)]),
        "-c", str(SUITE_DIR / "pytest.ini"), "--rootdir", str(SUITE_DIR), *args,
    ]  # fmt: skip


def _as_path(arg: str) -> str:
    """A test id as a replay line prints it (``test_x.py::test_y``, the suite's own id) or as an installed module
    (``capillary_conformance.suite.test_x::test_y``): the path of that test inside the installed suite. A file of
    that name in the working directory is the user's, and stays."""
    module, _, rest = arg.partition("::")
    if arg.startswith(SUITE_PACKAGE + "."):
        path = SUITE_DIR.joinpath(*module.removeprefix(SUITE_PACKAGE + ".").split(".")).with_suffix(".py")
    elif module.startswith("test_") and module.endswith(".py") and not Path(module).exists():
        path = SUITE_DIR / module
    else:
        return arg
    return str(path) + (f"::{rest}" if rest else "")
