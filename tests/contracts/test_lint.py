"""Independent linters read the contract, copied to another folder, with no error and no warning."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.contracts.conftest import ROOT

DOCUMENTS = ("openapi.yaml", "openapi.bundled.yaml")


def _run(*command: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_redocly_recommended(node_tools, copied_contracts, document):
    found = _run(str(node_tools / "redocly"), "lint", "--config", str(ROOT / "redocly.yaml"), "--format", "json",
                 document, cwd=copied_contracts)  # fmt: skip
    assert found.returncode == 0, found.stdout + found.stderr
    report = json.loads(found.stdout)
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, report["problems"]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_spectral_oas(node_tools, copied_contracts, document):
    found = _run(str(node_tools / "spectral"), "lint", "--ruleset", str(ROOT / ".spectral.yaml"),
                 "--fail-severity", "warn", document, cwd=copied_contracts)  # fmt: skip
    assert found.returncode == 0, found.stdout + found.stderr


@pytest.mark.parametrize("document", DOCUMENTS)
def test_openapi_spec_validator(copied_contracts, document):
    found = _run(sys.executable, "-m", "openapi_spec_validator", document, cwd=copied_contracts)
    assert found.returncode == 0, found.stdout + found.stderr


def test_inline_examples_and_bundle_are_in_sync_with_their_sources(node_tools):
    found = _run(sys.executable, "tools/sync_contract.py", "--check", cwd=ROOT)
    assert found.returncode == 0, found.stderr


def test_a_stale_bundle_is_one_line_naming_it(node_tools, tmp_path):
    tree = tmp_path / "tree"
    for part in ("contracts", "tools"):
        shutil.copytree(ROOT / part, tree / part)
    (tree / "node_modules").symlink_to(ROOT / "node_modules")
    bundle = tree / "contracts" / "openapi.bundled.yaml"
    bundle.write_text(bundle.read_text().replace("Upsert target communication", "Upsert", 1))
    found = _run(sys.executable, "tools/sync_contract.py", "--check", cwd=tree)
    assert found.returncode == 1
    assert found.stderr.strip() == "out of date: contracts/openapi.bundled.yaml (run `python tools/sync_contract.py`)"


def test_each_linter_flags_a_broken_copy(node_tools, copied_contracts):
    openapi = copied_contracts / "openapi.yaml"
    text = openapi.read_text()
    openapi.write_text(text.replace("- id: 12", '- id: "12"', 1))  # an inline answer the schema refuses
    redocly = _run(str(node_tools / "redocly"), "lint", "--config", str(ROOT / "redocly.yaml"), "openapi.yaml",
                   cwd=copied_contracts)  # fmt: skip
    spectral = _run(str(node_tools / "spectral"), "lint", "--ruleset", str(ROOT / ".spectral.yaml"), "openapi.yaml",
                    cwd=copied_contracts)  # fmt: skip
    openapi.write_text(text.replace("openapi: 3.1.0", "openapi: 3.1.0\nwebhooks: 1", 1))
    validator = _run(sys.executable, "-m", "openapi_spec_validator", "openapi.yaml", cwd=copied_contracts)
    assert [bool(tool.returncode) for tool in (redocly, spectral, validator)] == [True, True, True]
