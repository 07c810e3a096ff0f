"""The evidence is the failure's own: each failed case's message speaks of the ids its own last answers show, in
order, in the Allure case and in its results.json entry; the failing answer's request id is its last step's."""

import json
import re
from pathlib import Path

import pytest

from tests.helpers import run_suite

pytestmark = pytest.mark.slow

SEED = "--hypothesis-seed=20261206"
REGION = {"CAPILLARY_SANDBOX_ENVIRONMENT": "1", "CAPILLARY_CHANNEL_IDS": "1,2,3", "CAPILLARY_ALLOW_WRITE": "1"}
RUNS = {
    "new-row-after-deactivation": {},
    "forgets-old-rows": {},
    "new-row-after-deactivation in environment mode": REGION,
    "forgets-old-rows in environment mode": REGION,
}
ID_CHANGE = re.compile(r"changed the id from (\d+) to (\d+)")


def ids_in_order(answers: list[object]) -> list[int]:
    """The row ids the answers named, step after step."""
    found = []
    for body in answers:
        data = body.get("data") if isinstance(body, dict) else None
        found += [item["id"] for item in data or [] if isinstance(item, dict) and "id" in item]
    return found


def speaks_of_its_own_ids(message: str, answers: list[object]) -> None:
    """The ids a message names are answered by its evidence: the later one by the last step, the earlier before."""
    said = ID_CHANGE.search(message)
    assert said, f"the message names no id change: {message}"
    before, after = int(said[1]), int(said[2])
    last, earlier = ids_in_order(answers[-1:]), ids_in_order(answers[:-1])
    assert after in last, f"{message!r}: the last answer names ids {last}"
    assert before in earlier, f"{message!r}: the earlier answers name ids {earlier}"


def allure_cases(reports: Path) -> list[dict]:
    results = reports / "allure-results"
    failed = []
    for path in results.glob("*-result.json"):
        case = json.loads(path.read_text())
        if case["status"] == "failed":
            case["answers"] = [
                json.loads((results / a["source"]).read_text().split("\n\n", 1)[1] or "null")
                for a in case.get("attachments", [])
                if a["name"].endswith(": response")
            ]
            failed.append(case)
    return failed


@pytest.mark.parametrize("name", RUNS)
def test_each_failure_shows_the_answers_it_speaks_of(tmp_path, name):
    fault = name.split(" ")[0]
    run_suite(tmp_path, "--capillary-profile=selftest", SEED, CAPILLARY_SANDBOX_FAULT=fault, **RUNS[name])
    record = json.loads((tmp_path / "results.json").read_text())
    failed = [case for case in record["results"] if case["outcome"] == "failed"]
    assert failed, f"{fault} was not caught"
    spoken = [case for case in failed if ID_CHANGE.search(case["reason"])]
    assert spoken, "no failure names the ids it saw change"
    for case in spoken:
        steps = case["exchanges"]
        speaks_of_its_own_ids(case["reason"], [step["response_body"] for step in steps])
        assert case["request_id"] == steps[-1]["request_id"]
        if RUNS[name]:  # a region's answers carry X-Cap-Requestid: the failing one is the last step's
            assert case["request_id"].startswith("X-Cap-Requestid: ")
        assert sum(case["rerun"] for case in record["results"]) == record["requests"]["rerun"]
    shown = [case for case in allure_cases(tmp_path) if ID_CHANGE.search(case["statusDetails"]["message"])]
    assert len(shown) == len(spoken)
    for case in shown:
        speaks_of_its_own_ids(case["statusDetails"]["message"], case["answers"])
        if RUNS[name]:
            last_id = re.search(r"X-Cap-Requestid: (\w+)", case["statusDetails"]["message"])
            assert last_id, case["statusDetails"]["message"]
            source = [a for a in case["attachments"] if a["name"].endswith(": response")][-1]["source"]
            answered = (tmp_path / "allure-results" / source).read_text().lower()
            assert f"x-cap-requestid: {last_id[1]}".lower() in answered
