"""Root conftest: the suite's pytest plugin, so that `python -m pytest tests/conformance` works from here."""
