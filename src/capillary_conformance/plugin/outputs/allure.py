"""What the Allure report shows for each case, and for the run as a whole.

Each case's labels, description and attachments go through allure-pytest's own API, from ``AllureCases``: a plugin
object in every process that runs tests (allure-pytest writes each process's cases), registered only when Allure
results are asked for (``--alluredir``). The run's own files (its summary, an unjudged run's case) are written here
for the report panel and the verdict files of a run that stopped early.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any

import allure
import pytest
from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import Label, Status, StatusDetails, TestResult

from capillary_conformance.checks import CHECKS
from capillary_conformance.checks.registry import get
from capillary_conformance.core.exit_status import COULD_NOT_JUDGE
from capillary_conformance.core.record import CAUSES, Finding, promise_line
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import Credentials
from capillary_conformance.plugin.outputs.render import SHOWN_STEPS, render
from capillary_conformance.plugin.target.exchanges import Step

# Allure files a failure under the first category that matches: one per finding (a failed case's message opens
# with its promise line, ``promise_line``), then whatever is left. Allure 3 searches each message with a JavaScript
# RegExp (flag "s"): no inline flags such as Java's "(?s)", and no need to match it whole.
OTHER_CATEGORIES = [
    {
        "name": "Contract violations (other)",
        "description": "The host broke a documented promise.",
        "matchedStatuses": ["failed"],
    },
    *(
        {
            "name": f"Could not judge: {words}",
            "description": "Not a verdict on the contract: the host did not answer usably.",
            "matchedStatuses": ["broken"],
            "messageRegex": "|".join(re.escape(marker) for marker, said in CAUSES if said == words),
        }
        for words in dict.fromkeys(words for _, words in CAUSES)
    ),
    {
        "name": "Could not judge (host unreachable, slow or rate-limiting)",
        "description": "Not a verdict on the contract: the host did not answer usably.",
        "matchedStatuses": ["broken"],
        "messageRegex": "HostUnavailable|could not judge",
    },
    {"name": "Suite errors", "matchedStatuses": ["broken"]},
]


def finding_category(finding: Finding) -> dict[str, object]:
    """One category per broken promise, named by it, holding every case that broke it (whichever check judged it)."""
    promises = "; ".join(get(check).promise for check in finding.checks if check in CHECKS)
    return {
        "name": f"Broken promise at {finding.key}",
        "description": f"{finding.describe()}. The promise: {promises}." if promises else finding.describe(),
        "matchedStatuses": ["failed"],
        "messageRegex": re.escape(f"broken promise at {finding.key} ("),
    }


def categories(findings: Iterable[Finding]) -> list[dict[str, object]]:
    return [*(finding_category(finding) for finding in findings), *OTHER_CATEGORIES]


def attach_exchanges(
    steps: Sequence[Step],
    redactor: Redactor,
    credentials: Credentials,
    preamble: str = "",
    shown: int | None = None,
) -> None:
    """The steps of one execution, each named by what it did and numbered as it was sent: the last ``shown`` of
    them as request, response and curl; a sequence also as one replay of all its steps in order. A step not
    sent by this execution (an earlier answer shown as evidence) has no replay."""
    rendered = [(number, step, render(step.exchange, redactor, credentials)) for number, step in enumerate(steps, 1)]
    for number, step, each in rendered[-shown if shown else 0 :]:
        allure.attach(each.request, f"{number}. {step.label}: request", allure.attachment_type.TEXT)
        allure.attach(each.response, f"{number}. {step.label}: response", allure.attachment_type.TEXT)
        if step.sent:
            name = f"{number}. {step.label}: replay (curl)"
            allure.attach(preamble + each.replay, name, allure.attachment_type.TEXT)
    replayed = [(number, step, each) for number, step, each in rendered if step.sent]
    if len(replayed) > 1:  # a sequence (a repeat, an update, a batch after another): one replay of its steps in order
        lines = [preamble.rstrip("\n")] if preamble else []
        for number, step, each in replayed:
            lines += [f"# step {number}: {step.label} (answered HTTP {step.exchange.status})", each.replay]
        allure.attach(
            "\n".join(lines) + "\n", f"replay: the {len(replayed)} steps in order (curl)", allure.attachment_type.TEXT
        )


# The exception a failed case's page opens with: "Finding: broken promise at /data/*/channelId (echo): ...", not
# the suite's exception class with Hypothesis' example of the suite's objects (those stay in the folded trace).
BrokenPromise = type("Finding", (AssertionError,), {"__module__": "builtins", "__qualname__": "Finding"})


class AllureCases:
    def __init__(self) -> None:
        self.attached = pytest.StashKey[tuple[int, ...]]()  # the exchanges an item's case already shows

    def pytest_capillary_case_judged(
        self, item: pytest.Item, run: Any, check: str, verdict: Any, reproduce: str, preamble: str
    ) -> None:
        label_case(check, run.settings.region, run.base_url, item.name)
        if verdict is None:  # a deep case filed beside its failed first pass
            return
        placement = verdict.placement
        shown_parameters(getattr(getattr(item, "callspec", None), "params", {}))
        place_case(placement.kind if placement else "", verdict.flaky, bool(verdict.known))
        describe_outcome(
            verdict.check, verdict.reason, reproduce, str(placement) if placement else "", verdict.flaky,
            verdict.request_id,
        )  # fmt: skip
        # Schemathesis reports an operation's failure once more for its test: one case, each exchange shown once.
        attached = tuple(id(step.exchange) for step in verdict.evidence)
        if attached != item.stash.get(self.attached, ()):
            attach_exchanges(verdict.evidence, run.redactor, run.settings.credentials, preamble, SHOWN_STEPS)
            item.stash[self.attached] = attached
        if verdict.seen["drift"]:
            attach_drift(sorted(verdict.seen["drift"].items()))
        if verdict.seen["notes"]:
            attach_notes(sorted(verdict.seen["notes"].items()))
        if verdict.violated:
            label_finding(verdict.key)


def register(config: pytest.Config) -> None:
    """In each process that runs tests, when Allure results are asked for."""
    if getattr(config.option, "allure_report_dir", None):
        config.pluginmanager.register(AllureCases(), "capillary-allure-cases")


def broken_promise(key: str, check: str, reason: str, request_id: str) -> BaseException:
    return BrokenPromise(promise_line(key, check, reason, request_id))


def shown_parameters(params: dict[str, object]) -> None:
    """The test's parameters as words (a check by its name, the pass by what it is), not the suite's objects;
    Allure's history id still reads their original values."""
    for name, value in params.items():
        shown = getattr(value, "name", value)
        allure.dynamic.parameter(name, f"{shown} pass" if name == "_pass" else shown)


def label_case(check: str, region: str, host: str, test_name: str) -> None:
    words = test_name.removeprefix("test_").split("[")[0].replace("_", " ")
    allure.dynamic.title(f"{check}: {words}")
    allure.dynamic.parent_suite(f"{region} ({host})")
    allure.dynamic.suite(check)
    allure.dynamic.epic(region)
    allure.dynamic.feature(check)
    allure.dynamic.label("check", check)
    allure.dynamic.label("region", region)
    # A parameter is part of Allure's history id: one region's history never mixes with another's.
    allure.dynamic.parameter("region", region)


def label_finding(key: str) -> None:
    """The finding a failed case belongs to: what the run's end reads back to file the cases of a known
    finding as skipped."""
    allure.dynamic.label("finding", key)


def place_case(kind: str, flaky: bool, known: bool = False) -> None:
    """The case against the history (new, recurring, fixed), whether it is flaky, and whether a known finding
    accepts it, as tags to filter by."""
    for tag, wanted in ((kind, bool(kind)), ("flaky", flaky), ("known", known)):
        if wanted:
            allure.dynamic.tag(tag)


def attach_drift(drift: Iterable[tuple[str, int]]) -> None:
    text = "Undocumented fields the host answered with (allowed, reported as drift):\n" + "".join(
        f"  {path}  seen {count}x\n" for path, count in drift
    )
    allure.attach(text, "contract drift", allure.attachment_type.TEXT)


def attach_notes(notes: Iterable[tuple[str, int]]) -> None:
    text = "HTTP notes and the host's warnings (no promise broken, worth a look):\n" + "".join(
        f"  {note}  ({n}x)\n" for note, n in notes
    )
    allure.attach(text, "HTTP notes and warnings", allure.attachment_type.TEXT)


def describe_outcome(
    check: str, reason: str, reproduce: str, placement: str = "", flaky: bool = False, request_id: str = ""
) -> None:
    """The case page's description: the broken promise, the failing answer, since when, and the rerun command
    (as HTML too: Allure 3's allure2 page shows only that)."""
    parts = [("The " + check + " check failed", reason)] if reason else []
    parts += [("Failing answer", f"`{request_id}` (the id the host's logs know it by)")] if request_id else []
    parts += [("History", placement)] if placement else []
    if flaky:
        parts.append(("Flaky", "it did not fail again when replayed once; an intermittent fault is still a fault"))
    text = "".join(f"**{title}:** {words}\n\n" for title, words in parts)
    allure.dynamic.description(f"{text}Reproduce: `{reproduce}`")
    shown = "".join(f"<p><b>{escape(title)}:</b> {_as_html(words)}</p>" for title, words in parts)
    allure.dynamic.description_html(f"{shown}<p><b>Rerun:</b></p><pre>{escape(reproduce)}</pre>")


def _as_html(words: str) -> str:
    """Escaped, with `code` as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(words))


def property_line(key: str, value: str) -> str:
    """One line of a properties file: a key's spaces escaped, and a value that stays on its line (a host's
    message or a reason may hold a line break or a backslash)."""
    escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    return f"{key.replace(' ', chr(92) + ' ')}={escaped}"


def write_run_summary(results_dir: Path, environment: dict[str, str], findings: Iterable[Finding] = ()) -> None:
    """The environment panel and failure categories (one per finding); the directory is allure-pytest's
    --alluredir."""
    results_dir.mkdir(parents=True, exist_ok=True)
    lines = [property_line(key, value) for key, value in environment.items()]
    (results_dir / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (results_dir / "categories.json").write_text(json.dumps(categories(findings), indent=2), encoding="utf-8")


def write_unjudged_case(results_dir: Path, region: str, host: str, message: str, description: str) -> None:
    """A case for a run (or a nightly's region) that could not judge its host at all: the report shows it."""
    now = int(time.time() * 1000)
    case = TestResult(
        uuid=str(uuid.uuid4()),
        name=f"{region}: could not judge {host}",
        fullName=f"capillary.{region}.could_not_judge",
        historyId=f"capillary-{region}-could-not-judge",
        status=Status.BROKEN,
        statusDetails=StatusDetails(message=message),
        description=description,
        start=now,
        stop=now,
        labels=[
            Label("parentSuite", f"{region} ({host})"),
            Label("suite", COULD_NOT_JUDGE),
            Label("epic", region),
            Label("region", region),
            Label("check", COULD_NOT_JUDGE),
        ],
    )
    results_dir.mkdir(parents=True, exist_ok=True)
    AllureFileLogger(str(results_dir)).report_result(case)
