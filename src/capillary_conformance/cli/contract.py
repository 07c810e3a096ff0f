"""``capillary-conformance contract``: the contract held against what moves around it. ``check-docs`` reads captures
of the docs page (a file, or a URL it fetches) and says each difference from the contract in words; the nightly
says the same in one line of its summary when ``CAPILLARY_DOCS_PAGE`` names a capture. ``diff`` compares two
versions of the contract (a folder, a wheel, an installed version, a git revision) and classes each change by
whom it can break."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import httpx

from capillary_conformance.contracts import contract_version
from capillary_conformance.contracts.diff import CLIENTS, HOSTS, NEITHER, Contract, UnreadableContract
from capillary_conformance.contracts.diff import compare as compare_contracts
from capillary_conformance.contracts.docs_check import Difference, artefacts, compare
from capillary_conformance.contracts.docs_page import DocsPage, UnreadablePage, parse_page, read_page
from capillary_conformance.core.exit_status import ExitStatus


class FetchFailed(UnreadablePage):
    """A page that could not be fetched: the docs could not be judged (exit 3), not a difference."""


FORMS = {"markdown": "the page's Markdown source", "rendered": "the rendered page"}


def load(source: str, timeout: float = 20.0) -> DocsPage:
    """A capture from a file, or fetched from a URL (the page as a browser would get it)."""
    if source.startswith(("http://", "https://")):
        try:
            answer = httpx.get(source, timeout=timeout, follow_redirects=True)
            answer.raise_for_status()
        except httpx.HTTPError as error:
            raise FetchFailed(f"cannot fetch the docs page {source}: {error}") from None
        return parse_page(answer.text, source)
    return read_page(Path(source))


def report_lines(page: DocsPage, differences: Sequence[Difference]) -> list[str]:
    verdict = f"{len(differences)} difference(s)" if differences else "agrees"
    lines = [f"docs page {page.source} ({FORMS[page.form]}) against contract {contract_version()}: {verdict}"]
    lines += [f"  {difference.kind}: {difference.words}" for difference in differences]
    lines += [f"  (rendering, not a change: {said})" for said in artefacts(page)]
    return lines


def check_docs(sources: Sequence[str], output: str = "text") -> int:
    """Exit 0 when every page agrees with the contract, 1 when one differs, 3 when a URL cannot be fetched (the
    docs could not be judged), 4 when a file cannot be read."""
    checked = []
    for source in sources:
        try:
            page = load(source)
        except UnreadablePage as error:
            print(f"capillary-conformance: {error}")
            return ExitStatus.COULD_NOT_JUDGE if isinstance(error, FetchFailed) else ExitStatus.BAD_CONFIGURATION
        checked.append((page, compare(page)))
    if output == "json":
        print(json.dumps([{
            "page": page.source, "form": page.form, "contract": contract_version(), "agrees": not differences,
            "differences": [difference.as_json() for difference in differences], "rendering": artefacts(page),
        } for page, differences in checked], indent=2, ensure_ascii=False))  # fmt: skip
    else:
        for page, differences in checked:
            print("\n".join(report_lines(page, differences)))
    return ExitStatus.VIOLATION if any(differences for _, differences in checked) else ExitStatus.CONFORMS


def docs_line(source: str) -> tuple[str, str]:
    """The nightly's one line on the docs: ("agree" | "differ" | "could not judge", words). A capture that cannot
    be read or fetched is could-not-judge for this line, never a violation of the host."""
    try:
        page = load(source)
    except UnreadablePage as error:
        return "could not judge", f"docs: could not judge: {error}"
    differences = compare(page)
    if not differences:
        return "agree", f"docs: the page ({source}) agrees with contract {contract_version()}"
    first = differences[0]
    return "differ", (
        f"docs: the page ({source}) differs from contract {contract_version()} in {len(differences)} way(s), "
        f"first: {first.kind}: {first.words} (`capillary-conformance contract check-docs {source}` lists them)"
    )


def contract_folder(spec: str, scratch: Path) -> Path:
    """A version of the contract as a folder: a folder holding openapi.yaml (or a checkout holding contracts/), a
    wheel of this package, ``installed:PYTHON`` (the version installed where that interpreter runs), or a git
    revision of the repository the command runs in (``git:REV``, or a bare revision)."""
    path = Path(spec)
    if path.is_dir():
        for folder in (path, path / "contracts", path / "capillary_conformance" / "_contracts"):
            if (folder / "openapi.yaml").is_file():
                return folder
        raise UnreadableContract(f"{spec} holds no contract (no openapi.yaml, no contracts/openapi.yaml)")
    if path.suffix == ".whl" and path.is_file():
        return _from_wheel(path, scratch)
    if spec.startswith("installed:"):
        return _installed(spec.removeprefix("installed:"))
    return _from_git(spec.removeprefix("git:"), scratch)


def _from_wheel(wheel: Path, scratch: Path) -> Path:
    prefix = "capillary_conformance/_contracts/"
    try:
        with zipfile.ZipFile(wheel) as archive:
            members = [name for name in archive.namelist() if name.startswith(prefix)]
            if not members:
                raise UnreadableContract(f"{wheel} carries no contract ({prefix} is not in it)")
            archive.extractall(scratch / wheel.stem, members)
    except zipfile.BadZipFile:
        raise UnreadableContract(f"{wheel} is not a wheel (not a zip file)") from None
    return scratch / wheel.stem / prefix


def _installed(python: str) -> Path:
    asked = "from capillary_conformance.contracts import CONTRACT_DIR; print(CONTRACT_DIR)"
    try:
        said = subprocess.run([python, "-c", asked], capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        raise UnreadableContract(f"{python} has no capillary-conformance installed to read the contract of") from None
    return Path(said.stdout.strip())


def _from_git(revision: str, scratch: Path) -> Path:
    try:
        archived = subprocess.run(
            ["git", "archive", "--format=tar", revision, "contracts"], capture_output=True, timeout=60, check=True
        )
    except (OSError, subprocess.SubprocessError):
        raise UnreadableContract(
            f"{revision} is neither a contract folder, a wheel, installed:PYTHON nor a git revision here "
            "that holds contracts/"
        ) from None
    with tarfile.open(fileobj=io.BytesIO(archived.stdout)) as archive:
        archive.extractall(scratch / "git", filter="data")
    return scratch / "git" / "contracts"


FAIL_ON = {"any": (CLIENTS, HOSTS), "clients": (CLIENTS,), "hosts": (HOSTS,)}


def diff(old_spec: str, new_spec: str, output: str = "text", fail_on: str = "any") -> int:
    """Exit 1 on a change breaking for whom ``fail_on`` says, 0 otherwise, 4 for a version it cannot read."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            old = Contract.read(contract_folder(old_spec, Path(scratch) / "old"))
            new = Contract.read(contract_folder(new_spec, Path(scratch) / "new"))
        except UnreadableContract as error:
            print(f"capillary-conformance: {error}")
            return ExitStatus.BAD_CONFIGURATION
        changes = compare_contracts(old, new)
    counted = {kind: sum(change.kind == kind for change in changes) for kind in (CLIENTS, HOSTS, NEITHER)}
    if output == "json":
        versions = {"old": (old_spec, old.version()), "new": (new_spec, new.version())}
        shown = {name: {"source": source, "version": version} for name, (source, version) in versions.items()}
        print(json.dumps(shown | {"counts": counted, "changes": [c.as_json() for c in changes]}, indent=2))
    else:
        tally = ", ".join(f"{count} {kind}" for kind, count in counted.items())
        print(f"contract {old_spec} ({old.version()}) -> {new_spec} ({new.version()}): {len(changes)} change(s)"
              + (f": {tally}" if changes else ""))  # fmt: skip
        for change in sorted(changes, key=lambda c: (CLIENTS, HOSTS, NEITHER).index(c.kind)):
            print(f"  {change.line()}")
    breaking = any(change.kind in FAIL_ON[fail_on] for change in changes)
    return ExitStatus.VIOLATION if breaking else ExitStatus.CONFORMS
