"""Request data drawn from the contract (Hypothesis strategies via Schemathesis)."""
