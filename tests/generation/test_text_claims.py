"""The table of text classes (docs/explanation/checks.md), held to what a run sends: each claim read from the page,
checked against the values a run sent (the sandbox's record of the bodies it was sent), never against the samples file.

The test holds the meaning of the page's words (a named line terminator, a code point or a range, a literal in
backticks, a rule such as "every character of Zs, Zl, Zp"), not the values: a class removed from the samples,
or a claim the page makes that no value keeps, fails it (shown on a copy of the samples with one class
removed)."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx
import pytest

from capillary_conformance.generation import samples, text
from tests.helpers import run_suite, sandbox_process

README = Path(__file__).resolve().parents[2] / "docs" / "explanation" / "checks.md"  # the docs page of the classes
HEADER = "| class | what is sent, in each text field | source |"
FIELDS = ("messageTemplate", "sender", "subjectTemplate")

Claim = Callable[[set[str]], bool]  # True when the values one field was sent keep it

# Unicode's names of the line terminators (The Unicode Standard, 5.8), each as its own form: CR alone is a CR not
# followed by LF, LF alone one not after a CR.
TERMINATORS = {
    "LF": r"(?<!\r)\n",
    "VT": "\x0b",
    "FF": "\x0c",
    "CR": r"\r(?!\n)",
    "CRLF": r"\r\n",
    "NEL": "\x85",
    "LS": "\u2028",
    "PS": "\u2029",
}


def _every(chars: Iterable[str]) -> Claim:
    wanted = set(chars)
    return lambda values: wanted <= {char for value in values for char in value}


def _any(predicate: Callable[[str], bool]) -> Claim:
    return lambda values: any(predicate(value) for value in values)


def _first_of_each_category(values: set[str]) -> bool:
    return all(strings[0] in values for strings in text.naughty_strings().values())


def _both_forms(values: set[str]) -> bool:
    return any(
        unicodedata.normalize("NFC", v) != unicodedata.normalize("NFD", v)
        and {unicodedata.normalize("NFC", v), unicodedata.normalize("NFD", v)} <= values
        for v in values
    )


def _all_chars(test: Callable[[str], bool]) -> list[str]:
    return [chr(code) for code in range(0x110000) if test(chr(code))]


RULES: dict[str, Claim] = {
    "every character of Zs/Zl/Zp": _every(_all_chars(lambda c: unicodedata.category(c) in ("Zs", "Zl", "Zp"))),
    "every character whose case mapping changes its length": _every(
        _all_chars(lambda c: len(c.upper()) != 1 or len(c.lower()) != 1)
    ),
    "one text in NFC and in NFD": _both_forms,
    "the first string of each category": _first_of_each_category,
    "a space first": _any(lambda v: v.startswith(" ")),
    "a space last": _any(lambda v: v.endswith(" ")),
    "a tab at both ends": _any(lambda v: len(v) > 1 and v[0] == v[-1] == "\t"),
    "only spaces": _any(lambda v: v != "" and set(v) == {" "}),
    "empty": _any(lambda v: v == ""),
    "an address with upper case and a +tag": _any(
        lambda v: re.fullmatch(r"[^@\s]+\+[^@\s]+@[^@\s]+", v) is not None and v != v.lower()
    ),
    "a character above U+FFFF": _any(lambda v: any(ord(c) > 0xFFFF for c in v)),
}


def claim_of(token: str) -> Claim:
    """What one comma-separated part of the README's cell claims; ValueError for words the test cannot read."""
    if token in TERMINATORS:
        pattern = TERMINATORS[token]
        return _any(lambda v: re.search(pattern, v) is not None)
    if token in RULES:
        return RULES[token]
    if literal := re.fullmatch(r"`(.+)`", token):
        return _any(lambda v: literal.group(1) in v)
    if span := re.fullmatch(r"U\+([0-9A-F]{4,6})(?:-U\+([0-9A-F]{4,6}))?", token):
        low, high = int(span.group(1), 16), int(span.group(2) or span.group(1), 16)
        return _every(chr(code) for code in range(low, high + 1))
    raise ValueError(f"the docs claim {token!r}, which this test cannot read: say it in words it knows")


def readme_claims(readme: str) -> dict[str, list[tuple[str, Claim]]]:
    """Each class of the page's table, with each claim of its "what is sent" cell."""
    lines = readme.splitlines()
    start = lines.index(HEADER) + 2
    claims = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        name, sent, _source = (cell.strip() for cell in line.strip("|").split(" | "))
        if lengths := re.fullmatch(r"([\d, and]+) characters", sent):
            counts = [int(n) for n in re.findall(r"\d+", lengths.group(1))]
            claims[name] = [(f"{n} characters", _any(lambda v, n=n: len(v) == n)) for n in counts]
        else:
            claims[name] = [(token, claim_of(token)) for token in re.split(r", (?=\S)", sent)]
    return claims


def broken_claims(sent: dict[str, set[str]], readme: str) -> list[str]:
    """Each claim of the page that the values sent in some text field do not keep, in words."""
    return [
        f"{name}: {token} (in {field})"
        for name, claims in readme_claims(readme).items()
        for token, claim in claims
        for field in FIELDS
        if not claim(sent.get(field, set()))
    ]


def sent_by_field(bodies: Iterable) -> dict[str, set[str]]:
    sent: dict[str, set[str]] = {field: set() for field in FIELDS}
    for body in bodies:
        for item in body if isinstance(body, list) else []:
            for field in FIELDS:
                if isinstance(item, dict) and isinstance(item.get(field), str):
                    sent[field].add(item[field])
    return sent


def test_every_cell_of_the_readmes_table_is_read_and_every_class_of_the_samples_is_in_it():
    claims = readme_claims(README.read_text(encoding="utf-8"))
    names = {entry.name.split(":")[0] for entry in text.text_classes()}
    assert set(claims) == names


# A class cut out of a copy of the samples, and the claims of the README that no value keeps then: those only that
# class kept (the C0 value holds VT, FF and CR alone, the white space class LS and PS; an emoji sequence U+200D).
CUT = {
    "Unicode line terminators": {"CRLF"},
    "zero-width characters and the byte-order mark": {"U+200B", "U+200C", "U+2060", "U+FEFF"},
    "Big List of Naughty Strings": {"the first string of each category"},
}


def test_the_samples_keep_every_claim_of_the_readme():
    bodies = [list(body.items) for body in samples.text_bodies()]
    assert broken_claims(sent_by_field(bodies), README.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("cut", CUT)
def test_a_copy_of_the_samples_without_one_class_breaks_the_claims_only_it_kept(tmp_path, cut):
    original = text.SAMPLES_FILE.read_text(encoding="utf-8")
    table = re.compile(r'\[\[text\]\]\nclass = "' + re.escape(cut) + r'".*?(?=\[\[text\]\])', re.DOTALL)
    assert table.search(original), f"no [[text]] table of the class {cut!r} in the samples"
    copy = tmp_path / "samples.toml"
    copy.write_text(table.sub("", original), encoding="utf-8")
    bodies = [list(body.items) for body in samples.text_bodies(copy)]
    broken = broken_claims(sent_by_field(bodies), README.read_text(encoding="utf-8"))
    assert {claim.split(" (in")[0] for claim in broken} == {f"{cut}: {token}" for token in CUT[cut]}


@pytest.mark.slow
def test_what_a_run_sends_keeps_every_claim_of_the_readmes_text_table(tmp_path):
    env = {"CAPILLARY_USERNAME": "claims", "CAPILLARY_PASSWORD": "claims-password"}
    target = {"CAPILLARY_TARGET_GROUP_ID": "2750", "CAPILLARY_TARGET_ID": "2996", "CAPILLARY_ALLOW_WRITE": "1"}
    with sandbox_process(**env) as url:
        done = run_suite(tmp_path, "-k", "test_text_from_published_sources", CAPILLARY_BASE_URL=url, **env, **target)
        assert done.returncode == 0, done.stdout[-2000:]
        received = httpx.get(f"{url}/__sandbox/received").json()
    assert broken_claims(sent_by_field(received), README.read_text(encoding="utf-8")) == []
