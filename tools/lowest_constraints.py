"""The lowest versions the declared ranges allow, as a pip constraints file: each of pyproject.toml's
requirements (the test extra's too) pinned to its floor. `.ci/run`'s lowest-versions lane installs with it, so
a floor the code outgrew fails there; tests/test_lowest_constraints.py holds the file to pyproject.

    python tools/lowest_constraints.py          # rewrite .ci/lowest-constraints.txt
    python tools/lowest_constraints.py --check  # exit 1 if it differs from pyproject's floors
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / ".ci" / "lowest-constraints.txt"


def floors(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project.get("optional-dependencies", {}).get("test", [])]
    pinned = []
    for line in declared:
        requirement = Requirement(line)
        lowest = [spec.version for spec in requirement.specifier if spec.operator in (">=", "==", "~=")]
        if lowest:
            pinned.append(f"{requirement.name}=={lowest[0]}")
    return sorted(pinned, key=str.lower)


def text() -> str:
    return (
        "# Written by tools/lowest_constraints.py from pyproject.toml's floors: do not edit.\n"
        + "\n".join(floors())
        + "\n"
    )


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(0 if CONSTRAINTS.read_text(encoding="utf-8") == text() else 1)
    CONSTRAINTS.write_text(text(), encoding="utf-8")
