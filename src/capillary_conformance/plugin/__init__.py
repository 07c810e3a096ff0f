"""The pytest plugin: the dormant entry point, and the suite's hooks, fixtures and reports."""
