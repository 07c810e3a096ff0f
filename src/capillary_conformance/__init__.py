"""Conformance suite for Capillary's "Upsert target communication" API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("capillary-conformance")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
