"""What an exchange tells of its answer beside the body: its request id and its warnings."""

import json

import pytest

from capillary_conformance.core.exchange import Exchange


def exchange(headers=None, body=None) -> Exchange:
    return Exchange(
        method="POST",
        url="http://host.test/upsert",
        request_headers={},
        request_body=b"[]",
        status=200,
        response_headers=headers or {},
        response_body=json.dumps(body).encode() if body is not None else b"<html>",
        elapsed=0.0,
    )


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        ({"X-Cap-Requestid": "5670FF17B7D58", "Server": "CapWS"}, "X-Cap-Requestid: 5670FF17B7D58"),
        ({"x-cap-requestid": "abc"}, "X-Cap-Requestid: abc"),  # httpx lower-cases header names
        ({"x-request-id": "r-1", "traceparent": "00-4bf9-00f0-01"}, "X-Request-Id: r-1"),
        ({"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, "traceparent: 00-4bf9"),
        ({"X-Cap-Requestid": "", "X-Request-Id": "r-2"}, "X-Request-Id: r-2"),
        ({"Content-Type": "application/json"}, ""),
    ],
)
def test_the_request_id_is_the_first_id_header_the_answer_carries(headers, named):
    found = exchange(headers).request_id
    assert found.startswith(named) if named else found == ""


@pytest.mark.parametrize(
    ("body", "warnings"),
    [
        ({"data": [], "errors": None, "warnings": [{"code": 3001, "message": "m"}]}, [{"code": 3001, "message": "m"}]),
        ({"data": [], "errors": None, "warnings": None}, []),
        ({"data": [], "warnings": "deprecated"}, []),  # not an array: the envelope check's to judge
        ([1, 2], []),
        (None, []),
    ],
)
def test_warnings_are_the_envelope_array_or_none(body, warnings):
    assert exchange(body=body).warnings == warnings
