"""The conformance suite's plugin: options, the host under test, and failure reporting."""

from capillary_conformance.harness.plugin import (  # noqa: F401 - pytest finds hooks and fixtures by name
    _fresh_journal,
    expect,
    host,
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_report_header,
    pytest_runtest_makereport,
    pytest_sessionfinish,
    pytest_terminal_summary,
    pytest_unconfigure,
)
