"""The coverage spaces come from the contract: a field or an enum value added to it gains its points."""

import copy

from capillary_conformance.generation import coverage
from capillary_conformance.generation.samples import base_item

ITEM = base_item()


def test_every_documented_field_is_asked_as_every_json_type_it_must_not_take():
    points = coverage.wrong_types(ITEM)
    fields = set(coverage.item_schema()["properties"])
    assert {point.what.split(" as ")[0] for point in points} == fields
    assert len(points) == 5 * len(fields)  # six JSON types but null (left open), less the field's own
    channel_as_text = next(p for p in points if p.what.startswith("channelId as string"))
    assert channel_as_text.body == [{**ITEM, "channelId": str(ITEM["channelId"])}]  # "1": the coercible one


def test_a_field_added_to_the_contract_gains_its_points():
    schema = copy.deepcopy(coverage.item_schema())
    schema["properties"]["priority"] = {"type": "integer"}
    schema["properties"]["ratio"] = {"type": "number"}
    added = {p.what for p in coverage.wrong_types(ITEM, schema)} - {p.what for p in coverage.wrong_types(ITEM)}
    assert {what.split(" (")[0] for what in added} == {
        'priority as number 1.5', 'priority as string "x"', "priority as boolean true",
        'priority as array ["x"]', 'priority as object {"value": "x"}',
        'ratio as string "x"', "ratio as boolean true", 'ratio as array ["x"]', 'ratio as object {"value": "x"}',
    }  # fmt: skip


def test_an_enum_value_added_to_the_contract_gains_its_near_misses():
    schema = copy.deepcopy(coverage.item_schema())
    schema["properties"]["communicationType"]["enum"].append("PAUSE")
    added = {p.what for p in coverage.enum_near_misses(ITEM, schema)} - {
        p.what for p in coverage.enum_near_misses(ITEM)
    }
    assert added == {
        'communicationType "pause" (PAUSE lower case)',
        'communicationType " PAUSE " (PAUSE padded)',
        'communicationType "PAUS" (PAUSE cut short)',
    }


def test_each_body_that_is_not_an_array_of_objects_includes_the_valid_item_unwrapped():
    bodies = [point.body for point in coverage.not_arrays_of_objects(ITEM)]
    assert ITEM in bodies
    assert [[ITEM]] in bodies
    assert None in bodies
    assert all(not (isinstance(b, list) and all(isinstance(i, dict) for i in b)) for b in bodies)


def test_each_enum_value_of_the_contract_has_its_near_misses():
    points = coverage.enum_near_misses(ITEM)
    assert len(points) == 3 * len(coverage.item_schema()["properties"]["communicationType"]["enum"])


def test_each_method_the_contract_does_not_declare_is_asked():
    openapi = copy.deepcopy(coverage.load_openapi())
    assert coverage.undeclared_methods(openapi) == ["GET", "PUT", "PATCH", "DELETE", "TRACE"]
    (operations,) = openapi["paths"].values()
    operations["delete"] = {"responses": {"204": {"description": "deleted"}}}
    assert coverage.undeclared_methods(openapi) == ["GET", "PUT", "PATCH", "TRACE"]


def test_each_wrong_credential_names_what_is_wrong_and_keeps_the_password_out_of_its_name():
    wrong = coverage.wrong_credentials("till", "s3cret")
    assert [c.what for c in wrong][:2] == ["no credentials", "a wrong password for 'till'"]
    assert wrong[0].header is None
    assert all("s3cret" not in c.what for c in wrong)
    assert {c.what for c in wrong if c.malformed} == {"Basic that is not base64", "Basic without a colon"}
    assert len({c.header for c in wrong}) == len(wrong)
