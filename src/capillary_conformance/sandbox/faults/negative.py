"""Faults the negative check must catch (``checks/negative.py``), one promise broken by each."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar

from starlette.responses import Response

from capillary_conformance.contracts import ContractViolation
from capillary_conformance.sandbox.faults.base import (
    ENVIRONMENT,
    Broken,
    Json,
    null_text,
    register,
    texts,
    unknown_field,
)


class AppliesAnswerField(Broken):
    """A host that takes a field of the answer from the request and applies it (OWASP API3:2023)."""

    FIELD: ClassVar[str] = ""

    def __init__(self) -> None:
        self.sent: dict[tuple[Any, Any], Any] = {}

    def read(self, body: Any) -> Any:
        for item in body if isinstance(body, list) else []:
            if isinstance(item, dict) and self.FIELD in item:
                self.sent[(item.get("communicationType"), item.get("channelId"))] = item[self.FIELD]
        return body

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if not (unknown_field(v) and f'"{self.FIELD}"' in v.message)]

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        key = (item["communicationType"], item["channelId"])
        return {**item, self.FIELD: self.sent.pop(key)} if key in self.sent else item


@register
class ServerErrorOnUndeclaredMethod(Broken):
    name, breaks, description = (
        "undeclared-method-500",
        "negative",
        "another method (TRACE, PUT...) is answered 500",
    )

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response("Internal Server Error", 500, media_type="text/plain")


@register
class OkToUndeclaredMethod(Broken):
    name, breaks, description = "undeclared-method-200", "negative", "another method is answered 200"

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response(json.dumps({"data": [], "errors": None, "warnings": None}), 200, media_type="application/json")


@register
class AcceptsBareObject(Broken):
    name, breaks, description = "accepts-bare-object", "negative", "one item sent as a bare object is upserted"

    def read(self, body: Any) -> Any:
        return [body] if isinstance(body, dict) else body


@register
class CoercesNumericStrings(Broken):
    name, breaks = "coerces-numeric-strings", "negative"
    description = 'channelId and offsetDays sent as numeric strings ("1") are taken as integers'

    def read(self, body: Any) -> Any:
        if not isinstance(body, list):
            return body
        return [
            {k: int(v) if k in ("channelId", "offsetDays") and isinstance(v, str) and v.isdigit() else v
             for k, v in item.items()} if isinstance(item, dict) else item
            for item in body
        ]  # fmt: skip


@register
class ServerErrorOnNullText(Broken):
    name, breaks, description = "500-on-null", "negative", "null for a text field is answered 500"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return any(null_text(v) for v in found)


@register
class ServerErrorOnUnknownChannel(Broken):
    name, breaks = "500-on-unknown-channel", "negative"
    description = "environment mode: a channelId the org does not know is answered 500, not 400"
    suite_env: ClassVar[dict[str, str]] = ENVIRONMENT

    def crash_on_unknown_channel(self) -> bool:
        return True


@register
class AcceptsAnyEnum(Broken):
    name, breaks, description = "accepts-any-enum", "negative", "stores any communicationType instead of a 400"

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if not v.path.endswith("communicationType") and "START" not in v.message]


@register
class CrashOnWrongType(Broken):
    name, breaks, description = "500-on-wrong-type", "negative", "a 500 where a field has the wrong JSON type"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return any("is not of type" in v.message for v in found)


@register
class PlainTextErrors(Broken):
    name, breaks, description = "plain-text-errors", "negative", "400 answered as plain text, no error envelope"

    def error(self, status: int, envelope: Json) -> tuple[int, str, str]:
        if status == 400:
            return status, "Bad Request", "text/plain"
        return super().error(status, envelope)


@register
class AcceptsInvalidAfterFirst(Broken):
    name, breaks = "accepts-invalid-after-first", "negative"
    description = "validates a body's first item only: an invalid item after it is taken"

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if v.path == "$" or v.path.startswith("$[0]")]


@register
class ServerErrorOnMissingSender(Broken):
    name, breaks = "500-on-missing-sender", "negative"
    description = "an item without sender (one field missing alone) is answered 500"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return isinstance(body, list) and any(isinstance(item, dict) and item and "sender" not in item for item in body)


@register
class ServerErrorOnEmptyItemInBatch(Broken):
    name, breaks = "500-on-empty-item-in-batch", "negative"
    description = "an empty object beside a valid item is answered 500"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return isinstance(body, list) and len(body) > 1 and {} in body


@register
class AppliesTargetFromRequest(AppliesAnswerField):
    name, breaks, FIELD = "applies-target-from-request", "negative", "targetId"
    description = "a targetId sent in an item is taken: the row is answered under that target"


@register
class AppliesIdFromRequest(AppliesAnswerField):
    name, breaks, FIELD = "applies-id-from-request", "negative", "id"
    description = "an id sent in an item is taken: the row is answered with another key's id"


@register
class ServerErrorOnNul(Broken):
    name, breaks = "500-on-nul", "negative"
    description = "text holding U+0000 is answered 500 (the database refuses it; nobody handles the error)"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return any("\x00" in text for text in texts(body))
