"""The README is a tour; the docs site holds the rest, its reference pages generated from the code. Held here by
comparison: where today's README sections went, the README's size and its exit statuses, the reference pages
against the settings model, the registry, the catalogue and the record model, and the site's navigation."""

import importlib.util
import re
from pathlib import Path

import yaml

from capillary_conformance.checks import all_checks
from capillary_conformance.core.exit_status import MEANINGS
from capillary_conformance.core.settings import declared, env_name
from capillary_conformance.sandbox.faults import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Every heading of the README before it became a tour, and the page that now holds what it said.
MOVED = {
    "In an SDK's CI: install the package, no checkout": "how-to/sdk-ci.md",
    "What it checks": "explanation/checks.md",
    "Pointing it at a real host": "tutorials/real-region.md",
    "A planned run": "explanation/plan-and-budget.md",
    "Real regions: the environment's data, and a target left safe": "how-to/real-regions.md",
    "Reports": "explanation/reports.md",
    "Findings: one per broken promise, and known ones": "explanation/findings.md",
    "History: new, recurring, fixed, flaky": "explanation/history-and-flaky.md",
    "CI gate": "how-to/sdk-ci.md",
    "Nightly across regions": "how-to/nightly.md",
    "The embedded sandbox": "explanation/sandbox.md",
    "The contract": "how-to/contract-tools.md",
    "Benchmarks": "explanation/benchmarks.md",
    "The project's own tests": "contributing/tests.md",
    "Layout": "contributing/layout.md",
}


def _generator():
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _outside_code(text: str) -> list[str]:
    kept, code = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            code = not code
        elif not code:
            kept.append(line)
    return kept


def _headings(text: str) -> list[str]:
    return [line.lstrip("#").strip() for line in _outside_code(text) if line.startswith("#")]


def test_every_heading_of_the_old_readme_has_a_page_that_holds_it():
    for heading, page in MOVED.items():
        assert heading in _headings((DOCS / page).read_text(encoding="utf-8")), f"{heading!r} is not in {page}"


def test_the_readme_is_a_tour():
    words = len(re.findall(r"\S+", README))
    assert words <= 1600, f"the README has {words} words"
    long = [line for line in _outside_code(README) if len(line) > 120]
    assert not long, long


def test_the_readme_opens_with_the_two_commands_ci_runs():
    first_block = README.split("```", 2)[1].splitlines()[1:]
    assert first_block == [
        "python -m pip install -e . && capillary-conformance run",
        "python -m pip install -e '.[test]' && python -m pytest -n auto",
    ]


def test_the_readmes_exit_statuses_are_the_codes():
    rows = re.findall(r"^\| (\d) \| (.+) \|$", README, re.MULTILINE)
    assert {int(code): meaning for code, meaning in rows} == {int(s): m for s, m in MEANINGS.items()}


def test_the_readmes_links_to_pages_resolve():
    for target in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / target).is_file(), target


def test_the_reference_pages_are_generated_from_the_code():
    pages = {path: page() for path, page in _generator().PAGES.items()}
    assert all(f"`{env_name(name)}`" in pages["reference/settings.md"] for name in declared())
    checks = re.findall(r"^\| `([a-z-]+)` \|", pages["reference/checks.md"], re.MULTILINE)
    assert checks == [check.name for check in all_checks()]
    faults = re.findall(r"^\| `([^`]+)` \|", pages["reference/faults.md"], re.MULTILINE)
    assert faults == [name for name in CATALOGUE if name != "none"]
    statuses = re.findall(r"^\| (\d) \|", pages["reference/exit-statuses.md"], re.MULTILINE)
    assert [int(code) for code in statuses] == [int(status) for status in MEANINGS]
    assert '"exitstatus"' in pages["reference/results-schema.md"]


def test_every_page_is_in_the_sites_navigation_and_every_entry_is_a_page():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def entries(nav):
        for item in nav:
            for value in item.values():
                yield from entries(value) if isinstance(value, list) else [value]

    listed = set(entries(config["nav"]))
    written = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")}
    generated = set(_generator().PAGES)
    assert listed == written | generated
