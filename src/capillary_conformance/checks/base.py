"""What every check reads: an upsert (what was sent, what came back) and what to expect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any

from capillary_conformance.contracts.formats import parse_timestamp
from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.quoting import quoted
from capillary_conformance.core.settings import DEFAULT_UPSERT_KEY, Settings

Item = dict[str, Any]


class CheckFailure(AssertionError):
    """A contract violation, named by the check that found it.

    Messages quote host answers, which may echo a secret: the plugin redacts ``reason`` (``redacted``)
    before any report reads the exception."""

    def __init__(self, check: str, message: str, pointer: str = "", rule: str = "") -> None:
        super().__init__(f"[{check}] {message}")
        self.check = check
        self.reason = message
        self.pointer = pointer  # what broke: a JSON pointer into the answer (/data/*/id), or "status", ...
        self.rule = rule or check  # the promise broken there: enum, echo, id-stable, no-5xx, ...
        # Answers of earlier executions the failure speaks of too (another test's, another process'), each with
        # what it was: evidence beside the failing execution's own steps.
        self.earlier: tuple[tuple[str, Exchange], ...] = ()

    def redacted(self, redact: Callable[[str], str]) -> None:
        self.reason = redact(self.reason)
        self.args = (f"[{self.check}] {self.reason}",)

    def answered_by(self, request_id: str) -> None:
        """Name the failing answer in the message (what JUnit and the report quote) by the id the host's
        logs know it by (``X-Cap-Requestid: ...``); ``reason`` stays the broken promise alone."""
        if request_id:
            self.args = (f"[{self.check}] {self.reason} (failing answer's {request_id})",)


def require(condition: object, check: str, message: str, pointer: str = "", rule: str = "") -> None:
    if not condition:
        raise CheckFailure(check, message, pointer, rule)


def at(*parts: str) -> str:
    """A JSON pointer into an answer item (``at("id")`` is ``/data/*/id``); indexes are "*": one promise
    broken on any item is one finding."""
    return "/data/*/" + "/".join(parts)


def same_moment(one: object, other: object) -> bool:
    """Two timestamps name the same instant (a server may render it in another offset after a daylight-saving
    switch); values that are not timestamps compare as they are (the timestamps check reports those)."""
    try:
        return isinstance(one, str) and isinstance(other, str) and parse_timestamp(one) == parse_timestamp(other)
    except ValueError:
        return one == other


def attribution(item: Item) -> Item:
    """An answer item's ``attribution`` object; empty when it has none (the schema check says so)."""
    value = item.get("attribution")
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Expectations:
    upsert_key: tuple[str, ...] = DEFAULT_UPSERT_KEY
    utc_offset: timezone | None = None
    time_zone: tzinfo | None = None  # the server's zone: offsets follow it, daylight saving included
    clock_skew: timedelta = timedelta(seconds=Settings.model_fields["clock_skew"].default)

    @classmethod
    def from_settings(cls, settings: Settings) -> Expectations:
        s = settings
        return cls(s.upsert_key, s.utc_offset, s.time_zone, timedelta(seconds=s.clock_skew))

    def key_of(self, item: Item) -> tuple[Any, ...]:
        return tuple(item.get(name) for name in self.upsert_key)


@dataclass(frozen=True)
class Upsert:
    """One positive upsert: the items sent to the configured target and the host's answer."""

    sent: list[Item]
    exchange: Exchange
    target_group_id: int
    target_id: int

    def answer_items(self, check: str) -> list[Item]:
        """The answer's ``data`` items; a check that cannot read them fails, pointing at the envelope."""
        body = self.exchange.json if self.exchange.is_json() else None
        data = body.get("data") if isinstance(body, dict) else None
        if self.exchange.status != 200 or not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
            raise CheckFailure(
                check,
                f"cannot judge: the answer (HTTP {self.exchange.status}) has no data array of objects "
                "(the envelope check says why)",
                "/data" if self.exchange.status == 200 else "status",
                "envelope",
            )
        return data

    def pairs(self, check: str, expect: Expectations) -> list[tuple[Item, Item]]:
        """Each sent item with its answer item, matched by the upsert key, never by position."""
        answers = {expect.key_of(item): item for item in self.answer_items(check)}
        paired = []
        for item in self.sent:
            key = expect.key_of(item)
            answered = "; ".join(_show_key(expect, k) for k in answers) or "none"
            require(
                key in answers,
                check,
                f"no answer item has the key {_show_key(expect, key)} that was sent (the answer's keys: {answered})",
                _unechoed_key_field(expect, key, list(answers)),
                "echo",
            )
            paired.append((item, answers[key]))
        return paired


class Wrong(StrEnum):
    """What is wrong with a request that is not a valid upsert, which says what its answer must be; a
    refusal check declares the kinds it judges."""

    INPUT = "invalid input"  # must be refused: a 4xx with the error envelope
    OPEN_INPUT = "input the docs leave open"  # anything but a 5xx; an error answer carries the error envelope
    REFUSABLE_TEXT = "text a host may refuse"  # U+0000, C1: kept exactly, or a 4xx with the error envelope
    ANY = "any request"  # whatever else it asks (a Schemathesis case): anything but a 5xx
    METHOD = "a method the contract does not declare"  # 405 or 501
    CREDENTIALS = "wrong credentials"  # 401 or 403
    MALFORMED_CREDENTIALS = "a malformed Authorization header"  # 401 or 403, or 400


@dataclass(frozen=True)
class Refusal:
    """A request that is not a valid upsert, what is wrong with it (its kind, and in words: "channelId as
    '1' (integer expected)"), and the host's answer."""

    exchange: Exchange
    wrong: Wrong
    what: str


def _unechoed_key_field(expect: Expectations, key: tuple[Any, ...], answered: list[tuple[Any, ...]]) -> str:
    """The key field a host answered otherwise (the pointer of a key not echoed): the first field that differs
    from the answered key most like the one sent (``channelId`` when ``START/1`` came back ``START/2``, whatever
    the other items answered)."""
    if not answered:
        return "/data"
    closest = max(answered, key=lambda other: sum(a == b for a, b in zip(other, key, strict=True)))
    differs = [name for name, sent, got in zip(expect.upsert_key, key, closest, strict=True) if sent != got]
    return at(differs[0]) if differs else "/data"


def _show_key(expect: Expectations, key: tuple[Any, ...]) -> str:
    return ", ".join(f"{name}={quoted(value)}" for name, value in zip(expect.upsert_key, key, strict=True))
