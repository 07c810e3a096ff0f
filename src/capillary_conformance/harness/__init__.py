"""How the suite runs: configuration, the HTTP client, redaction and reporting."""
