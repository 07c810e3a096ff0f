"""A docs page held against the contract: every difference said in words a person acts on.

What is compared: the path and method, the deprecation state, the body and answer fields each table lists (and
the reverse: a field the contract has and the page does not list), the enum values a description names
("Values: START, FINISH, ..."), each field's description (against the docs' own wording the contract records in
the operation's ``x-docs``, else the schema's description), and each example request and answer (the contract
must accept them, as the service wrote them)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from capillary_conformance.contracts.docs_page import DocsPage
from capillary_conformance.contracts.files import inlined, load_openapi, upsert_path
from capillary_conformance.contracts.validation import SchemaName, violations

_VALUES = re.compile(r"Values:\s*([A-Z0-9_]+(?:\s*,\s*[A-Z0-9_]+)*)")


@dataclass(frozen=True)
class Difference:
    kind: str  # path, method, deprecation, field added, field missing, enum, description, example
    where: str  # the field, or what the difference is about
    words: str  # one line, for a person

    def as_json(self) -> dict[str, str]:
        return asdict(self)


def _operation() -> dict[str, Any]:
    (path_item,) = load_openapi()["paths"].values()
    return path_item["post"]


def docs_wording() -> dict[str, Any]:
    """The operation's ``x-docs``: the docs' own wording of each field where the schema paraphrases it, and the
    answer fields the docs' table does not list (each with why the contract has them)."""
    return _operation().get("x-docs", {})


def _flatten(schema: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Each field of a schema by the docs' path (``data[].attribution.createdOn``), with its description."""
    fields: dict[str, str] = {}
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        fields[path] = " ".join(str(sub.get("description", "")).split())
        if "properties" in sub:
            fields.update(_flatten(sub, path))
        items = sub.get("items")
        if isinstance(items, dict) and "properties" in items:
            fields.update(_flatten(items, f"{path}[]"))
    return fields


def contract_fields() -> tuple[dict[str, str], dict[str, str]]:
    """The body's and the answer's fields, each with the contract's wording of it."""
    wording = docs_wording()
    body = _flatten(inlined(SchemaName.REQUEST_ITEM.value)) | wording.get("body", {})
    answer = _flatten(inlined(SchemaName.RESPONSE.value)) | wording.get("answer", {})
    return body, answer


def _same(a: str, b: str) -> bool:
    """The same wording; a change in the values a description lists is the enum's difference, not this one."""
    return " ".join(_VALUES.sub("Values:", a).split()) == " ".join(_VALUES.sub("Values:", b).split())


def _segments(path: str) -> list[str]:
    """A path's fixed segments: its parameters (``{targetId}``, or an example's ids) and empty segments out."""
    return [part for part in path.split("/") if part and not part.startswith("{") and not part.isdigit()]


def compare(page: DocsPage) -> list[Difference]:
    body, answer = contract_fields()
    return [
        *_path_and_method(page),
        *_deprecation(page),
        *_fields("body", page.body, body),
        *_fields("answer", page.answer, answer),
        *_enums(page),
        *_examples(page),
    ]


def artefacts(page: DocsPage) -> list[str]:
    """What rendering did to the page that is not a change: said beside the verdict, never counted."""
    dropped = [path for path in page.paths if "//" in path and _segments(path) == _segments(upsert_path())]
    return [
        *page.artefacts,
        *(f"the path {path} lost its ids in rendering (read as the contract's)" for path in dropped),
    ]


def _path_and_method(page: DocsPage) -> list[Difference]:
    found = []
    template = upsert_path()
    for path in page.paths:  # a template, an example with ids, or one whose ids rendering dropped: one path
        if _segments(path) != _segments(template):
            found.append(Difference("path", path, f"the page shows the path {path}; the contract's is {template}"))
    if page.method and page.method.lower() not in load_openapi()["paths"][template]:
        found.append(Difference("method", page.method, f"the page's method is {page.method}; the contract's is POST"))
    documented = docs_wording().get("operationId")
    if page.operation_id and page.operation_id != documented:
        recorded = f" (the docs' {documented!r} recorded in x-docs)" if documented else ""
        found.append(
            Difference(
                "operation id",
                page.operation_id,
                f"the page names the operation {page.operation_id!r}; the contract's operationId is "
                f"{_operation()['operationId']!r}{recorded}",
            )
        )
    return found


def _deprecation(page: DocsPage) -> list[Difference]:
    ours = bool(_operation().get("deprecated", False))
    if page.deprecated is None:
        return []
    said = page.deprecation_said
    if page.deprecated != ours:
        theirs = "deprecated" if page.deprecated else "not deprecated"
        no_banner = "" if page.banner or "banner" in said else "; no banner"
        words = f"the page says the API is {theirs} ({said}{no_banner}); the contract says it is "
        return [Difference("deprecation", "deprecated", words + ("deprecated" if ours else "not deprecated"))]
    if ours and not page.banner:
        cited = " ".join(str(_operation().get("x-deprecation", "")).split())
        words = f"the page no longer shows the deprecation banner ({said}); the contract cites it: {cited}"
        return [Difference("deprecation", "banner", words)]
    return []


def _fields(table: str, listed: dict[str, str], ours: dict[str, str]) -> list[Difference]:
    unlisted = docs_wording().get("unlisted", {}) if table == "answer" else {}
    found = []
    for name, description in listed.items():
        where = f"{table} {name}"
        if name not in ours:
            said = description or "no description"
            words = f"the page's {table} table lists {name} ({said}); the contract has no such field"
            found.append(Difference("field added", where, words))
        elif not _same(description, ours[name]):
            words = f"the description of {where} changed: the contract records {ours[name]!r}, the page says "
            found.append(Difference("description", where, words + repr(description)))
    for name in ours:
        if name in listed or any(name == u or name.startswith((u + ".", u + "[]")) for u in unlisted):
            continue
        words = f"the contract has {table} field {name}; the page's {table} table no longer lists it"
        found.append(Difference("field missing", f"{table} {name}", words))
    return found


def _enums(page: DocsPage) -> list[Difference]:
    found = []
    enum = inlined(SchemaName.COMMUNICATION_TYPE.value)["enum"]
    for table, listed in (("body", page.body), ("answer", page.answer)):
        for name, description in listed.items():
            match = _VALUES.search(description)
            if not match or not name.endswith("communicationType"):
                continue
            values = [value.strip() for value in match.group(1).split(",")]
            added, removed = [v for v in values if v not in enum], [v for v in enum if v not in values]
            if not added and not removed:
                continue
            change = "; ".join(
                filter(None, [added and f"added {', '.join(added)}", removed and f"removed {', '.join(removed)}"])
            )
            words = f"the values of {table} field {name} changed ({change}): the page lists {', '.join(values)}; "
            found.append(Difference("enum", f"{table} {name}", words + f"the contract {', '.join(enum)}"))
    return found


def _examples(page: DocsPage) -> list[Difference]:
    found = []
    for kind, examples, schema in (
        ("request", page.request_examples, SchemaName.REQUEST),
        ("answer", page.answer_examples, SchemaName.RESPONSE),
    ):
        for number, example in enumerate(examples, 1):
            refused = violations(example, schema)
            if refused:
                words = f"the contract refuses the page's example {kind} {number}: {refused[0]}"
                found.append(Difference("example", f"example {kind} {number}", words))
    return found
