"""Root conftest of the project's own tests. The suite itself needs none: its plugin is registered by entry
point (``capillary_conformance.plugin.entry``) and wakes only when the suite is selected."""

# The kill matrix the self-test's tests read: a plugin here, at the root, so that pytest-xdist's controller, which
# collects nothing, prints it too.
pytest_plugins = ["tests.selftest.kill_matrix"]
