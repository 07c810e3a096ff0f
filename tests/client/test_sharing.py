"""What a run's processes share: the rate budget, a 429's pause, and one count of the requests."""

import subprocess
import sys
import textwrap
import time

import httpx
import pytest

from capillary_conformance.client.budget import SharedBudget
from capillary_conformance.client.http import SENT, HostClient, RequestBudgetSpent
from capillary_conformance.client.resilience import SharedPause
from capillary_conformance.core.settings import from_env
from capillary_conformance.sandbox import running_sandbox


def test_a_pause_held_by_one_process_is_waited_out_by_another(tmp_path):
    SharedPause(tmp_path).hold(0.4)
    started = time.monotonic()
    waited = SharedPause(tmp_path).wait()
    assert time.monotonic() - started >= 0.3
    assert waited > 0.3
    assert SharedPause(tmp_path).wait() == 0.0  # once over, nobody waits


def test_a_429_makes_every_client_of_the_run_wait(tmp_path):
    settings = from_env({"CAPILLARY_SANDBOX_RATE_LIMIT": "2"})
    with running_sandbox(settings) as url:
        meets_it = HostClient.from_settings(settings, url, shared_dir=tmp_path)
        other = HostClient.from_settings(settings, url, shared_dir=tmp_path)
        for _ in range(3):  # the third is answered 429 and waited out, then retried
            meets_it.upsert([])
        assert meets_it.retried == 1
        assert SharedPause(tmp_path).until() > 0
        other.upsert([])  # sent after the pause another client met: no 429 of its own
        assert other.retried == 0


def test_the_rate_budget_holds_across_processes(tmp_path):
    """Two processes, each with its own limiter on the run's shared folder: together, 5 requests a second."""
    script = textwrap.dedent(f"""
        from pathlib import Path
        from capillary_conformance.client.resilience import rate_limiter
        from capillary_conformance.core.rates import Rate
        limiter = rate_limiter(Rate(5), Path({str(tmp_path)!r}))
        for _ in range(5):
            limiter.try_acquire("host")
    """)
    started = time.monotonic()
    processes = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert all(p.wait(60) == 0 for p in processes)
    # 10 permits at 5/s: at least 9 intervals of 0.2 s between the first and the last.
    assert time.monotonic() - started >= 1.7


def test_clients_stop_when_the_runs_budget_is_spent_whichever_sent_it(tmp_path):
    settings = from_env({})
    with running_sandbox(settings) as url:
        one = HostClient.from_settings(settings, url, shared_dir=tmp_path, budget=3)
        # Another process of the run: its own count, in its own file of the shared folder.
        other = HostClient(url, settings.credentials, 1, 2, timeout=httpx.Timeout(5), policy=one.policy,
                           user_agent="test", budget=SharedBudget(tmp_path, 3, process="other"))  # fmt: skip
        one.upsert([])
        other.upsert([])
        one.upsert([])
        with pytest.raises(RequestBudgetSpent):
            other.upsert([])
        assert one.traffic[SENT] == 2
        assert other.traffic[SENT] == 1
        assert one.budget.spent() == 3
