"""Clean-up leaves the target safe: every key written is deactivated, in batches, and what failed is listed."""

import json

import httpx

from capillary_conformance.client.http import HostClient
from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin.target.cleanup import deactivate
from capillary_conformance.plugin.target.footprint import Footprint

PATH = "/v3/targetGroups/2750/targets/2996/communications/upsert"


def footprint(*keys: tuple[str, int], upsert_key=("communicationType", "channelId")) -> Footprint:
    written = Footprint(upsert_key, PATH)
    written.merge({json.dumps(list(key)): dict(zip(upsert_key, key, strict=True)) for key in keys})
    return written


def client(status_of):
    sent: list[list[dict]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.append(body)
        return httpx.Response(status_of(body), json={"data": [], "errors": None, "warnings": None})

    return HostClient.from_settings(from_env({}), "http://host.test", transport=httpx.MockTransport(answer)), sent


def test_every_key_written_is_upserted_inactive_with_the_runs_marker():
    host, sent = client(lambda body: 200)
    keys = [(kind, channel) for kind in ("START", "FINISH", "CHANGE") for channel in (1, 2)]
    cleanup = deactivate(host, footprint(*keys), "2026-12-01T00:00:00Z")
    items = [item for body in sent for item in body]
    assert sorted((i["communicationType"], i["channelId"]) for i in items) == sorted(keys)
    assert all(item["active"] is False and cleanup.marker in item["messageTemplate"] for item in items)
    assert all(len({i["communicationType"] for i in body}) == len(body) for body in sent)  # one per type a request
    assert len(cleanup.deactivated) == 6
    assert cleanup.failed == []


def test_a_refused_batch_is_listed_and_the_rest_still_done():
    host, _ = client(lambda body: 400 if any(i["channelId"] == 2 for i in body) else 200)
    cleanup = deactivate(host, footprint(("START", 1), ("START", 2)), "run")
    assert len(cleanup.deactivated) == 1
    assert "HTTP 400" in cleanup.failed[0]
    assert "FAILED for 1" in cleanup.summary()


def test_with_active_in_the_upsert_key_nothing_is_sent_and_it_says_why():
    host, sent = client(lambda body: 200)
    written = footprint(("START", True), upsert_key=("communicationType", "active"))
    cleanup = deactivate(host, written, "run")
    assert sent == []
    assert "active is part of the upsert key" in cleanup.failed[0]
