"""``results.json`` (``CAPILLARY_RESULTS_JSON``): the run's record as one file, what a nightly, a dashboard or a
later run reads. A plugin object on the process that writes it, registered only when a path is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from capillary_conformance.core.record import RunRecord


class ResultsFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def pytest_capillary_run_concluded(self, record: RunRecord) -> None:
        record.write(self.path)


def register(config: pytest.Config, path: Path | None) -> None:
    """On the process that writes the run's files, when a path is given."""
    if path is not None and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultsFile(path), "capillary-results-file")
