"""The contract files are themselves valid, and the OpenAPI fragment uses the schemas, not copies."""

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from capillary_conformance.contracts import OPENAPI_PATH
from capillary_conformance.contracts.files import SCHEMA_DIR, all_schemas, load_openapi


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_schema_is_valid_2020_12(name):
    schema = all_schemas()[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_openapi_fragment_is_valid_3_1():
    spec, _ = read_from_filename(str(OPENAPI_PATH))
    assert spec["openapi"].startswith("3.1")
    validate(spec, base_uri=OPENAPI_PATH.as_uri())


def test_operation_is_deprecated_and_basic_auth():
    spec = load_openapi()
    operation = spec["paths"]["/v3/targetGroups/{targetGroupId}/targets/{targetId}/communications/upsert"]["post"]
    assert operation["deprecated"] is True
    assert spec["components"]["securitySchemes"]["basicAuth"] == {
        **spec["components"]["securitySchemes"]["basicAuth"],
        "type": "http",
        "scheme": "basic",
    }
    assert {"200", "400", "401", "404"} <= set(operation["responses"])
    assert not [status for status in operation["responses"] if status.startswith("5")]


def test_openapi_references_schema_files_instead_of_copying():
    text = OPENAPI_PATH.read_text()
    for name in ("upsert-request", "upsert-response", "error-response"):
        assert f"schemas/{name}.schema.json" in text
    # No schema body is inlined: the enum lives in exactly one file.
    assert "REMINDER" not in text
    enums = [p.name for p in SCHEMA_DIR.glob("*.json") if '"enum": ["START"' in p.read_text()]
    assert enums == ["communication-type.schema.json"]


def test_every_decision_says_why():
    """Where the docs are silent, the schema says so beside the field (a $comment or description)."""
    request_item = all_schemas()["communication-input.schema.json"]
    assert "$comment" in request_item["properties"]["offsetDays"]
    assert "channelId" in json.dumps(all_schemas()["communication.schema.json"]["properties"]["channelId"])
    assert "200" in all_schemas()["upsert-response.schema.json"]["$comment"]
