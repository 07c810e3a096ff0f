"""The target wing: the host under test, the exchanges of each execution, what a run wrote there and leaving it safe."""
