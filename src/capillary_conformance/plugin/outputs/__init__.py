"""The outputs wing: one module per output (terminal, JUnit, Allure, the report's panel, the results file), each
a plugin object registered only when its output is asked for, written from the run's record."""
