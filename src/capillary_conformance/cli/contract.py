"""``capillary-conformance contract``: the contract held against what moves around it. ``check-docs`` reads captures
of the docs page (a file, or a URL it fetches) and says each difference from the contract in words; the nightly
says the same in one line of its summary when ``CAPILLARY_DOCS_PAGE`` names a capture."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import httpx

from capillary_conformance.contracts import contract_version
from capillary_conformance.contracts.docs_check import Difference, artefacts, compare
from capillary_conformance.contracts.docs_page import DocsPage, UnreadablePage, parse_page, read_page
from capillary_conformance.core.exit_status import ExitStatus

FORMS = {"markdown": "the page's Markdown source", "rendered": "the rendered page"}


def load(source: str, timeout: float = 20.0) -> DocsPage:
    """A capture from a file, or fetched from a URL (the page as a browser would get it)."""
    if source.startswith(("http://", "https://")):
        try:
            answer = httpx.get(source, timeout=timeout, follow_redirects=True)
            answer.raise_for_status()
        except httpx.HTTPError as error:
            raise UnreadablePage(f"cannot fetch the docs page {source}: {error}") from None
        return parse_page(answer.text, source)
    return read_page(Path(source))


def report_lines(page: DocsPage, differences: Sequence[Difference]) -> list[str]:
    verdict = f"{len(differences)} difference(s)" if differences else "agrees"
    lines = [f"docs page {page.source} ({FORMS[page.form]}) against contract {contract_version()}: {verdict}"]
    lines += [f"  {difference.kind}: {difference.words}" for difference in differences]
    lines += [f"  (rendering, not a change: {said})" for said in artefacts(page)]
    return lines


def check_docs(sources: Sequence[str], output: str = "text") -> int:
    """Exit 0 when every page agrees with the contract, 1 when one differs, 4 when one cannot be read."""
    checked = []
    for source in sources:
        try:
            page = load(source)
        except UnreadablePage as error:
            print(f"capillary-conformance: {error}")
            return ExitStatus.BAD_CONFIGURATION
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
