"""A host like a real region (issue: real regions, part 1): it knows channels 1-3 only, its target holds
rows from earlier use, and it is not the embedded sandbox, so the run must leave it safe."""

import json

import httpx
import pytest

from tests.helpers import CREDENTIALS, run_suite, sandbox_process

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

REGION = {"CAPILLARY_SANDBOX_ENVIRONMENT": "1"}


def suite_env(url: str, **extra: str) -> dict[str, str]:
    return {
        "CAPILLARY_BASE_URL": url, "CAPILLARY_TARGET_GROUP_ID": "2750", "CAPILLARY_TARGET_ID": "2996",
        "CAPILLARY_ALLOW_WRITE": "1", **CREDENTIALS, **extra,
    }  # fmt: skip


@pytest.fixture(scope="module")
def gate_against_a_region(tmp_path_factory):
    """The gate, told the environment's channels, against a hand-started region-like host; then its rows."""
    reports = tmp_path_factory.mktemp("region")
    with sandbox_process(**REGION) as url:
        before = httpx.get(f"{url}/__sandbox/rows").json()
        result = run_suite(reports, **suite_env(url, CAPILLARY_CHANNEL_IDS="1,2,3"))
        after = httpx.get(f"{url}/__sandbox/rows").json()
    return result, before, after, json.loads((reports / "results.json").read_text())


def test_the_gate_passes_a_correct_region_that_knows_channels_1_to_3_and_holds_rows(gate_against_a_region):
    result, before, _, _ = gate_against_a_region
    assert result.returncode == 0, result.stdout[-3000:]
    assert len(before) == 2, "the region held rows before the run"


def test_every_key_the_run_wrote_ends_inactive_and_marked(gate_against_a_region):
    _, _, after, summary = gate_against_a_region
    written = {(k["communicationType"], k["channelId"]) for k in summary["written_keys"]}
    rows = {(r["communicationType"], r["channelId"]): r for r in after}
    assert written <= set(rows)
    assert all(rows[key]["active"] is False for key in written), [rows[k] for k in written if rows[k]["active"]]
    assert all("capillary-conformance run" in rows[key]["messageTemplate"] for key in written)
    assert summary["cleanup"]["failed"] == []
    assert len(summary["cleanup"]["deactivated"]) == len(written)


def test_the_footprint_is_bounded_by_types_times_channels(gate_against_a_region):
    _, _, after, summary = gate_against_a_region
    assert len(summary["written_keys"]) <= 16
    assert {r["channelId"] for r in after} <= {1, 2, 3}, "no positive test wrote outside the environment"


def test_without_the_channels_declared_a_refusal_fails_and_says_which_setting(tmp_path):
    with sandbox_process(**REGION) as url:
        result = run_suite(tmp_path, "--capillary-profile=selftest", "-x", **suite_env(url))
    assert result.returncode == 1
    assert "The host refused channelId=" in result.stdout
    assert "CAPILLARY_CHANNEL_IDS" in result.stdout


def test_turned_off_the_clean_up_leaves_the_rows_as_written(tmp_path):
    with sandbox_process(**REGION) as url:
        env = suite_env(url, CAPILLARY_CHANNEL_IDS="1,2,3", CAPILLARY_SKIP_CLEANUP="1")
        result = run_suite(tmp_path, "--capillary-profile=selftest", "-k", "idempotency", **env)
        rows = httpx.get(f"{url}/__sandbox/rows").json()
    assert result.returncode == 0, result.stdout[-2000:]
    assert json.loads((tmp_path / "results.json").read_text())["cleanup"] is None
    assert any(row["active"] is True and "capillary-conformance run" not in row["messageTemplate"] for row in rows)
