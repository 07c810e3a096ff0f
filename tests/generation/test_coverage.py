"""The coverage spaces come from the contract: a field or an enum value added to it gains its points."""

import copy

from capillary_conformance.contracts import SchemaName, violations
from capillary_conformance.generation import coverage
from capillary_conformance.generation.samples import base_item

ITEM = base_item()


def test_every_documented_field_is_asked_as_every_json_type_it_must_not_take():
    points = coverage.wrong_types(ITEM)
    fields = set(coverage.item_schema()["properties"])
    assert {point.what.split(" as ")[0] for point in points} == fields
    assert len(points) == 5 * len(fields)  # six JSON types but null (left open), less the field's own
    channel_as_text = next(p for p in points if p.what.startswith("channelId as string"))
    assert {**ITEM, "channelId": str(ITEM["channelId"])} in channel_as_text.body  # "1": the coercible one


def test_every_field_and_every_type_stands_in_every_position_of_a_body():
    points = coverage.wrong_types(ITEM)
    pairs = {
        (p.what.split(" as ")[0], p.what.split(" as ")[1].split(" ")[0], p.what.rsplit(", ", 1)[1]) for p in points
    }
    positions = set(coverage.POSITIONS)
    assert {(field, where) for field, _, where in pairs} == {(f, w) for f, _, _ in pairs for w in positions}
    assert {(kind, where) for _, kind, where in pairs} == {(k, w) for _, k, _ in pairs for w in positions}
    for point in points:  # the invalid item, where it says it stands, beside a valid item of another key
        where = point.what.rsplit(", ", 1)[1]
        assert len(point.body) == (1 if where == "alone" else 2)
        valid = [item for item in point.body if not violations([item], SchemaName.REQUEST)]
        assert len(valid) == len(point.body) - 1


def test_input_the_docs_leave_open_is_each_field_missing_alone_and_null_and_an_empty_item():
    points = coverage.open_inputs(ITEM)
    fields = list(coverage.item_schema()["properties"])
    assert len(points) == 2 * len(fields) + 1
    assert points[0].body != [{**ITEM}]
    assert points[-1].body == [{**ITEM, "communicationType": points[-1].body[0]["communicationType"]}, {}]


def test_the_answers_own_fields_are_derived_from_the_two_schemas():
    injected = coverage.answer_fields(10, 20, 7)
    assert [i.field for i in injected] == [
        "id",
        "attribution",
        "targetId",
        "targetGroupId",
        "capillaryConformanceUnknown",
    ]
    values = {i.field: i.value for i in injected}
    assert (values["id"], values["targetId"], values["targetGroupId"]) == (7, 21, 11)
    assert values["attribution"]["createdOn"].startswith("2001-01-01")


def test_every_mix_of_new_and_written_keys_in_bodies_of_one_to_four():
    mixes = coverage.batch_mixes()
    assert len(mixes) == len(set(mixes)) == 2 + 4 + 8 + 16
    assert {len(mix) for mix in mixes} == {1, 2, 3, 4}


def test_a_field_added_to_the_contract_gains_its_points():
    schema = copy.deepcopy(coverage.item_schema())
    schema["properties"]["priority"] = {"type": "integer"}
    schema["properties"]["ratio"] = {"type": "number"}

    def asked(points):
        return {p.what.split(" (")[0] for p in points}

    added = asked(coverage.wrong_types(ITEM, schema)) - asked(coverage.wrong_types(ITEM))
    assert added == {
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
