"""Checks and faults of other packages, named by entry point: importing each module is its declaration."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

from capillary_conformance.core.exit_status import ExitStatus


def load_entry_points(group: str) -> None:
    """Import every module named under ``group``; one that fails to import is a configuration error, said in one
    line that names the package's entry point (a traceback of its import would bury it), exit status 4."""
    for entry in entry_points(group=group):
        try:
            entry.load()
        except Exception as error:
            print(
                f"capillary-conformance: configuration error: {entry.value}, named by entry point {group}:"
                f"{entry.name} (package {entry.dist.name if entry.dist else 'unknown'}), failed to load: "
                f"{type(error).__name__}: {error}",
                file=sys.stderr,
            )
            raise SystemExit(ExitStatus.BAD_CONFIGURATION) from None
