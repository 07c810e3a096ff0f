"""Root conftest of the project's own tests. The suite itself needs none: its plugin is registered by entry
point (``capillary_conformance.plugin.entry``) and wakes only when the suite is selected."""
