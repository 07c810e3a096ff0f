"""Stability: N gate runs with different Hypothesis seeds against the embedded sandbox; every one must pass.

A gate that fails a correct host one night in eight is one nobody trusts: this counts the passes and
prints each failing seed with the line that says why.

    python benchmarks/stability.py --runs 50 --parallel 2
"""

from __future__ import annotations

import argparse
import random
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from capillary_conformance.cli.runner import run_suite
from capillary_conformance.core.settings import without_settings


def one(seed: int) -> tuple[int, int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        result = run_suite([f"--hypothesis-seed={seed}"], env=without_settings(), reports=Path(tmp), cwd=Path(tmp))
    why = next((line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
    return seed, result.returncode, why


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=2)
    args = parser.parse_args()
    seeds = [random.randrange(2**32) for _ in range(args.runs)]
    with ThreadPoolExecutor(args.parallel) as pool:
        outcomes = list(pool.map(one, seeds))
    failures = [o for o in outcomes if o[1] != 0]
    print(f"{len(outcomes) - len(failures)}/{len(outcomes)} gate runs passed against the embedded sandbox")
    for seed, status, why in failures:
        print(f"  seed {seed}: exit {status} {why}")


if __name__ == "__main__":
    main()
