"""What the API promises: the contract files, loaded and made executable."""

from capillary_conformance.contracts.files import (
    CONTRACT_DIR,
    OPENAPI_PATH,
    contract_version,
    load_openapi,
    upsert_path,
)
from capillary_conformance.contracts.formats import TIMESTAMP_FORMAT, format_checker, parse_timestamp
from capillary_conformance.contracts.validation import (
    ContractViolation,
    SchemaName,
    drift,
    violations,
)

UPSERT_PATH = upsert_path()

__all__ = [
    "CONTRACT_DIR",
    "OPENAPI_PATH",
    "TIMESTAMP_FORMAT",
    "UPSERT_PATH",
    "ContractViolation",
    "SchemaName",
    "contract_version",
    "drift",
    "format_checker",
    "load_openapi",
    "parse_timestamp",
    "violations",
]
