"""A capture of the API's documentation page, read into what it says: the method and path, whether it says the
API is deprecated, the body and answer tables (each field with the docs' own wording), and the example request
and answer. Two forms are read, as the seeds show them: the page's Markdown source (front matter, pipe tables,
fenced examples) and the rendered page's text (tables as pipes, the examples as plain text).

Rendering artefacts are undone here and named, never reported as changes: a path whose ids the renderer dropped
(``/v3/targetGroups/targets//communications/upsert``), and e-mail addresses the page hid as
``[email protected]``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HIDDEN_EMAIL = "[email protected]"
STANDIN_EMAIL = "hidden@example.com"  # what a hidden address is read as: any e-mail address would do
BANNER = "being phased out"  # the rendered page's deprecation banner ("This API is being phased out ...")
_DATA_RAW = re.compile(r"--data(?:-raw)?\s+'(.*?)'", re.S)
_URL_PATH = re.compile(r"https://\{?[A-Za-z0-9.{}-]+\}?(/v\d+/[^\s'`\"]*)")


class UnreadablePage(ValueError):
    """A capture that is neither form: said in one line."""


@dataclass
class DocsPage:
    source: str  # the file or URL it was read from
    form: str  # "markdown" or "rendered"
    method: str | None = None
    paths: list[str] = field(default_factory=list)  # every API path the page shows (templates and examples)
    deprecated: bool | None = None
    deprecation_said: str = ""  # how the page said it ("front matter deprecated: false", "a banner: ...")
    banner: str = ""  # the deprecation banner's words, if the page shows one
    operation_id: str | None = None
    body: dict[str, str] = field(default_factory=dict)  # field: the docs' description
    answer: dict[str, str] = field(default_factory=dict)  # data[].attribution.createdOn: the docs' description
    request_examples: list[Any] = field(default_factory=list)
    answer_examples: list[Any] = field(default_factory=list)
    artefacts: list[str] = field(default_factory=list)  # rendering artefacts recognised, in words


def read_page(path: Path) -> DocsPage:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadablePage(f"cannot read the docs page {path}: {getattr(error, 'strerror', None) or error}") from None
    return parse_page(text, str(path))


def parse_page(text: str, source: str) -> DocsPage:
    if text.startswith("---\n"):
        page = _markdown(text, source)
    elif "Body parameters" in text and "|" in text:
        page = _rendered(text, source)
    else:
        raise UnreadablePage(
            f"{source} is not a capture of the docs page (no front matter, no 'Body parameters' table)"
        )
    if HIDDEN_EMAIL in text:
        page.artefacts.append(f"e-mail addresses the page hid as {HIDDEN_EMAIL!r}, read as an address")
    return page


def _markdown(text: str, source: str) -> DocsPage:
    _, front, body = text.split("---\n", 2)
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as error:
        raise UnreadablePage(f"{source}: its front matter is not YAML ({error.__class__.__name__})") from None
    page = DocsPage(source, "markdown")
    if "deprecated" in meta:
        page.deprecated = bool(meta["deprecated"])
        page.deprecation_said = f"front matter deprecated: {str(meta['deprecated']).lower()}"
    page.operation_id = (meta.get("api") or {}).get("operationId")
    _banner(page, body)
    _common(page, body)
    page.body = _table(_section(body, "# Body parameters"))
    page.answer = _table(_section(body, "# Response parameters"))
    for block in re.findall(r"```json[^\n]*\n(.*?)```", body, re.S):
        page.answer_examples.append(_json(block, source))
    return page


def _rendered(text: str, source: str) -> DocsPage:
    page = DocsPage(source, "rendered")
    first = text.splitlines()[0].split()
    if first and first[0].lower() in ("get", "post", "put", "patch", "delete"):
        page.method = first[0].upper()
        if "deprecated" in first[1:]:
            page.deprecated, page.deprecation_said = True, "marked deprecated beside its method"
    _banner(page, text)
    if page.deprecated is None:  # the rendered page marks a deprecated API beside its method and in a banner
        page.deprecated, page.deprecation_said = False, "no mark beside its method, no banner"
    _common(page, text)
    page.body = _table(_section(text, "Body parameters"))
    page.answer = _table(_section(text, "Response parameters"))
    if "Example response" in text:
        after = text[text.index("Example response") :]
        page.answer_examples.append(_json(after[after.index("{") :], source))
    return page


def _banner(page: DocsPage, text: str) -> None:
    banner = next((line.strip() for line in text.splitlines() if BANNER in line), "")
    if banner:
        page.deprecated, page.banner = True, banner
        page.deprecation_said = (page.deprecation_said + "; " if page.deprecation_said else "") + f"a banner: {banner}"


def _common(page: DocsPage, text: str) -> None:
    """The curl example (its method, its body), and every API path the page shows."""
    if "curl " in text:
        explicit = re.search(r"(?:--request|-X)\s+([A-Z]+)", text)
        page.method = page.method or (explicit.group(1) if explicit else "POST" if _DATA_RAW.search(text) else "GET")
    for raw in _DATA_RAW.findall(text):
        page.request_examples.append(_json(raw, page.source))
    page.paths = list(dict.fromkeys(_URL_PATH.findall(text)))


def _section(text: str, heading: str) -> list[str]:
    """The pipe-table lines right after ``heading`` (on the rendered page it may close the line before it: the
    example's last brace and the heading share one line)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().endswith(heading)), None)
    if start is None:
        return []
    table = []
    for line in lines[start + 1 :]:
        if line.strip().startswith("|"):
            table.append(line)
        elif table:
            break
    return table


def _table(lines: list[str]) -> dict[str, str]:
    """A two-column pipe table: each parameter (Markdown's escapes undone) with its description."""
    rows = {}
    for line in lines[2:]:  # the header and its rule
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0]:
            rows[cells[0].replace("\\[", "[")] = " ".join(cells[1:]).strip() if len(cells) > 1 else ""
    return rows


def _json(text: str, source: str) -> Any:
    """A JSON example, its hidden e-mail addresses read as a stand-in (the page hid them, the service did not)."""
    try:
        value, _ = json.JSONDecoder().raw_decode(text.strip().replace(HIDDEN_EMAIL, STANDIN_EMAIL))
    except json.JSONDecodeError as error:
        raise UnreadablePage(f"{source}: an example is not JSON ({error.msg} at line {error.lineno})") from None
    return value
