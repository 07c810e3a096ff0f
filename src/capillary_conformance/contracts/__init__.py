"""What the API promises: the contract files, loaded and made executable."""

from capillary_conformance.contracts.files import CONTRACT_DIR, OPENAPI_PATH, contract_version
from capillary_conformance.contracts.formats import TIMESTAMP_FORMAT, format_checker, parse_timestamp
from capillary_conformance.contracts.validation import (
    ContractViolation,
    SchemaName,
    drift,
    violations,
)

__all__ = [
    "CONTRACT_DIR",
    "OPENAPI_PATH",
    "TIMESTAMP_FORMAT",
    "ContractViolation",
    "SchemaName",
    "contract_version",
    "drift",
    "format_checker",
    "parse_timestamp",
    "violations",
]
