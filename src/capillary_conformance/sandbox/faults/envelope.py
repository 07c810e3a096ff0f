"""Faults the envelope check must catch (``checks/envelope.py``), one promise broken by each."""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

from capillary_conformance.contracts import ContractViolation
from capillary_conformance.sandbox.faults.base import ENVIRONMENT, TEXT_FIELDS, Broken, Json, register, texts


@register
class NoErrorsKey(Broken):
    name, breaks, description = "no-errors-key", "envelope", "success envelope without the errors key"

    def envelope(self, envelope: Json) -> Json:
        return {k: v for k, v in envelope.items() if k != "errors"}


@register
class GlitchesOnce(Broken):
    name, breaks, description = "glitches-once", "envelope", "one success answer (the third) has no errors key"

    def __init__(self) -> None:
        self._answers = itertools.count(1)

    def envelope(self, envelope: Json) -> Json:
        return {k: v for k, v in envelope.items() if k != "errors"} if next(self._answers) == 3 else envelope


@register
class DataAsObject(Broken):
    name, breaks, description = "data-as-object", "envelope", "data is the first item, not an array"

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "data": envelope["data"][0]}


@register
class DropsBatchItem(Broken):
    name, breaks, description = "drops-batch-item", "envelope", "a batch answer leaves out its last item"

    def envelope(self, envelope: Json) -> Json:
        data = envelope["data"]
        return {**envelope, "data": data[:-1] if len(data) > 1 else data}


@register
class WarningsAsString(Broken):
    name, breaks = "warnings-as-string", "envelope"
    description = "environment mode: a success's warnings answered as one string, not an array of warnings"
    suite_env: ClassVar[dict[str, str]] = ENVIRONMENT

    def envelope(self, envelope: Json) -> Json:
        warnings = envelope.get("warnings") or [{"message": "This API is deprecated"}]
        return {**envelope, "warnings": "; ".join(str(w["message"]) for w in warnings)}


@register
class ErrorsOnSuccess(Broken):
    name, breaks, description = "errors-on-success", "envelope", "a success (HTTP 200) answers a non-empty errors"

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "errors": [{"code": 5001, "message": "secondary index update failed"}]}


@register
class TextContentType(Broken):
    name, breaks, description = "text-content-type", "envelope", "JSON answered as text/plain"

    def content_type(self) -> str:
        return "text/plain"


@register
class HtmlContentType(Broken):
    name, breaks, description = "html-envelope", "envelope", "the JSON envelope answered as text/html"

    def content_type(self) -> str:
        return "text/html; charset=utf-8"


@register
class CrashOnNonAscii(Broken):
    name, breaks, description = "500-on-non-ascii", "envelope", "a 500 when any text holds a non-ASCII character"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return isinstance(body, list) and any(
            isinstance(item, dict) and any(not str(item.get(f, "")).isascii() for f in TEXT_FIELDS) for item in body
        )


@register
class EnvironmentUndeclared(Broken):
    name, breaks = "environment-undeclared", "envelope"
    description = "environment mode, the suite not told its channels: refusals fail, explained"
    suite_env: ClassVar[dict[str, str]] = {"CAPILLARY_SANDBOX_ENVIRONMENT": "1"}


@register
class ServerErrorOnApostrophe(Broken):
    name, breaks = "500-on-apostrophe", "envelope"
    description = "text holding an apostrophe is answered 500 (SQL built by hand; the naughty strings' quotation marks)"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return not found and any("'" in text for text in texts(body))
