"""The reference sandbox keeps the documented contract, over real HTTP on loopback."""

import copy
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from capillary_conformance.contracts import SchemaName, parse_timestamp, violations
from capillary_conformance.sandbox import running_sandbox
from tests.sandbox.conftest import SEED_REQUEST, settings_with


def item(**changes):
    return {**copy.deepcopy(SEED_REQUEST[0]), **changes}


def test_seed_example_gets_a_valid_answer_and_a_repeat_the_same_id(sandbox, upsert_path):
    first = sandbox.post(upsert_path, json=SEED_REQUEST)
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("application/json")
    assert violations(first.json(), SchemaName.RESPONSE) == []
    second = sandbox.post(upsert_path, json=SEED_REQUEST).json()["data"][0]
    created = first.json()["data"][0]
    assert second["id"] == created["id"]
    assert second["attribution"]["createdOn"] == created["attribution"]["createdOn"]
    assert parse_timestamp(second["attribution"]["lastUpdatedOn"]) >= parse_timestamp(
        created["attribution"]["lastUpdatedOn"]
    )


def test_answer_echoes_request_and_path(sandbox, upsert_path, settings):
    sent = item(sender="ünïcødé 送信者", subjectTemplate="", channelId=-(2**31), offsetDays=2**31 - 1)
    answer = sandbox.post(upsert_path, json=[sent]).json()["data"][0]
    assert {k: answer[k] for k in sent} == sent
    assert (answer["targetGroupId"], answer["targetId"]) == (settings.target_group_id, settings.target_id)
    assert answer["attribution"]["createdOn"].endswith("+0000")


def test_update_keeps_id_and_created_on(sandbox, upsert_path):
    created = sandbox.post(upsert_path, json=[item()]).json()["data"][0]
    updated = sandbox.post(upsert_path, json=[item(active=False, sender="other")]).json()["data"][0]
    assert updated["id"] == created["id"]
    assert updated["attribution"]["createdOn"] == created["attribution"]["createdOn"]
    assert (updated["active"], updated["sender"]) == (False, "other")


def test_other_key_gets_other_id_and_batches_upsert_every_item(sandbox, upsert_path):
    one = sandbox.post(upsert_path, json=[item(channelId=1)]).json()["data"][0]["id"]
    two = sandbox.post(upsert_path, json=[item(channelId=2)]).json()["data"][0]["id"]
    assert one != two
    batch = [item(communicationType=t) for t in ("START", "FINISH", "CHANGE", "REMINDER")]
    answer = sandbox.post(upsert_path, json=batch).json()["data"]
    assert [a["communicationType"] for a in answer] == ["START", "FINISH", "CHANGE", "REMINDER"]
    assert len({a["id"] for a in answer}) == 4


@pytest.mark.parametrize("auth", [None, ("conformance", "wrong"), ("someone", "conformance-sandbox")])
def test_refuses_missing_or_wrong_credentials(sandbox, upsert_path, auth):
    response = httpx.post(f"{sandbox.base_url}{upsert_path}", json=SEED_REQUEST, auth=auth)
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("path", "status", "names"),
    [
        ("/v3/targetGroups/1/targets/2996/communications/upsert", 404, "1"),
        ("/v3/targetGroups/2750/targets/7/communications/upsert", 404, "7"),
        ("/v3/targetGroups/abc/targets/2996/communications/upsert", 400, "targetGroupId"),
        ("/v3/targetGroups/2750/targets/2996x/communications/upsert", 400, "targetId"),
    ],
)
def test_unknown_or_malformed_target(sandbox, path, status, names):
    response = sandbox.post(path, json=SEED_REQUEST)
    assert response.status_code == status
    assert violations(response.json(), SchemaName.ERROR_RESPONSE) == []
    assert names in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([item(communicationType="start")], "communicationType"),
        ([item(channelId="1")], "channelId"),
        ([item(active=1)], "active"),
        ({"data": [item()]}, "array"),
        (["not an object"], "object"),
    ],
)
def test_invalid_body_gets_400_naming_the_field(sandbox, upsert_path, body, field):
    response = sandbox.post(upsert_path, json=body)
    assert response.status_code == 400
    assert violations(response.json(), SchemaName.ERROR_RESPONSE) == []
    assert any(field in e["message"] for e in response.json()["errors"])


def test_body_that_is_not_json_gets_400(sandbox, upsert_path):
    response = sandbox.post(upsert_path, content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert violations(response.json(), SchemaName.ERROR_RESPONSE) == []


def test_answers_in_its_time_zone_and_own_target():
    settings = settings_with(
        CAPILLARY_UTC_OFFSET="+05:30",
        CAPILLARY_TARGET_GROUP_ID="10",
        CAPILLARY_TARGET_ID="20",
        CAPILLARY_USERNAME="india",
        CAPILLARY_PASSWORD="s3cret",
    )
    with running_sandbox(settings) as base_url:
        response = httpx.post(
            f"{base_url}/v3/targetGroups/10/targets/20/communications/upsert",
            json=SEED_REQUEST,
            auth=("india", "s3cret"),
        )
    answer = response.json()["data"][0]
    assert answer["attribution"]["createdOn"].endswith("+0530")
    assert (answer["targetGroupId"], answer["targetId"]) == (10, 20)
    assert answer["attribution"]["createdBy"]["code"] == "india"


def test_upsert_key_can_be_communication_type_alone():
    settings = settings_with(CAPILLARY_UPSERT_KEY="communicationType")
    with (
        running_sandbox(settings) as base_url,
        httpx.Client(base_url=base_url, auth=("conformance", "conformance-sandbox")) as c,
    ):
        path = "/v3/targetGroups/2750/targets/2996/communications/upsert"
        one = c.post(path, json=[item(channelId=1)]).json()["data"][0]
        two = c.post(path, json=[item(channelId=2)]).json()["data"][0]
    assert one["id"] == two["id"]
    assert two["channelId"] == 2


def test_concurrent_inserts_get_distinct_ids(sandbox, upsert_path):
    def insert(channel: int) -> int:
        return sandbox.post(upsert_path, json=[item(channelId=channel)]).json()["data"][0]["id"]

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(insert, range(40)))
    assert len(set(ids)) == 40
