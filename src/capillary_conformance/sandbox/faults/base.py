"""The fault catalogue's base: ``Fault`` (the correct behaviour, one hook per place a promise lives), the
registry (``CATALOGUE``, ``register``), the lookups (``fault_named``, ``is_fault``, ``variant_label``) and the helpers
the variants share."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from starlette.responses import Response

from capillary_conformance.contracts import ContractViolation
from capillary_conformance.contracts.formats import format_timestamp, parse_timestamp
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


def null_text(violation: ContractViolation) -> bool:
    """A null where the request wants a text field: input the docs leave open."""
    return violation.message.startswith("null is not of type") and violation.path.rsplit(".", 1)[-1] in TEXT_FIELDS


def with_attribution(item: Json, **changes: Any) -> Json:
    return {**item, "attribution": {**item["attribution"], **changes}}


def restamped(item: Json, change: Callable[[datetime], datetime]) -> Json:
    """The item with both timestamps re-rendered through ``change`` (a fault's clock or zone)."""
    attribution = item["attribution"]
    return with_attribution(
        item, **{f: format_timestamp(change(parse_timestamp(attribution[f]))) for f in ("createdOn", "lastUpdatedOn")}
    )


class Broken(Fault):
    legal = False


def texts(body: Any) -> list[str]:
    items = body if isinstance(body, list) else []
    return [item[f] for item in items if isinstance(item, dict) for f in TEXT_FIELDS if isinstance(item.get(f), str)]


def unknown_field(violation: ContractViolation) -> bool:
    return violation.keyword == "additionalProperties"
