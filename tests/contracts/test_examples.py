"""The documented examples are real answers of the service: the contract accepts them as they are."""

import json
import re
from pathlib import Path

import pytest

from capillary_conformance.contracts import SchemaName, drift, violations
from capillary_conformance.contracts.files import CONTRACT_DIR

EXAMPLES = CONTRACT_DIR / "examples"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
PAGES = {"november-2025": "000_43840c0463a2d08a.txt", "june-2025": "001_957c4d6b49eb41ae.txt"}


def example(label: str, kind: str):
    return json.loads((EXAMPLES / f"{label}.{kind}.json").read_text())


@pytest.mark.parametrize("label", sorted(PAGES))
def test_example_request_validates(label):
    assert violations(example(label, "request"), SchemaName.REQUEST) == []


@pytest.mark.parametrize("label", sorted(PAGES))
def test_example_response_validates_without_drift(label):
    response = example(label, "response")
    assert violations(response, SchemaName.RESPONSE) == []
    assert drift(response, SchemaName.RESPONSE) == []


def _json_after(text: str, start: int) -> object:
    return json.JSONDecoder().raw_decode(text, text.index("{", start))[0]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
@pytest.mark.parametrize("label", sorted(PAGES))
def test_examples_match_the_seed_pages(label):
    text = (SEEDS / PAGES[label]).read_text().replace("[email protected]", "madhurima@example.com")
    request = json.loads(re.search(r"--data-raw '(\[.*?\])'", text, re.S)[1])
    response = _json_after(text, text.rindex('"data"') - 40)
    assert request == example(label, "request")
    assert response == example(label, "response")
