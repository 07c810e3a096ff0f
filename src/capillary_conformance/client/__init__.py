"""How a run talks to a host: httpx over TCP, retries, the rate budget."""
