"""What a run writes, held against goldens recorded from fixed-seed runs: results.json, the JUnit file (apart
from times) and the terminal's summary. A change of how outputs are built must not change what they say;
a change of what they say records new goldens on purpose (``RECORD_GOLDEN=1 python -m pytest`` this file)
and the diff shows it in review.

The keys a run writes are left out (their number too): Hypothesis draws text from string constants of the
package's own source when it is installed editable, so a change of code changes which keys a random example
writes, not what the run says of the host.

A fixed seed draws the same examples only under the same versions of the libraries that draw them: the goldens
name those versions (generators.json), and under others (a Python with an older Hypothesis, within the declared
range) the comparison is skipped with both named, not failed: its differences would be the draws, not the run.
"""

import json
import os
import re
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.helpers import run_suite

pytestmark = pytest.mark.slow

GOLDEN = Path(__file__).parent / "golden"
SEED = "--hypothesis-seed=20261205"
KNOWN = '[[known]]\npointer = "/data/*/communicationType"\nreason = "lower-case types; API-125"\nuntil = 2099-01-31\n'
SCENARIOS = {
    "correct": {},
    "one-finding": {"CAPILLARY_SANDBOX_FAULT": "lower-case-enum"},
    "known-finding": {"CAPILLARY_SANDBOX_FAULT": "lower-case-enum", "CAPILLARY_KNOWN_FINDINGS": KNOWN},
    "stops-answering": {"CAPILLARY_SANDBOX_FAULT": "resets-midway"},
}


# Headers whose values differ between two runs of one seed: the clock's date, the client's version, and the id
# Schemathesis gives each case (drawn apart from the seed by some versions of Hypothesis); whether a request
# carries the sandbox's cookie depends on which connection its thread took.
VOLATILE_HEADERS = ("date", "user-agent", "x-schemathesis-testcaseid")
TIMING_HEADERS = ("cookie",)


def _normal(text: str) -> str:
    """What differs between two runs of one seed: the sandbox's port and clock, where the suite is installed,
    and the order in which Schemathesis lists the failures it groups."""
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    # A connection reset mid-answer reaches httpx as either error, by a race of the sandbox's own: one cause.
    text = re.sub(r"(ReadError|RemoteProtocolError): [^\"\n]*", "CONNECTION CLOSED MID-ANSWER", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?", "TIMESTAMP", text)
    return re.sub(r"\S*capillary_conformance/suite/", "SUITE/", text)


def _grouped(message: str) -> str:
    """Schemathesis lists the failures it groups in an order of its own: their count is kept."""
    return re.sub(r"(Schemathesis found \d+ distinct failures?)[\s\S]*", r"\1 ...", message)


def _results(reports: Path) -> str:
    written = json.loads((reports / "results.json").read_text())
    for result in written["results"]:
        result["reason"] = _grouped(result["reason"])
        for step in result.get("exchanges", []):
            for headers in (step["request_headers"], step["response_headers"]):
                for name in [name for name in headers if name.lower() in TIMING_HEADERS]:
                    del headers[name]
                headers.update({name: name.upper() for name in headers if name.lower() in VOLATILE_HEADERS})
    written["written_keys"] = "(drawn)"
    return _normal(json.dumps(written, indent=1)) + "\n"


def _junit(reports: Path) -> str:
    """Each case's outcome, message and properties, and the counts: what a CI reads (times, tracebacks and
    Hypothesis' statistics left out)."""
    root = ET.parse(reports / "junit.xml").getroot()
    lines = []
    for suite in root.iter("testsuite"):
        lines.append(" ".join(f"{k}={suite.get(k)}" for k in ("tests", "failures", "errors", "skipped")))
        for case in suite.iter("testcase"):
            lines.append(f"{case.get('classname')}::{case.get('name')}")
            for child in case:
                if child.tag == "properties":
                    lines += [f"  property {p.get('name')}: {p.get('value')}" for p in child]
                elif child.tag in ("failure", "error", "skipped"):
                    message = _grouped(child.get("message", "")).splitlines()[:1]  # the verdict, not the trace
                    lines.append(f"  {child.tag} {child.get('type', '')}: {''.join(message)}")
    return _normal("\n".join(lines)) + "\n"


def _terminal(output: str) -> str:
    """The suite's summary section and pytest's last lines (its counts), without the time taken."""
    section = output[output.index("= capillary conformance =") :]
    section = re.sub(
        r"wrote \d+ distinct key\(s\) on target (\d+)(: .*)?$",
        r"wrote (drawn) key(s) on target \1",
        section,
        flags=re.M,
    )
    section = re.sub(r" in [\d.]+s( \([\d:]+\))?( =+)?$", "", section.rstrip(), flags=re.MULTILINE)
    return _normal(section) + "\n"


GENERATORS = GOLDEN / "generators.json"  # the versions of what drew the goldens' examples from their seed


def generators() -> dict[str, str]:
    return {name: version(name) for name in ("hypothesis", "schemathesis")}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_what_a_run_writes_is_what_it_wrote_before(tmp_path, scenario):
    recording = bool(os.environ.get("RECORD_GOLDEN"))
    drawn_by = json.loads(GENERATORS.read_text()) if GENERATORS.is_file() else None
    if not recording and drawn_by != generators():
        pytest.skip(
            f"the goldens were drawn by {drawn_by}, this environment has {generators()}: a seed draws other "
            "examples under other versions (RECORD_GOLDEN=1 records goldens for these)"
        )
    env = dict(SCENARIOS[scenario])
    if "CAPILLARY_KNOWN_FINDINGS" in env:
        (tmp_path / "known.toml").write_text(env["CAPILLARY_KNOWN_FINDINGS"])
        env["CAPILLARY_KNOWN_FINDINGS"] = str(tmp_path / "known.toml")
    result = run_suite(tmp_path, "--capillary-profile=selftest", SEED, **env)
    written = {
        "results.json": _results(tmp_path),
        "junit.txt": _junit(tmp_path),
        "terminal.txt": _terminal(result.stdout),
    }
    folder = GOLDEN / scenario
    if recording:
        GENERATORS.write_text(json.dumps(generators(), indent=1) + "\n")
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in written.items():
            (folder / name).write_text(text)
    for name, text in written.items():
        assert text == (folder / name).read_text(), f"{scenario}: {name} differs from its golden"
