"""The top layer: the ``capillary-conformance`` command, the nightly, the self-test and the HTML report."""
