"""A host that keeps the contract: the embedded reference sandbox and its faulty variants."""

from capillary_conformance.sandbox.server import running_sandbox, serve

__all__ = ["running_sandbox", "serve"]
