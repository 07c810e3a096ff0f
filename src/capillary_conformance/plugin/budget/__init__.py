"""The budget wing: the run's plan of requests, the examples each pass draws, and where a long run is."""
