"""What a nightly compares across regions: the facets in which conforming regions may differ."""

import json

from capillary_conformance.core.exchange import Exchange
from capillary_conformance.plugin.target.probes import facets


def answer(body, status: int = 200) -> Exchange:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    return Exchange("POST", "http://host.test/upsert", {}, b"[]", status, headers, json.dumps(body).encode(), 0.0)


def test_a_success_shows_its_offset_style_undocumented_fields_and_warnings():
    item = {"id": 1, "colour": "red", "attribution": {"createdOn": "2025-11-11T12:50:03.444+0000"}}
    warnings = [{"code": 3001, "message": "deprecated"}]
    shown = facets(answer({"data": [item], "errors": None, "warnings": warnings}))
    assert shown["status"] == 200
    assert shown["media type"] == "application/json"
    assert shown["offset style"] == ["+hhmm"]
    assert "$.data[].colour" in shown["undocumented fields"]
    assert json.loads(shown["warnings"]) == warnings


def test_an_error_shows_its_codes_and_messages_and_a_body_that_is_not_an_envelope_its_status():
    shown = facets(answer({"data": None, "errors": [{"code": 1002, "message": "bad"}], "warnings": None}, 400))
    assert (shown["error codes"], shown["error messages"]) == ([1002], ["bad"])
    assert facets(answer([1, 2], 400)) == {"status": 400, "media type": "application/json"}
