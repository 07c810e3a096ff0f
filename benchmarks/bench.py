"""Speed and sensitivity of the suite, side by side with a raw httpx loop and bare Schemathesis.

Run from the repository root: ``python benchmarks/bench.py`` (``--quick`` for a short pass). Prints one
table and writes it as JSON to ``reports/benchmark.json``. Every measurement runs against the reference
sandbox in its own process on loopback, started fresh, so the numbers compare like with like.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from capillary_conformance.contracts import OPENAPI_PATH, UPSERT_PATH
from capillary_conformance.core.settings import Settings, without_settings
from capillary_conformance.sandbox.faults import CATALOGUE
from capillary_conformance.suite import pytest_argv

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = Settings()
DEFAULT_TARGET_GROUP_ID, DEFAULT_TARGET_ID = DEFAULTS.target_group_id, DEFAULTS.target_id
AUTH = (DEFAULTS.credentials.username, DEFAULTS.credentials.password)
# Off the embedded sandbox a run sends only the credentials it is given: the started sandbox's, explicitly.
CREDENTIALS = {"CAPILLARY_USERNAME": AUTH[0], "CAPILLARY_PASSWORD": AUTH[1]}
ENV = without_settings()
PATH = UPSERT_PATH.format(targetGroupId=DEFAULT_TARGET_GROUP_ID, targetId=DEFAULT_TARGET_ID)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def sandbox(fault: str | None = None, **conditions: str) -> Iterator[str]:
    """A fresh reference sandbox in its own process, as a host would be (in the mode its fault needs, under
    the conditions given: CAPILLARY_SANDBOX_LATENCY and the like)."""
    port = free_port()
    command = [sys.executable, "-m", "capillary_conformance", "sandbox", "--port", str(port)]
    env = ENV | (CATALOGUE[fault].suite_env if fault else {}) | conditions
    process = subprocess.Popen(command + (["--fault", fault] if fault else []), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/__sandbox/stats")
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


def requests_seen(url: str) -> int:
    return httpx.get(f"{url}/__sandbox/stats").json()["requests"]


def raw_loop(count: int) -> dict:
    """(a) The floor: valid upserts from one httpx client, nothing judged."""
    with sandbox() as url, httpx.Client(base_url=url, auth=AUTH) as client:
        body = json.loads((ROOT / "contracts/examples/november-2025.request.json").read_text())
        started = time.perf_counter()
        for number in range(count):
            body[0]["channelId"] = number
            client.post(PATH, json=body).raise_for_status()
        seconds = time.perf_counter() - started
        return {"requests": requests_seen(url), "seconds": seconds}


def suite(url: str | None, examples: int | None, *args: str, fault: str | None = None) -> dict:
    """(b) The suite's own property tests (Schemathesis' test left to (c)), against a sandbox process;
    ``examples`` None: as many as the profile says."""
    env = ENV | ({"CAPILLARY_MAX_EXAMPLES": str(examples)} if examples else {})
    env |= CATALOGUE[fault].suite_env if fault else {}
    if url:
        # No clean-up: its requests come after the verdict, and are not what it took to find a fault. One
        # process: on loopback more would not be faster, and the first violation's request is one count.
        env |= {"CAPILLARY_BASE_URL": url, "CAPILLARY_TARGET_GROUP_ID": str(DEFAULT_TARGET_GROUP_ID),
                "CAPILLARY_TARGET_ID": str(DEFAULT_TARGET_ID), "CAPILLARY_ALLOW_WRITE": "1",
                "CAPILLARY_SKIP_CLEANUP": "1", "CAPILLARY_WORKERS": "1", **CREDENTIALS}  # fmt: skip
    command = pytest_argv(["-q", *args])
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    return {"seconds": time.perf_counter() - started, "exit": result.returncode}


def bare_schemathesis(url: str, examples: int, *args: str) -> dict:
    """(c) ``schemathesis run`` on the same fragment: all its checks, path ids pinned like the suite's."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "schemathesis.toml"
        config.write_text(f'[parameters]\n"path.targetGroupId" = {DEFAULT_TARGET_GROUP_ID}\n'
                          f'"path.targetId" = {DEFAULT_TARGET_ID}\n')  # fmt: skip
        command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run", str(OPENAPI_PATH),
                   "--url", url, "--auth", ":".join(AUTH), "--max-examples", str(examples), "--checks", "all",
                   "--report-dir", tmp, *args]  # fmt: skip
        started = time.perf_counter()
        result = subprocess.run(command, env=ENV, capture_output=True, text=True, cwd=tmp)
        return {"seconds": time.perf_counter() - started, "exit": result.returncode, "output": result.stdout[-400:]}


def _measured(run) -> dict:  # noqa: ANN001 - run(url) -> {"seconds", ...}
    with sandbox() as url:
        result = run(url)
        return {**result, "requests": requests_seen(url)}


def _per_request(small: dict, large: dict) -> float:
    """Milliseconds each extra request costs: the slope between two budgets, start-up cost cancelled."""
    return 1000 * (large["seconds"] - small["seconds"]) / max(1, large["requests"] - small["requests"])


def throughput(runs: int, small: int, large: int) -> dict:
    """Requests per second of each way of testing, and the marginal cost of one request (median of runs)."""
    raw, ours, bare = [], [], []
    for _ in range(runs):
        raw.append(raw_loop(600))
        ours.append([_measured(lambda url, n=n: suite(url, n, "-k", "not schemathesis")) for n in (small, large)])
        bare.append([_measured(lambda url, n=n: bare_schemathesis(url, n)) for n in (small, large)])
    raw_ms = statistics.median(1000 * r["seconds"] / r["requests"] for r in raw)
    ours_ms = statistics.median(_per_request(*pair) for pair in ours)
    bare_ms = statistics.median(_per_request(*pair) for pair in bare)
    return {
        "runs": runs,
        "examples": [small, large],
        "raw_httpx_rps": 1000 / raw_ms,
        "suite_rps_whole_run": statistics.median(p[1]["requests"] / p[1]["seconds"] for p in ours),
        "schemathesis_rps_whole_run": statistics.median(p[1]["requests"] / p[1]["seconds"] for p in bare),
        "raw_ms_per_request": raw_ms,
        "suite_ms_per_request": ours_ms,
        "schemathesis_ms_per_request": bare_ms,
        "suite_over_raw": ours_ms / raw_ms,
        "schemathesis_over_raw": bare_ms / raw_ms,
    }


def _generated_bodies(count: int) -> list:
    from hypothesis import HealthCheck, given, settings

    from capillary_conformance.generation.strategies import request_bodies

    bodies: list = []

    @given(request_bodies())
    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    def collect(body: list) -> None:
        bodies.append(body)

    collect()
    return bodies


def harness_overhead(count: int = 400) -> dict:
    """The suite's request path (client, recording, all positive checks) against a raw httpx loop, on the
    same pre-generated bodies: what the harness costs per request, data generation aside."""
    from capillary_conformance.checks import Expectations
    from capillary_conformance.checks.positive import check_positive
    from capillary_conformance.client.http import HostClient
    from capillary_conformance.core.settings import from_env
    from capillary_conformance.plugin.target.host import Host

    bodies = _generated_bodies(count)
    settings = from_env({})
    with sandbox() as url:
        with httpx.Client(base_url=url, auth=AUTH) as raw:
            started = time.perf_counter()
            for body in bodies:
                raw.post(PATH, json=body)
            raw_ms = 1000 * (time.perf_counter() - started) / len(bodies)
        expect = Expectations()
        host = Host(settings, HostClient.from_settings(settings, url), expect)
        started = time.perf_counter()
        for body in bodies:
            host.drift.add(check_positive(host.upsert(body), expect))
        suite_ms = 1000 * (time.perf_counter() - started) / len(bodies)
    return {"raw_ms_per_request": raw_ms, "suite_ms_per_request": suite_ms, "suite_over_raw": suite_ms / raw_ms}


def wall_times(budgets: list[int]) -> dict:
    times = {}
    for profile in ("gate", "nightly"):
        times[profile], times[f"{profile}_requests"] = _profile_run(profile)
    times["by_budget"] = {str(b): _timed(pytest_argv(["-q", f"--capillary-max-examples={b}"])) for b in budgets}
    return times


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=ENV, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def _profile_run(profile: str) -> tuple[float, int]:
    """Seconds and requests of a profile's run against the embedded sandbox."""
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.json"
        seconds = _timed(pytest_argv(["-q", f"--capillary-profile={profile}", f"--capillary-results-json={results}"]))
        return seconds, json.loads(results.read_text())["requests"]["sent"]


REGION = {"CAPILLARY_SANDBOX_ENVIRONMENT": "1", "CAPILLARY_SANDBOX_LATENCY": "0.1"}
# What the sandbox plays, what the suite is told, and what else it is given.
REMOTE = {
    "100 ms, 100/min, told 100/min": ({**REGION, "CAPILLARY_SANDBOX_RATE_LIMIT": "100/min"},
                                      {"CAPILLARY_RATE_LIMIT": "100/min"}, []),
    "100 ms, 100/min, new-id-on-repeat": ({**REGION, "CAPILLARY_SANDBOX_RATE_LIMIT": "100/min",
                                           "CAPILLARY_SANDBOX_FAULT": "new-id-on-repeat"},
                                          {"CAPILLARY_RATE_LIMIT": "100/min"}, []),
    "100 ms, 100/min, new-id-on-repeat, -x": ({**REGION, "CAPILLARY_SANDBOX_RATE_LIMIT": "100/min",
                                               "CAPILLARY_SANDBOX_FAULT": "new-id-on-repeat"},
                                              {"CAPILLARY_RATE_LIMIT": "100/min"}, ["-x"]),
    "100 ms, 60/min, told 100/min": ({**REGION, "CAPILLARY_SANDBOX_RATE_LIMIT": "60/min"},
                                     {"CAPILLARY_RATE_LIMIT": "100/min", "CAPILLARY_MAX_REQUESTS": "150"}, []),
}  # fmt: skip


def remote_gates(only: str = "") -> dict:
    """The gate against the sandbox as a remote region (its own process, latency, a rate limit, earlier
    rows), as a user configures it: wall time against the printed plan, requests, 429s (in the run's first
    and second half), the processes it spread over, and the keys it left active."""
    rows = {}
    for label, (conditions, told, args) in REMOTE.items():
        if only not in label:
            continue
        with sandbox(**conditions) as url, tempfile.TemporaryDirectory() as tmp:
            results = Path(tmp) / "results.json"
            env = ENV | told | {"CAPILLARY_BASE_URL": url, "CAPILLARY_TARGET_GROUP_ID": str(DEFAULT_TARGET_GROUP_ID),
                                "CAPILLARY_TARGET_ID": str(DEFAULT_TARGET_ID), "CAPILLARY_ALLOW_WRITE": "1",
                                "CAPILLARY_CHANNEL_IDS": "1,2,3", "CAPILLARY_RESULTS_JSON": str(results),
                                **CREDENTIALS}  # fmt: skip
            started = time.perf_counter()
            done = subprocess.run(pytest_argv(["-q", *args]), env=env, capture_output=True, text=True, cwd=tmp)
            seconds = time.perf_counter() - started
            summary = json.loads(results.read_text())
            stats = httpx.get(f"{url}/__sandbox/stats").json()
            rows_left = httpx.get(f"{url}/__sandbox/rows").json()
        written = {(k["communicationType"], k["channelId"]) for k in summary["written_keys"]}
        active = [r for r in rows_left if r["active"] and (r["communicationType"], r["channelId"]) in written]
        plan = next((line for line in done.stdout.splitlines() if line.startswith("plan:")), "")
        lowered = next((line for line in done.stdout.splitlines() if "lowered its rate" in line), "")
        lowered += "".join(f"\n      {line}" for line in done.stdout.splitlines() if "could not judge" in line)
        rows[label] = {"exit": done.returncode, "seconds": seconds, "processes": summary["processes"],
                       **{k: summary["requests"][k] for k in ("sent", "throttled")}, "left_active": len(active),
                       "plan": plan[:80], "lowered": lowered, **_throttled_by_half(stats)}  # fmt: skip
    return rows


def _throttled_by_half(stats: dict) -> dict:
    """429s the sandbox sent in the first and the second half of the run (by arrival time)."""
    arrivals, throttled = stats.get("arrivals", []), stats.get("throttled_at", [])
    if not arrivals:
        return {}
    middle = (arrivals[0] + arrivals[-1]) / 2
    return {
        "429_first_half": sum(t < middle for t in throttled),
        "429_second_half": sum(t >= middle for t in throttled),
    }


def peak_rss_of_gate() -> float:
    """Peak resident memory (MiB) of the default gate run, the embedded sandbox included (one process)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")  # fmt: skip
    command = [sys.executable, "-c", probe, *pytest_argv(["-q"])]
    out = subprocess.run(command, env=ENV, capture_output=True, text=True, cwd=ROOT).stdout
    return int(out.strip()) / 1024


def sensitivity(examples: int, bare: bool = True, profile: str = "gate", seed: int | None = None) -> dict:
    """For every fault: caught by the suite (run with ``profile``, its own examples)? by bare Schemathesis?
    and after how many requests: for the suite, the request whose answer broke the first promise (its
    results.json), and whether that was in the coverage pass; for Schemathesis, the host's count when it
    stopped at its first failure, without shrinking (detection plus its replay). ``seed``: the suite's
    Hypothesis seed, so that two layouts of the code can be compared row by row."""
    seeded = [f"--hypothesis-seed={seed}"] if seed is not None else []
    rows = {}
    for name, fault in CATALOGUE.items():
        if fault.legal or not fault.judgeable:
            continue
        with sandbox(name) as url, tempfile.TemporaryDirectory() as tmp:
            results = Path(tmp) / "results.json"
            ours = suite(url, None, "-x", f"--capillary-profile={profile}", f"--capillary-results-json={results}",
                         *seeded, fault=name)  # fmt: skip
            summary = json.loads(results.read_text())
            ours_requests = summary["requests"]["first_violation_at"] or requests_seen(url)
            failed = next((r for r in summary["results"] if r["outcome"] == "failed"), {})
            found_by = failed.get("nodeid", "").split("::")[-1]
        bare_result, bare_requests = {"exit": -1}, 0
        if bare:
            with sandbox(name) as url:
                bare_result = bare_schemathesis(url, examples, "--max-failures", "1", "--no-shrink", "--seed", "1")
                bare_requests = requests_seen(url)
        rows[name] = {
            "suite_caught": ours["exit"] == 1, "suite_requests": ours_requests, "found_by": found_by,
            "coverage_pass": bool(failed.get("coverage")),
            "schemathesis_caught": bare_result["exit"] == 1, "schemathesis_requests": bare_requests,
        }  # fmt: skip
    return rows


def statistics_of(samples: list[dict]) -> dict:
    return {key: statistics.median(sample[key] for sample in samples) for key in samples[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run each, small budgets")
    parser.add_argument("--output", default=str(ROOT / "reports" / "benchmark.json"))
    parser.add_argument(
        "--sensitivity-only", action="store_true", help="only the fault table, the suite alone (a few minutes)"
    )
    parser.add_argument("--remote-only", action="store_true", help="only the gate against a remote-like sandbox")
    parser.add_argument("--remote", default="", help="with --remote-only: only the remote hosts whose label has this")
    parser.add_argument("--profile", default="gate", help="the suite's profile in the fault table (default: gate)")
    parser.add_argument("--seed", type=int, default=None, help="the suite's Hypothesis seed in the fault table")
    args = parser.parse_args()
    if args.remote_only:
        for label, row in remote_gates(args.remote).items():
            print(f"  gate against {label:<40} exit {row['exit']}  {row['seconds']:6.1f}s  {row['sent']:5} requests  "
                  f"{row['throttled']} answered 429 ({row.get('429_first_half')} then {row.get('429_second_half')})  "
                  f"{row['processes']} process(es), {row['left_active']} key(s) left active")  # fmt: skip
            print(f"      {row['plan']}")
            if row["lowered"]:
                print(f"      {row['lowered']}")
        return
    if args.sensitivity_only:
        rows = sensitivity(20, bare=False, profile=args.profile, seed=args.seed)
        print(f"sensitivity, profile {args.profile}       caught (request)  coverage pass  found by")
        for name, row in rows.items():
            print(f"  {name:<32} {'yes' if row['suite_caught'] else 'NO':>3} ({row['suite_requests']:>5})  "
                  f"{'yes' if row['coverage_pass'] else 'no':>13}  {row['found_by'][:60]}")  # fmt: skip
        counts = [r["suite_requests"] for r in rows.values() if r["suite_caught"]]
        in_coverage = sum(r["coverage_pass"] for r in rows.values())
        print(f"caught {len(counts)}/{len(rows)}, {in_coverage} in the coverage pass; requests to detect: "
              f"median {statistics.median(counts)}, worst {max(counts)}")  # fmt: skip
        return
    runs, budgets = (1, [5, 10, 20]) if args.quick else (3, [10, 25, 50, 100])
    report = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "throughput": throughput(runs, 20, 100),
        "harness_overhead": statistics_of([harness_overhead() for _ in range(runs)]),
        "wall_seconds": wall_times(budgets),
        "peak_rss_mib_gate": peak_rss_of_gate(),
        "remote_gates": remote_gates(),
        "sensitivity": sensitivity(20, profile=args.profile),
    }
    sens = report["sensitivity"].values()
    caught_ours = [r for r in sens if r["suite_caught"]]
    caught_bare = [r for r in sens if r["schemathesis_caught"]]
    both = [r for r in sens if r["suite_caught"] and r["schemathesis_caught"]]
    report["sensitivity_totals"] = {
        "faults": len(report["sensitivity"]),
        "suite_caught": len(caught_ours),
        "schemathesis_caught": len(caught_bare),
        "suite_median_requests_to_detect": statistics.median([r["suite_requests"] for r in caught_ours] or [0]),
        "suite_worst_requests_to_detect": max([r["suite_requests"] for r in caught_ours] or [0]),
        "schemathesis_median_requests_to_detect": statistics.median(
            [r["schemathesis_requests"] for r in caught_bare] or [0]
        ),
        # Like for like: only the faults both catch.
        "both_caught": len(both),
        "suite_median_on_both": statistics.median([r["suite_requests"] for r in both] or [0]),
        "schemathesis_median_on_both": statistics.median([r["schemathesis_requests"] for r in both] or [0]),
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2))
    print(render(report))


def render(report: dict) -> str:
    t, w, tot = report["throughput"], report["wall_seconds"], report["sensitivity_totals"]
    h = report["harness_overhead"]
    lines = [
        f"throughput (median of {t['runs']})           whole-run req/s   ms/request   vs raw",
        f"  (a) raw httpx loop                        {t['raw_httpx_rps']:10.0f}   "
        f"{t['raw_ms_per_request']:10.2f}     1.00",
        f"  (b) the suite's property checks           {t['suite_rps_whole_run']:10.0f}   "
        f"{t['suite_ms_per_request']:10.2f}   {t['suite_over_raw']:6.2f}",
        f"  (c) schemathesis run, same fragment       {t['schemathesis_rps_whole_run']:10.0f}   "
        f"{t['schemathesis_ms_per_request']:10.2f}   {t['schemathesis_over_raw']:6.2f}",
        f"  (ms/request: the cost of one more request, the slope between {t['examples'][0]} and "
        f"{t['examples'][1]} examples per test, so start-up does not count)",
        f"gate: {w['gate_requests']} requests, {w['gate_requests'] / 100:.1f} min at 100/min; nightly: "
        f"{w['nightly_requests']} requests, {w['nightly_requests'] / 100:.1f} min at 100/min",
        f"wall time: gate {w['gate']:.1f}s, nightly {w['nightly']:.1f}s; by examples per test: "
        + ", ".join(f"{b}: {s:.1f}s" for b, s in w["by_budget"].items()),
        f"harness alone (client, recording, checks 1-5; same bodies): {h['suite_ms_per_request']:.2f} ms/request"
        f" vs raw {h['raw_ms_per_request']:.2f} ({h['suite_over_raw']:.2f}x)",
        f"peak RSS of the gate run: {report['peak_rss_mib_gate']:.0f} MiB",
        *(
            f"gate against a region {label}: {row['seconds']:.1f}s, {row['sent']} requests, "
            f"{row['throttled']} answered 429, {row['processes']} processes (exit {row['exit']})"
            for label, row in report["remote_gates"].items()
        ),
        "sensitivity                      suite (requests)   coverage pass   schemathesis (requests)",
    ]
    for name, row in report["sensitivity"].items():
        ours = f"{'yes' if row['suite_caught'] else 'NO':>3} ({row['suite_requests']:>5})"
        coverage = "yes" if row["coverage_pass"] else "no"
        bare = f"{'yes' if row['schemathesis_caught'] else 'NO':>3} ({row['schemathesis_requests']:>5})"
        lines.append(f"  {name:<30} {ours:>16}   {coverage:>13}   {bare:>20}")
    lines.append(
        f"caught: suite {tot['suite_caught']}/{tot['faults']}, "
        f"schemathesis {tot['schemathesis_caught']}/{tot['faults']}; "
        f"requests to detect: suite median {tot['suite_median_requests_to_detect']} "
        f"(worst {tot['suite_worst_requests_to_detect']}), "
        f"schemathesis {tot['schemathesis_median_requests_to_detect']}; on the {tot['both_caught']} both catch: "
        f"suite {tot['suite_median_on_both']}, schemathesis {tot['schemathesis_median_on_both']}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
