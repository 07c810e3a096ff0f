"""The bottom layer: what every other part reads (settings, an exchange, redaction, exit statuses).
It imports nothing else of the package."""
