"""Two versions of the contract, each change classed by whom it can break: one copy of today's contract per change."""

import json
import shutil
from pathlib import Path

import pytest

from capillary_conformance.contracts import CONTRACT_DIR
from capillary_conformance.contracts.diff import CLIENTS, HOSTS, NEITHER, Contract, UnreadableContract, compare

TODAY = Contract.read(CONTRACT_DIR)


def changed(tmp_path: Path, schema: str, change) -> list:
    """Today's contract against a copy where ``change`` edited one schema file."""
    copy = tmp_path / "contracts"
    shutil.copytree(CONTRACT_DIR, copy)
    path = copy / "schemas" / schema
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return compare(TODAY, Contract.read(copy))


def test_an_unchanged_copy_reports_nothing(tmp_path):
    shutil.copytree(CONTRACT_DIR, tmp_path / "contracts")
    assert compare(TODAY, Contract.read(tmp_path / "contracts")) == []


def test_a_field_removed_from_the_answer_breaks_clients(tmp_path):
    def remove_sender(schema):
        del schema["properties"]["sender"]
        schema["required"].remove("sender")

    (change,) = changed(tmp_path, "communication.schema.json", remove_sender)
    assert (change.kind, change.where) == (CLIENTS, "answer data[].sender")
    assert "removed from the answer" in change.words


def test_an_enum_value_added_to_the_answer_breaks_clients_and_to_the_request_hosts(tmp_path):
    changes = changed(tmp_path, "communication-type.schema.json", lambda s: s["enum"].append("PAUSE"))
    by_where = {change.where: change for change in changes}
    assert by_where["answer data[].communicationType"].kind == CLIENTS
    assert (
        "enum value(s) PAUSE added: an SDK built on the old contract may not read it"
        in by_where["answer data[].communicationType"].words
    )
    assert by_where["request[].communicationType"].kind == HOSTS  # the schema is shared: a host refuses PAUSE


def test_a_field_made_optional_in_the_answer_breaks_clients(tmp_path):
    (change,) = changed(tmp_path, "communication.schema.json", lambda s: s["required"].remove("sender"))
    assert (change.kind, change.where) == (CLIENTS, "answer data[].sender")
    assert "now optional in the answer" in change.words


def test_an_answers_integer_narrowed_to_a_range_breaks_hosts(tmp_path):
    (change,) = changed(tmp_path, "communication.schema.json", lambda s: s["properties"]["id"].update(minimum=1))
    assert (change.kind, change.where) == (HOSTS, "answer data[].id")
    assert change.words == "minimum 1 added: a host keeping the old contract now fails"


def test_a_comment_only_change_breaks_nobody(tmp_path):
    changes = changed(tmp_path, "communication.schema.json", lambda s: s.update({"$comment": "reworded"}))
    assert {change.kind for change in changes} == {NEITHER}
    assert all("words only" in change.words for change in changes)


def test_a_request_field_made_required_breaks_clients(tmp_path):
    def add_required(schema):
        schema["properties"]["priority"] = {"type": "integer"}
        schema["required"].append("priority")

    (change,) = changed(tmp_path, "communication-input.schema.json", add_required)
    assert (change.kind, change.where) == (CLIENTS, "request[].priority")


def test_a_folder_without_a_contract_is_one_line(tmp_path):
    with pytest.raises(UnreadableContract, match="holds no readable contract") as raised:
        Contract.read(tmp_path)
    assert "\n" not in str(raised.value)


def test_a_path_parameter_narrowed_breaks_clients(tmp_path):
    copy = tmp_path / "contracts"
    shutil.copytree(CONTRACT_DIR, copy)
    spec = copy / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    narrowed = "schema: {type: integer, format: int64, minimum: 1}"
    assert narrowed in text
    spec.write_text(text.replace(narrowed, "schema: {type: integer, format: int64, minimum: 100}", 1))
    (change,) = compare(TODAY, Contract.read(copy))
    assert (change.kind, change.where) == (CLIENTS, "path targetGroupId")
    assert change.words.startswith("minimum 1 is now 100")
