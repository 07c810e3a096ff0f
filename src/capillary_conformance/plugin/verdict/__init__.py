"""The verdict wing: how a case is judged (a violation, or could not judge), known, flaky, grouped into findings
and placed in the history."""
