"""Faults the echo check must catch (``checks/echo.py``), one promise broken by each."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from capillary_conformance.sandbox.faults.base import TEXT_FIELDS, Broken, Json, register


@register
class ChannelOffByOne(Broken):
    name, breaks, description = "channel-off-by-one", "echo", "answers channelId + 1 (like the June 2025 example)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "channelId": item["channelId"] + 1}


@register
class SwappedTargetIds(Broken):
    name, breaks, description = "swapped-target-ids", "echo", "targetId and targetGroupId swapped"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "targetId": item["targetGroupId"], "targetGroupId": item["targetId"]}


@register
class TruncatesLongText(Broken):
    name, breaks, description = "truncates-long-text", "echo", "cuts the templates and sender at 1000 characters"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: item[f][:1000] for f in TEXT_FIELDS}}


@register
class NormalisesLineBreaks(Broken):
    name, breaks, description = "normalises-line-breaks", "echo", "stores CRLF and CR line breaks as LF"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: item[f].replace("\r\n", "\n").replace("\r", "\n") for f in TEXT_FIELDS}}


@register
class LowerCasesSender(Broken):
    name, breaks, description = "lower-cases-sender", "echo", "stores the sender in lower case (an e-mail habit)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, "sender": item["sender"].lower()}


@register
class TrimsText(Broken):
    name, breaks, description = "trims-text", "echo", "strips leading and trailing spaces from the templates"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: item[f].strip() for f in TEXT_FIELDS}}


@register
class NormalisesUnicode(Broken):
    name, breaks, description = "normalises-unicode", "echo", "stores text in Unicode NFC (decomposed accents composed)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: unicodedata.normalize("NFC", item[f]) for f in TEXT_FIELDS}}


@register
class StripsControlCharacters(Broken):
    name, breaks = "strips-control-characters", "echo"
    description = "drops control characters other than line breaks and tab from the text"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        keep = {"\n", "\r", "\t"}
        strip = {f: "".join(c for c in item[f] if c in keep or unicodedata.category(c) != "Cc") for f in TEXT_FIELDS}
        return {**item, **strip}


@register
class LineSeparatorsAsLf(Broken):
    name, breaks = "line-separators-as-lf", "echo"
    description = "stores Unicode's line and paragraph separators (U+2028, U+2029) as LF, as some JSON layers do"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: re.sub("[\u2028\u2029]", "\n", item[f]) for f in TEXT_FIELDS}}


@register
class StripsNulAndC1(Broken):
    name, breaks = "strips-nul-and-c1", "echo"
    description = "stores text with U+0000 and the C1 controls removed, and answers 200 (refusing them is legal)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        return {**item, **{f: re.sub("[\x00\x80-\x9f]", "", item[f]) for f in TEXT_FIELDS}}


@register
class FoldsFullWidth(Broken):
    name, breaks = "folds-full-width", "echo"
    description = "stores full-width forms (U+FF01-U+FF5E) as ASCII (the naughty strings' Unicode numbers and fonts)"

    def item(self, item: Json, created: bool, new_id: Callable[[], int]) -> Json:
        fold = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
        return {**item, **{f: item[f].translate(fold) for f in TEXT_FIELDS}}
