"""Faulty variants of the sandbox: each breaks one documented promise, for one check to catch.

The correct sandbox is the base ``Fault``, which changes nothing; every variant overrides the one hook
where its promise lives, so the sandbox's own code has no fault-specific branches. ``breaks`` names
the check that must catch it; ``suite_env`` is configuration the suite needs to see the fault (a
time zone it must expect). Variants with ``legal = True`` are not faults: the suite must pass them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, ClassVar

from starlette.responses import Response

from capillary_conformance.contracts import ContractViolation, SchemaName
from capillary_conformance.contracts.files import inlined
from capillary_conformance.contracts.formats import format_timestamp, parse_timestamp
from capillary_conformance.core.plugins import load_entry_points
from capillary_conformance.core.settings import Credentials
from capillary_conformance.sandbox.store import Stored

Json = dict[str, Any]
TEXT_FIELDS = ("subjectTemplate", "messageTemplate", "sender")
# In environment mode (channels 1-3, earlier rows), with the suite told so: a region's faults.
ENVIRONMENT = {"CAPILLARY_SANDBOX_ENVIRONMENT": "1", "CAPILLARY_CHANNEL_IDS": "1,2,3"}


@dataclass(frozen=True)
class Presented:
    """What a request's Authorization header holds, as the sandbox read it."""

    scheme: str  # "basic", "bearer", ... ("" when there is none)
    user: str | None  # Basic only
    password: str | None  # Basic only; None when the token has no colon
    connection: tuple[Any, ...]  # the client's (host, port): one TCP connection


class Fault:
    """The correct behaviour. Subclasses override one hook each."""

    name: ClassVar[str] = "none"
    breaks: ClassVar[str] = ""
    description: ClassVar[str] = "the correct reference sandbox"
    legal: ClassVar[bool] = True
    judgeable: ClassVar[bool] = True
    suite_env: ClassVar[dict[str, str]] = {}

    async def before(self, request_number: int) -> Response | None:
        """An answer to give instead of handling the request (a host in trouble), or None."""
        return None

    def screen(self, body: bytes) -> Response | None:
        """What a gateway in front of the API answers instead, having read the body (a WAF's page), or None."""
        return None

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return accepted

    def read(self, body: Any) -> Any:
        """The request body as the host makes sense of it (a lenient host reads more than the contract)."""
        return body

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return found

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        """True to answer 500, as a broken host would."""
        return False

    def crash_on_unknown_channel(self) -> bool:
        """In environment mode: True to answer 500 (not 400) to a channelId the org does not know."""
        return False

    async def write(self, key: tuple[Any, ...], write: Callable[[], tuple[Stored, bool]]) -> tuple[Stored, bool]:
        """Store one item (the store is atomic: a correct host never races)."""
        return write()

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return item

    def envelope(self, envelope: Json) -> Json:
        return envelope

    def error(self, status: int, envelope: Json) -> tuple[int, str, str]:
        """Status, body and media type of an error answer."""
        return status, json.dumps(envelope, ensure_ascii=False), "application/json"

    def content_type(self) -> str:
        return "application/json"

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        """The answer to a method the contract does not declare: 405 with Allow and the error envelope."""
        return Response(json.dumps(envelope), 405, {"Allow": "POST"}, media_type="application/json")


CATALOGUE: dict[str, type[Fault]] = {}


def register(cls: type[Fault]) -> type[Fault]:
    CATALOGUE[cls.name] = cls
    return cls


register(Fault)


def is_fault(name: str) -> bool:
    """A variant of the catalogue, or several distinct ones joined by "+" (a host that breaks more than one
    promise; the correct sandbox, "none", joins none)."""
    parts = name.split("+")
    combined = len(parts) > 1
    return all(p in CATALOGUE for p in parts) and len(set(parts)) == len(parts) and not (combined and "none" in parts)


def variant_label(name: str) -> str:
    """How a report names the sandbox variant it ran against: a fault breaks a promise, a legal variant
    keeps the contract in a way another host may (``legal variant zulu-timestamps``)."""
    legal = all(CATALOGUE[part].legal for part in name.split("+") if part in CATALOGUE)
    return f"{'legal variant' if legal else 'fault'} {name}"


def fault_named(name: str | None) -> Fault:
    if name is None:
        return Fault()
    if not is_fault(name):
        known = ", ".join(sorted(CATALOGUE))
        raise ValueError(f"unknown fault {name!r}; known faults (join several with +): {known}")
    parts = [CATALOGUE[part] for part in name.split("+")]
    if len(parts) == 1:
        return parts[0]()
    hooks = [
        {
            hook
            for cls in part.__mro__[:-2]
            for hook in vars(cls)
            if not hook.startswith("_") and callable(getattr(Fault, hook, None))
        }
        for part in parts  # the hooks each variant overrides (its classes below Fault and object)
    ]
    shared = set.intersection(*hooks)
    if shared:
        raise ValueError(
            f"the faults of {name!r} all change {', '.join(sorted(shared))}: combine faults of different hooks"
        )

    # Each variant overrides its own hook, so their union breaks each of their promises.
    def __init__(self: Fault) -> None:
        for part in parts:  # each variant's own state (a counter, a lock)
            part.__init__(self)

    return type("Combined", tuple(parts), {"name": name, "__init__": __init__})()


def _null_text(violation: ContractViolation) -> bool:
    """A null where the request wants a text field: input the docs leave open."""
    return violation.message.startswith("null is not of type") and violation.path.rsplit(".", 1)[-1] in TEXT_FIELDS


def _attribution(item: Json, **changes: Any) -> Json:
    return {**item, "attribution": {**item["attribution"], **changes}}


def _restamped(item: Json, change: Callable[[datetime], datetime]) -> Json:
    """The item with both timestamps re-rendered through ``change`` (a fault's clock or zone)."""
    attribution = item["attribution"]
    return _attribution(
        item, **{f: format_timestamp(change(parse_timestamp(attribution[f]))) for f in ("createdOn", "lastUpdatedOn")}
    )


# Legal variants: a host may do these and still conform.


@register
class DaylightSavingSwitch(Fault):
    name, description = "daylight-saving-switch", "legal: from the 6th write on, the server's offset is an hour later"

    def __init__(self) -> None:
        self.writes = 0

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        self.writes += 1
        summer = timezone(timedelta(hours=1))
        return item if self.writes <= 5 else _restamped(item, lambda moment: moment.astimezone(summer))


@register
class TraceNotImplemented(Fault):
    name, description = (
        "undeclared-method-501",
        "legal: another method is answered 501, plain text (as http.server does)",
    )

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response("Not Implemented", 501, media_type="text/plain")


@register
class MethodNotAllowedWithoutAllow(Fault):
    name, description = "undeclared-method-405-no-allow", "legal: another method is answered 405 with no Allow header"

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response("Method Not Allowed", 405, media_type="text/plain")


@register
class AcceptsNullText(Fault):
    name, description = (
        "accepts-null-text",
        "legal: null for a text field is accepted and echoed (the docs leave it open)",
    )

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if not _null_text(v)]


@register
class ExtraFields(Fault):
    name = "extra-fields"
    description = "answers with undocumented fields (forward-compatible drift, not a violation)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "priority": 0, "attribution": {**item["attribution"], "source": "API"}}

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "requestId": "sandbox"}


@register
class ReordersBatchItems(Fault):
    name = "reorders-batch-items"
    description = "legal: answers a batch's items in another order than sent (the docs promise no order)"

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "data": list(reversed(envelope["data"]))}


@register
class ZuluTimestamps(Fault):
    name = "zulu-timestamps"
    description = "legal: writes a UTC offset as Z (2025-11-11T12:50:03.444Z), which ISO 8601 allows"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        stamps = {f: re.sub(r"(\+0000|\+00:00)$", "Z", v) for f, v in item["attribution"].items() if isinstance(v, str)}
        return _attribution(item, **stamps)


# Faults, grouped by the check that must catch them.


class _Broken(Fault):
    legal = False


@register
class ServerErrorOnUndeclaredMethod(_Broken):
    name, breaks, description = (
        "undeclared-method-500",
        "negative",
        "another method (TRACE, PUT...) is answered 500",
    )

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response("Internal Server Error", 500, media_type="text/plain")


@register
class OkToUndeclaredMethod(_Broken):
    name, breaks, description = "undeclared-method-200", "negative", "another method is answered 200"

    def undeclared_method(self, method: str, envelope: Json) -> Response:
        return Response(json.dumps({"data": [], "errors": None, "warnings": None}), 200, media_type="application/json")


@register
class AcceptsBareObject(_Broken):
    name, breaks, description = "accepts-bare-object", "negative", "one item sent as a bare object is upserted"

    def read(self, body: Any) -> Any:
        return [body] if isinstance(body, dict) else body


@register
class CoercesNumericStrings(_Broken):
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
class ServerErrorOnNullText(_Broken):
    name, breaks, description = "500-on-null", "negative", "null for a text field is answered 500"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return any(_null_text(v) for v in found)


@register
class NoErrorsKey(_Broken):
    name, breaks, description = "no-errors-key", "envelope", "success envelope without the errors key"

    def envelope(self, envelope: Json) -> Json:
        return {k: v for k, v in envelope.items() if k != "errors"}


@register
class GlitchesOnce(_Broken):
    name, breaks, description = "glitches-once", "envelope", "one success answer (the third) has no errors key"

    def __init__(self) -> None:
        self._answers = itertools.count(1)

    def envelope(self, envelope: Json) -> Json:
        return {k: v for k, v in envelope.items() if k != "errors"} if next(self._answers) == 3 else envelope


@register
class DataAsObject(_Broken):
    name, breaks, description = "data-as-object", "envelope", "data is the first item, not an array"

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "data": envelope["data"][0]}


@register
class DropsBatchItem(_Broken):
    name, breaks, description = "drops-batch-item", "envelope", "a batch answer leaves out its last item"

    def envelope(self, envelope: Json) -> Json:
        data = envelope["data"]
        return {**envelope, "data": data[:-1] if len(data) > 1 else data}


@register
class WarningsAsString(_Broken):
    name, breaks = "warnings-as-string", "envelope"
    description = "environment mode: a success's warnings answered as one string, not an array of warnings"
    suite_env: ClassVar[dict[str, str]] = ENVIRONMENT

    def envelope(self, envelope: Json) -> Json:
        warnings = envelope.get("warnings") or [{"message": "This API is deprecated"}]
        return {**envelope, "warnings": "; ".join(str(w["message"]) for w in warnings)}


@register
class ErrorsOnSuccess(_Broken):
    name, breaks, description = "errors-on-success", "envelope", "a success (HTTP 200) answers a non-empty errors"

    def envelope(self, envelope: Json) -> Json:
        return {**envelope, "errors": [{"code": 5001, "message": "secondary index update failed"}]}


@register
class TextContentType(_Broken):
    name, breaks, description = "text-content-type", "envelope", "JSON answered as text/plain"

    def content_type(self) -> str:
        return "text/plain"


@register
class HtmlContentType(_Broken):
    name, breaks, description = "html-envelope", "envelope", "the JSON envelope answered as text/html"

    def content_type(self) -> str:
        return "text/html; charset=utf-8"


@register
class CrashOnNonAscii(_Broken):
    name, breaks, description = "500-on-non-ascii", "envelope", "a 500 when any text holds a non-ASCII character"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return isinstance(body, list) and any(
            isinstance(item, dict) and any(not str(item.get(f, "")).isascii() for f in TEXT_FIELDS) for item in body
        )


@register
class StringIds(_Broken):
    name, breaks, description = "string-ids", "schema", "ids answered as JSON strings"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "id": str(item["id"])}


@register
class MissingCreatedBy(_Broken):
    name, breaks, description = "missing-created-by", "schema", "attribution without createdBy"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "attribution": {k: v for k, v in item["attribution"].items() if k != "createdBy"}}


@register
class LowerCaseEnum(_Broken):
    name, breaks, description = "lower-case-enum", "enums", "communicationType answered in lower case"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "communicationType": item["communicationType"].lower()}


@register
class TimestampWithoutOffset(_Broken):
    name, breaks, description = "timestamp-without-offset", "timestamps", "createdOn without its +0000 offset"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return _attribution(item, createdOn=item["attribution"]["createdOn"][:-5])


@register
class EpochTimestamps(_Broken):
    name, breaks, description = "epoch-timestamps", "timestamps", "lastUpdatedOn as epoch milliseconds"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return _attribution(item, lastUpdatedOn=str(item["id"] * 1_000_000 + 1_700_000_000_000))


@register
class UpdatedBeforeCreated(_Broken):
    name, breaks, description = "updated-before-created", "timestamps", "lastUpdatedOn a year before createdOn"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        created_on = item["attribution"]["createdOn"]
        return _attribution(item, lastUpdatedOn=f"{int(created_on[:4]) - 1}{created_on[4:]}")


@register
class February30(_Broken):
    name, breaks, description = "february-30", "timestamps", "createdOn on a day that does not exist"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return _attribution(
            item, createdOn=re.sub(r"^(\d{4})-\d{2}-\d{2}", r"\1-02-30", item["attribution"]["createdOn"])
        )


@register
class WrongTimeZone(_Broken):
    name, breaks, description = "wrong-time-zone", "timestamps", "answers in UTC where the host's zone is +05:30"
    suite_env: ClassVar[dict[str, str]] = {"CAPILLARY_UTC_OFFSET": "+05:30"}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        def utc(value: str) -> str:
            return format_timestamp(parse_timestamp(value).astimezone(UTC))

        attribution = item["attribution"]
        return _attribution(
            item, createdOn=utc(attribution["createdOn"]), lastUpdatedOn=utc(attribution["lastUpdatedOn"])
        )


@register
class ChannelOffByOne(_Broken):
    name, breaks, description = "channel-off-by-one", "echo", "answers channelId + 1 (like the June 2025 example)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "channelId": item["channelId"] + 1}


@register
class SwappedTargetIds(_Broken):
    name, breaks, description = "swapped-target-ids", "echo", "targetId and targetGroupId swapped"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "targetId": item["targetGroupId"], "targetGroupId": item["targetId"]}


@register
class TruncatesLongText(_Broken):
    name, breaks, description = "truncates-long-text", "echo", "cuts the templates and sender at 1000 characters"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: item[f][:1000] for f in TEXT_FIELDS}}


@register
class NormalisesLineBreaks(_Broken):
    name, breaks, description = "normalises-line-breaks", "echo", "stores CRLF and CR line breaks as LF"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: item[f].replace("\r\n", "\n").replace("\r", "\n") for f in TEXT_FIELDS}}


@register
class LowerCasesSender(_Broken):
    name, breaks, description = "lower-cases-sender", "echo", "stores the sender in lower case (an e-mail habit)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "sender": item["sender"].lower()}


@register
class TrimsText(_Broken):
    name, breaks, description = "trims-text", "echo", "strips leading and trailing spaces from the templates"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: item[f].strip() for f in TEXT_FIELDS}}


@register
class NewRowAfterDeactivation(_Broken):
    name, breaks = "new-row-after-deactivation", "idempotency"
    description = "a key written active again after it was deactivated gets a new id (as if deactivating deleted it)"

    def __init__(self) -> None:
        self.inactive: set[int] = set()
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if not item["active"]:
            self.inactive.add(row)
        elif row in self.inactive:
            self.inactive.discard(row)
            self.renamed[row] = new_id()
        return {**item, "id": self.renamed.get(row, row)}


@register
class NormalisesUnicode(_Broken):
    name, breaks, description = "normalises-unicode", "echo", "stores text in Unicode NFC (decomposed accents composed)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: unicodedata.normalize("NFC", item[f]) for f in TEXT_FIELDS}}


@register
class StripsControlCharacters(_Broken):
    name, breaks = "strips-control-characters", "echo"
    description = "drops control characters other than line breaks and tab from the text"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        keep = {"\n", "\r", "\t"}
        strip = {f: "".join(c for c in item[f] if c in keep or unicodedata.category(c) != "Cc") for f in TEXT_FIELDS}
        return {**item, **strip}


@register
class NewIdOnRepeat(_Broken):
    name, breaks, description = "new-id-on-repeat", "idempotency", "every update answers a fresh id"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return item if created else {**item, "id": new_id()}


@register
class CreatedOnMoves(_Broken):
    name, breaks, description = "created-on-moves", "idempotency", "an update moves createdOn to now"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return item if created else _attribution(item, createdOn=item["attribution"]["lastUpdatedOn"])


@register
class CreatedByFollowsUpdater(_Broken):
    name, breaks, description = "created-by-follows-updater", "attribution", "an update answers a system createdBy"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        system = {"id": 1, "code": "system", "description": "", "name": "system", "type": "TILL"}
        return item if created else _attribution(item, createdBy=system)


@register
class ServerErrorOnUnknownChannel(_Broken):
    name, breaks = "500-on-unknown-channel", "negative"
    description = "environment mode: a channelId the org does not know is answered 500, not 400"
    suite_env: ClassVar[dict[str, str]] = ENVIRONMENT

    def crash_on_unknown_channel(self) -> bool:
        return True


@register
class StaleTemplatesOnChannel2(_Broken):
    name, breaks = "stale-templates-on-channel-2", "idempotency"
    description = "environment mode: an update on channel 2 answers the templates first seen"
    suite_env: ClassVar[dict[str, str]] = ENVIRONMENT

    def __init__(self) -> None:
        self.first: dict[int, Json] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        if item["channelId"] != 2:
            return item
        first = self.first.setdefault(item["id"], item)
        return {**item, "subjectTemplate": first["subjectTemplate"], "messageTemplate": first["messageTemplate"]}


@register
class EnvironmentUndeclared(_Broken):
    name, breaks = "environment-undeclared", "envelope"
    description = "environment mode, the suite not told its channels: refusals fail, explained"
    suite_env: ClassVar[dict[str, str]] = {"CAPILLARY_SANDBOX_ENVIRONMENT": "1"}


@register
class UpdateIgnored(_Broken):
    name, breaks, description = "update-ignored", "idempotency", "an update answers (and keeps) the first values"

    def __init__(self) -> None:
        self.first: dict[int, Json] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        first = self.first.setdefault(item["id"], item)
        return {**item, **{f: first[f] for f in (*TEXT_FIELDS, "offsetDays", "active")}}


@register
class KeyIgnoresChannel(_Broken):
    name, breaks, description = "key-ignores-channel", "idempotency", "rows keyed by communicationType alone"

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "id": self.ids.setdefault(item["communicationType"], item["id"])}


@register
class ForgetsOldRows(_Broken):
    name, breaks, description = "forgets-old-rows", "stateful", "only the 3 most recent keys keep their id"

    def __init__(self) -> None:
        self.recent: list[int] = []
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if row in self.renamed and row not in self.recent:
            self.renamed[row] = new_id()
        self.renamed.setdefault(row, row)
        self.recent = [*[r for r in self.recent if r != row][-2:], row]
        return {**item, "id": self.renamed[row]}


@register
class AcceptsAnyEnum(_Broken):
    name, breaks, description = "accepts-any-enum", "negative", "stores any communicationType instead of a 400"

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if not v.path.endswith("communicationType") and "START" not in v.message]


@register
class CrashOnWrongType(_Broken):
    name, breaks, description = "500-on-wrong-type", "negative", "a 500 where a field has the wrong JSON type"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return any("is not of type" in v.message for v in found)


@register
class PlainTextErrors(_Broken):
    name, breaks, description = "plain-text-errors", "negative", "400 answered as plain text, no error envelope"

    def error(self, status: int, envelope: Json) -> tuple[int, str, str]:
        if status == 400:
            return status, "Bad Request", "text/plain"
        return super().error(status, envelope)


@register
class AuthIgnored(_Broken):
    name, breaks, description = "auth-ignored", "auth", "answers without checking credentials"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return True


@register
class AnyPassword(_Broken):
    name, breaks, description = "any-password", "auth", "the configured user gets in with any password"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return accepted or presented.user == expected.username


@register
class AnyUserWithThePassword(_Broken):
    name, breaks = "any-user-with-the-password", "auth"
    description = "the configured password gets in under any username"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return accepted or presented.password == expected.password


@register
class BearerAccepted(_Broken):
    name, breaks, description = "bearer-accepted", "auth", "any Bearer token gets in"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return accepted or presented.scheme == "bearer"


@register
class TrustsTheConnection(_Broken):
    name, breaks = "trusts-the-connection", "auth"
    description = "a connection that carried the right credentials once gets in with any after"

    def __init__(self) -> None:
        self.trusted: set[tuple[Any, ...]] = set()

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        if accepted:
            self.trusted.add(presented.connection)
        return accepted or presented.connection in self.trusted


@register
class Undocumented422(_Broken):
    name, breaks, description = (
        "undocumented-422",
        "schemathesis",
        "invalid bodies get 422, a status the contract lacks",
    )

    def error(self, status: int, envelope: Json) -> tuple[int, str, str]:
        return super().error(422 if status == 400 else status, envelope)


# Hosts in trouble: not contract faults. The suite must wait out a rate limit and pass, and report the
# others as "could not judge" (exit 3), in bounded time, keeping what it learned before.

MIDWAY = 40  # requests answered normally before trouble starts (the probe and the first tests pass)


@register
class RateLimitedStart(Fault):
    name, description = "rate-limited-start", "429 with Retry-After (seconds, then an HTTP date) for its first requests"

    async def before(self, request_number: int) -> Response | None:
        if request_number > 4:
            return None
        wait = "1" if request_number % 2 else format_datetime(datetime.now(UTC) + timedelta(seconds=1), usegmt=True)
        return Response("Too Many Requests", 429, headers={"Retry-After": wait}, media_type="text/plain")


class _InTrouble(Fault):
    legal, judgeable = False, False


@register
class HangsMidway(_InTrouble):
    name, description = "hangs-midway", "stops answering (the request hangs) after 40 requests"
    suite_env: ClassVar[dict[str, str]] = {"CAPILLARY_TIMEOUT": "1"}

    async def before(self, request_number: int) -> Response | None:
        if request_number > MIDWAY:
            await asyncio.sleep(3600)
        return None


class DroppedConnection(Response):
    """Starts an answer, then drops the connection: what a reset looks like to the client."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4096")]})
        await send({"type": "http.response.body", "body": b'{"data": [', "more_body": True})
        raise ConnectionResetError("sandbox fault: connection dropped mid-answer")


@register
class ResetsMidway(_InTrouble):
    name, description = "resets-midway", "drops every connection mid-answer after 40 requests"

    async def before(self, request_number: int) -> Response | None:
        return DroppedConnection() if request_number > MIDWAY else None


GATEWAY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


@register
class GatewayPageMidway(_InTrouble):
    name, description = "gateway-502-midway", "a gateway's 502 HTML page instead of the API after 40 requests"

    async def before(self, request_number: int) -> Response | None:
        return Response(GATEWAY_PAGE, 502, media_type="text/html") if request_number > MIDWAY else None


@register
class LocalClockLabelledUtc(_Broken):
    name, breaks = "local-clock-labelled-utc", "timestamps"
    description = "stamps the wall clock of a +05:30 server under a +0000 label (5.5 hours ahead)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return _restamped(item, lambda moment: (moment + timedelta(hours=5, minutes=30)).replace(tzinfo=UTC))


@register
class ZoneFlips(_Broken):
    name, breaks = "zone-flips", "timestamps"
    description = "every third write is answered in +0100, the others in +0000 (one server, two zones)"

    def __init__(self) -> None:
        self.writes = 0

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        self.writes += 1
        other = timezone(timedelta(hours=1))
        return item if self.writes % 3 else _restamped(item, lambda moment: moment.astimezone(other))


@register
class DuplicatesWhenConcurrent(_Broken):
    name, breaks = "duplicates-when-concurrent", "idempotency"
    description = "reads, then inserts: one in four pairs of identical upserts that overlap makes a second row"

    def __init__(self) -> None:
        self.in_flight: dict[tuple[Any, ...], int] = {}
        self.races = 0

    async def write(self, key: tuple[Any, ...], write: Callable[[], tuple[Stored, bool]]) -> tuple[Stored, bool]:
        racing = self.in_flight.get(key, 0) > 0
        self.in_flight[key] = self.in_flight.get(key, 0) + 1
        try:
            await asyncio.sleep(0.005)  # the round trip between a backend's read and its insert
            racing = racing or self.in_flight[key] > 1
        finally:
            self.in_flight[key] -= 1
        stored, created = write()
        if racing:
            self.races += 1
            if self.races % 4 == 1:  # this request inserted a row of its own
                return replace(stored, id=stored.id + 1_000_000, created_on=stored.last_updated_on), True
        return stored, created


@register
class WholeSecondStamps(Fault):
    name, description = "whole-second-stamps", "legal: timestamps with whole seconds (.000), as some databases keep"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return _restamped(item, lambda moment: moment.replace(microsecond=0))


# The run's model of the target (the ledger check): faults a test meets only against the run's earlier answers,
# each with a trigger the run cannot move earlier.


class _Counted(_Broken):
    """A fault that knows how many upserts the host has answered (its trigger)."""

    def __init__(self) -> None:
        self.requests = 0

    async def before(self, request_number: int) -> Response | None:
        self.requests = request_number
        return None


@register
class RecyclesDeactivatedIds(_Counted):
    name, breaks = "recycles-deactivated-ids", "ledger"
    description = "after 100 upserts, a new key is answered the id of an earlier key's deactivated row"
    AFTER: ClassVar[int] = 100

    def __init__(self) -> None:
        super().__init__()
        self.deactivated: list[int] = []
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if created and self.requests > self.AFTER and self.deactivated:
            self.renamed[row] = self.deactivated.pop(0)
        elif not item["active"] and row not in self.deactivated and row not in self.renamed:
            self.deactivated.append(row)
        return {**item, "id": self.renamed.get(row, row)}


@register
class FrozenLastUpdated(_Broken):
    name, breaks = "frozen-last-updated", "ledger"
    description = "lastUpdatedOn stays at the row's first write, whatever changes after"

    def __init__(self) -> None:
        self.first: dict[int, str] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        first = self.first.setdefault(item["id"], item["attribution"]["lastUpdatedOn"])
        return _attribution(item, lastUpdatedOn=first)


@register
class RowTakenOver(_Counted):
    name, breaks = "row-taken-over", "ledger"
    description = "after 60 upserts, the next new key takes over the row of the first key written (its id)"
    AFTER: ClassVar[int] = 60

    def __init__(self) -> None:
        super().__init__()
        self.first_row: int | None = None
        self.renamed: dict[int, int] = {}

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        row = item["id"]
        if created and self.first_row is None:
            self.first_row = row
        elif created and self.requests > self.AFTER and self.first_row not in self.renamed and self.first_row:
            victim = self.first_row
            self.renamed[row], self.renamed[victim] = victim, new_id()  # the old key, written again: a new row
        return {**item, "id": self.renamed.get(row, row)}


@register
class OneIdForConcurrentInserts(_Broken):
    name, breaks = "one-id-for-concurrent-inserts", "idempotency"
    description = "two new keys inserted by requests in flight together, within 50 ms, are answered one id"

    def __init__(self) -> None:
        self.inside: set[int] = set()  # requests whose insert has not been answered yet
        self.last: tuple[int, int, float] | None = None  # the last insert: its request, its id, when

    async def write(self, key: tuple[Any, ...], write: Callable[[], tuple[Stored, bool]]) -> tuple[Stored, bool]:
        me = id(asyncio.current_task())
        stored, created = write()
        if not created:
            return stored, created
        now, last = asyncio.get_running_loop().time(), self.last
        if last is not None and last[0] != me and last[0] in self.inside and now - last[2] < 0.05:
            return replace(stored, id=last[1]), True  # the sequence read once for both
        self.last = (me, stored.id, now)
        self.inside.add(me)
        try:
            await asyncio.sleep(0.02)  # the round trip between a backend's insert and its commit
        finally:
            self.inside.discard(me)
        return stored, created


@register
class DropsUpdateAfterInsert(_Broken):
    name, breaks = "drops-update-after-insert", "idempotency"
    description = "an update landing within 100 ms of its key's insert is lost: answered and kept as inserted"

    def __init__(self) -> None:
        self.inserted: dict[tuple[Any, ...], tuple[float, Stored]] = {}

    async def write(self, key: tuple[Any, ...], write: Callable[[], tuple[Stored, bool]]) -> tuple[Stored, bool]:
        now = asyncio.get_running_loop().time()
        insert = self.inserted.get(key)
        if insert is not None and now - insert[0] < 0.1:
            return insert[1], False
        stored, created = write()
        if created:
            self.inserted[key] = (now, stored)
        return stored, created


# The contract's spaces covered whole (issue: the spaces of the contract derived from its files): a legal way to
# treat the answer's fields in a request, and faults met only at one point of a space.


def _unknown(violation: ContractViolation) -> bool:
    return violation.keyword == "additionalProperties"


@register
class IgnoresUnknownFields(Fault):
    name, description = "ignores-unknown-fields", "legal: a field the request does not document is ignored, not refused"

    def read(self, body: Any) -> Any:
        known = inlined(SchemaName.REQUEST_ITEM.value)["properties"]
        if not isinstance(body, list):
            return body
        return [{k: v for k, v in item.items() if k in known} if isinstance(item, dict) else item for item in body]

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if not _unknown(v)]


@register
class AcceptsInvalidAfterFirst(_Broken):
    name, breaks = "accepts-invalid-after-first", "negative"
    description = "validates a body's first item only: an invalid item after it is taken"

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        return [v for v in found if v.path == "$" or v.path.startswith("$[0]")]


@register
class ServerErrorOnMissingSender(_Broken):
    name, breaks = "500-on-missing-sender", "negative"
    description = "an item without sender (one field missing alone) is answered 500"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return isinstance(body, list) and any(isinstance(item, dict) and item and "sender" not in item for item in body)


@register
class ServerErrorOnEmptyItemInBatch(_Broken):
    name, breaks = "500-on-empty-item-in-batch", "negative"
    description = "an empty object beside a valid item is answered 500"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return isinstance(body, list) and len(body) > 1 and {} in body


class _AppliesAnswerField(_Broken):
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
        return [v for v in found if not (_unknown(v) and f'"{self.FIELD}"' in v.message)]

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        key = (item["communicationType"], item["channelId"])
        return {**item, self.FIELD: self.sent.pop(key)} if key in self.sent else item


@register
class AppliesTargetFromRequest(_AppliesAnswerField):
    name, breaks, FIELD = "applies-target-from-request", "negative", "targetId"
    description = "a targetId sent in an item is taken: the row is answered under that target"


@register
class AppliesIdFromRequest(_AppliesAnswerField):
    name, breaks, FIELD = "applies-id-from-request", "negative", "id"
    description = "an id sent in an item is taken: the row is answered with another key's id"


# Text from published sources (issue: text from published sources, not from memory): what the contract lets a
# host do with text (refuse U+0000 and the C1 controls; sit behind a gateway that blocks script-like text), and a
# fault for each source, each met only by the text that source brings.

WAF_PAGE = "<html><head><title>403 Forbidden</title></head><body><h1>Request blocked</h1><p>Ray ID: 0</p></body></html>"


def _texts(body: Any) -> list[str]:
    items = body if isinstance(body, list) else []
    return [item[f] for item in items if isinstance(item, dict) for f in TEXT_FIELDS if isinstance(item.get(f), str)]


def _refused_text(path: str, message: str) -> ContractViolation:
    return ContractViolation(path, message, "refused-text")


@register
class RefusesNul(Fault):
    name, description = "refuses-nul", "legal: text holding U+0000 is refused with 400 (as PostgreSQL's text type does)"

    def validate(self, body: Any, found: list[ContractViolation]) -> list[ContractViolation]:
        nul = [text for text in _texts(body) if "\x00" in text]
        return found + ([_refused_text("$", "text must not contain U+0000")] if nul else [])


@register
class WafBlocksScript(Fault):
    name, description = "waf-blocks-script", "legal: a gateway's WAF answers an HTML 403 page to a body holding <script"

    def screen(self, body: bytes) -> Response | None:
        blocked = b"<script" in body.lower()
        return Response(WAF_PAGE, 403, media_type="text/html") if blocked else None


@register
class LineSeparatorsAsLf(_Broken):
    name, breaks = "line-separators-as-lf", "echo"
    description = "stores Unicode's line and paragraph separators (U+2028, U+2029) as LF, as some JSON layers do"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: re.sub("[\u2028\u2029]", "\n", item[f]) for f in TEXT_FIELDS}}


@register
class StripsNulAndC1(_Broken):
    name, breaks = "strips-nul-and-c1", "echo"
    description = "stores text with U+0000 and the C1 controls removed, and answers 200 (refusing them is legal)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: re.sub("[\x00\x80-\x9f]", "", item[f]) for f in TEXT_FIELDS}}


@register
class ServerErrorOnNul(_Broken):
    name, breaks = "500-on-nul", "negative"
    description = "text holding U+0000 is answered 500 (the database refuses it; nobody handles the error)"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return any("\x00" in text for text in _texts(body))


@register
class ServerErrorOnApostrophe(_Broken):
    name, breaks = "500-on-apostrophe", "envelope"
    description = "text holding an apostrophe is answered 500 (SQL built by hand; the naughty strings' quotation marks)"

    def crash(self, body: Any, found: list[ContractViolation]) -> bool:
        return not found and any("'" in text for text in _texts(body))


@register
class FoldsFullWidth(_Broken):
    name, breaks = "folds-full-width", "echo"
    description = "stores full-width forms (U+FF01-U+FF5E) as ASCII (the naughty strings' Unicode numbers and fonts)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        fold = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
        return {**item, **{f: item[f].translate(fold) for f in TEXT_FIELDS}}


# Faults of another package (one proving a check of its own): each module named under this entry point group
# registers its variants with ``register`` when it is imported.
ENTRY_POINT_GROUP = "capillary_conformance.faults"
load_entry_points(ENTRY_POINT_GROUP)
