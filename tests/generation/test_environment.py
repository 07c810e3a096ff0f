"""A declared environment narrows positive generation (allOf: it can only narrow); the contract files stay."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from capillary_conformance.contracts import CONTRACT_DIR, OPENAPI_PATH, SchemaName, load_openapi, violations
from capillary_conformance.core.settings import ConfigError, from_env
from capillary_conformance.generation import environment
from capillary_conformance.generation.environment import item_overlay


def test_nothing_declared_is_no_overlay():
    assert item_overlay(from_env({})) is None


def test_channels_and_an_overlay_file_narrow_every_positive_item(tmp_path):
    overlay = tmp_path / "overlay.json"
    overlay.write_text(
        json.dumps({"properties": {"offsetDays": {"minimum": 0, "maximum": 30}, "sender": {"minLength": 1}}})
    )
    declared = item_overlay(from_env({"CAPILLARY_CHANNEL_IDS": "3,2", "CAPILLARY_REQUEST_OVERLAY": str(overlay)}))
    path = environment._copy(json.dumps(declared, sort_keys=True), "[]")
    operation = next(iter(schemathesis.openapi.from_path(str(path)).get_all_operations())).ok()

    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(max_examples=60, database=None, suppress_health_check=list(HealthCheck))
    def every_item_is_inside(case):
        for item in case.body:
            assert item["channelId"] in (2, 3)
            assert 0 <= item["offsetDays"] <= 30
            assert item["sender"]

    every_item_is_inside()
    assert path != OPENAPI_PATH
    assert "examples" in json.dumps(load_openapi()), "the contract itself is left as it is"


def test_an_overlay_that_is_not_a_json_schema_object_is_one_line_of_bad_configuration(tmp_path):
    overlay = tmp_path / "overlay.json"
    overlay.write_text("[1, 2]")
    with pytest.raises(ConfigError, match=r"^CAPILLARY_REQUEST_OVERLAY must hold a JSON Schema object"):
        item_overlay(from_env({"CAPILLARY_REQUEST_OVERLAY": str(overlay)}))
    with pytest.raises(ConfigError, match=r"^CAPILLARY_REQUEST_OVERLAY='nowhere.json': 'nowhere.json' is not a file"):
        from_env({"CAPILLARY_REQUEST_OVERLAY": "nowhere.json"})


def test_generation_keeps_one_item_per_communication_type_which_the_contract_leaves_open():
    two_of_a_type = [
        {**item, "channelId": channel}
        for channel, item in enumerate(json.loads((CONTRACT_DIR / "examples/june-2025.request.json").read_text()) * 2)
    ]
    assert violations(two_of_a_type, SchemaName.REQUEST) == [], "the contract does not refuse two items of a type"
    operation = next(iter(schemathesis.openapi.from_path(str(environment._copy("", "[]"))).get_all_operations()))

    @given(case=operation.ok().as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(max_examples=60, database=None, suppress_health_check=list(HealthCheck))
    def one_per_type(case):
        types = [item["communicationType"] for item in case.body]
        assert len(types) == len(set(types))

    one_per_type()
