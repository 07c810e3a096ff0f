"""Writes what is derived from the contract's sources, or (``--check``) says what is out of date.

- The docs' examples (``contracts/examples/``) go into ``openapi.yaml`` as inline ``value``s: Prism and
  other tools ignore ``externalValue``, and a copy in one place cannot drift from the other.
- ``openapi.bundled.yaml``, one self-contained file for SDK generators and tools that want one, is made
  by Redocly's bundler (``npm ci`` installs it from ``package-lock.json``).

Usage: ``python tools/sync_contract.py [--check]``; exit 1 when ``--check`` finds a file out of date.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"
OPENAPI = CONTRACTS / "openapi.yaml"
BUNDLE = CONTRACTS / "openapi.bundled.yaml"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
# The block between these lines is this script's; it keeps the indentation of its first line.
BLOCK = re.compile(
    r"^(?P<indent> *)# examples: written by tools/sync_contract.py from examples/\*\.(?P<kind>request|response)\.json\n"
    r".*?^ *# end of examples\n",
    re.M | re.S,
)
PAGES = {
    "november-2025": "November 2025 page (seeds/000, rendered)",
    "june-2025": "June 2025 page (seeds/001, Markdown)",
}


class _Dumper(yaml.SafeDumper):
    """Quotes text that starts with a digit: a YAML 1.1 reader may take a timestamp for a date."""


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style='"' if text[:1].isdigit() else None
    ),
)


def _examples_block(indent: str, kind: str) -> str:
    examples = {
        stem.replace("-", ""): {
            "summary": summary,
            "value": json.loads((CONTRACTS / "examples" / f"{stem}.{kind}.json").read_text(encoding="utf-8")),
        }
        for stem, summary in PAGES.items()
    }
    dumped = yaml.dump({"examples": examples}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    lines = [f"# examples: written by tools/sync_contract.py from examples/*.{kind}.json", *dumped.splitlines()]
    return "".join(f"{indent}{line}\n" for line in [*lines, "# end of examples"])


def with_examples(text: str) -> str:
    written, blocks = BLOCK.subn(lambda found: _examples_block(found["indent"], found["kind"]), text)
    if blocks != 2:
        sys.exit(f"{OPENAPI.name} must hold the request and the response examples block ({blocks} found)")
    return written


def bundled(source: Path) -> str:
    """Redocly's bundle of ``source`` (the folder it lies in, as it is)."""
    if not REDOCLY.exists():
        sys.exit(f"{REDOCLY.relative_to(ROOT)} is missing: run `npm ci` in {ROOT} first")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "bundle.yaml"
        done = subprocess.run(
            [str(REDOCLY), "bundle", str(source), "--output", str(out)], capture_output=True, text=True, cwd=ROOT
        )
        if done.returncode != 0:
            sys.exit(f"redocly bundle failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
        return out.read_text(encoding="utf-8")


def expected() -> dict[Path, str]:
    """Each derived file's content as the sources make it (the bundle from a copy with the new examples)."""
    openapi = with_examples(OPENAPI.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        copied = Path(folder) / "contracts"
        shutil.copytree(CONTRACTS, copied)
        (copied / OPENAPI.name).write_text(openapi, encoding="utf-8")
        bundle = bundled(copied / OPENAPI.name)
    return {OPENAPI: openapi, BUNDLE: bundle}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    args = parser.parse_args()
    stale = [path for path, text in expected().items() if not path.exists() or path.read_text("utf-8") != text]
    if args.check:
        if stale:
            names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
            sys.exit(f"out of date: {names} (run `python tools/sync_contract.py`)")
        return
    for path, text in expected().items():
        if path in stale:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
