"""The ledger: every answer of the run held together, across tests and processes (canned exchanges)."""

import copy
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from capillary_conformance.checks import CheckFailure
from capillary_conformance.checks.ledger import Ledger, judge_against_the_run

from .canned import EXPECT, answer, sent, upsert

START = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)


def answered(row_id=1, key_channel=1, updated="2025-11-11T12:50:03.444+0000", second=0.0, template=None, created=None):
    """The docs' example answer for one item, its id, channel, stamps and arrival (seconds after START) set."""
    item = {**sent()[0], "channelId": key_channel}
    if template is not None:
        item["messageTemplate"] = template
    body = copy.deepcopy(answer())
    body["data"] = [{**body["data"][0], "id": row_id, "channelId": key_channel, **{k: item[k] for k in item}}]
    body["data"][0]["attribution"]["lastUpdatedOn"] = updated
    if created is not None:
        body["data"][0]["attribution"]["createdOn"] = created
    done = upsert(body, items=[item])
    return replace(done, exchange=replace(done.exchange, at=START.replace(second=0) + _seconds(second)))


def _seconds(value):
    from datetime import timedelta

    return timedelta(seconds=value)


def ledger_in(folder=None, test="t::a", process="gw0"):
    ledger = Ledger()
    ledger.share(folder, lambda: 7, "http://host.test", process)
    ledger.begin(test)
    return ledger


def test_a_key_answered_another_id_by_another_test_fails_naming_both_answers():
    ledger = ledger_in()
    judge_against_the_run(answered(row_id=3), EXPECT, ledger)
    ledger.begin("t::b")
    with pytest.raises(
        CheckFailure,
        match=r"^\[ledger\] key START/1 was answered id 3 at request 7 and id 9 at request 7: one key, two rows",
    ):
        judge_against_the_run(answered(row_id=9), EXPECT, ledger)


def test_a_tests_own_sequence_is_its_own_checks_to_judge():
    ledger = ledger_in()
    judge_against_the_run(answered(row_id=3), EXPECT, ledger)
    judge_against_the_run(answered(row_id=9), EXPECT, ledger)  # the idempotency check names this one


def test_one_id_answered_for_two_keys_fails():
    ledger = ledger_in()
    judge_against_the_run(answered(row_id=3, key_channel=1), EXPECT, ledger)
    ledger.begin("t::b")
    with pytest.raises(CheckFailure, match=r"id 3 was answered for key START/1 .* and for key START/2"):
        judge_against_the_run(answered(row_id=3, key_channel=2), EXPECT, ledger)


def test_what_another_process_answered_is_judged_too(tmp_path):
    first, second = ledger_in(tmp_path, "t::a", "gw0"), ledger_in(tmp_path, "t::b", "gw1")
    judge_against_the_run(answered(row_id=3), EXPECT, first)
    with pytest.raises(CheckFailure, match="id 3 at request 7 in another process of the run and id 4 at request 7:"):
        judge_against_the_run(answered(row_id=4), EXPECT, second)


def test_created_on_never_changes_and_last_updated_never_goes_back():
    ledger = ledger_in()
    judge_against_the_run(answered(updated="2025-11-11T12:50:03.444+0000"), EXPECT, ledger)
    ledger.begin("t::b")
    with pytest.raises(CheckFailure, match="createdOn was"):
        judge_against_the_run(answered(created="2025-11-11T13:00:00.000+0000"), EXPECT, ledger)
    with pytest.raises(CheckFailure, match="lastUpdatedOn went back"):
        judge_against_the_run(answered(updated="2025-11-11T12:00:00.000+0000"), EXPECT, ledger)


def test_a_change_two_seconds_later_moves_last_updated_on_and_whole_seconds_pass():
    ledger = ledger_in()
    judge_against_the_run(answered(updated="2025-11-11T12:50:03.000+0000"), EXPECT, ledger)
    ledger.begin("t::b")
    judge_against_the_run(answered(updated="2025-11-11T12:50:03.000+0000", second=0.5, template="x"), EXPECT, ledger)
    judge_against_the_run(answered(updated="2025-11-11T12:50:03.000+0000", second=3), EXPECT, ledger)  # no change
    ledger.begin("t::c")
    with pytest.raises(CheckFailure, match=r"written with other values \(messageTemplate\) .* stayed"):
        judge_against_the_run(answered(updated="2025-11-11T12:50:03.000+0000", second=6, template="z"), EXPECT, ledger)
    judge_against_the_run(answered(updated="2025-11-11T12:50:09.000+0000", second=9, template="y"), EXPECT, ledger)


def test_the_keys_written_first_are_given_back_as_last_written():
    ledger = ledger_in()
    judge_against_the_run(answered(row_id=1, key_channel=1), EXPECT, ledger)
    judge_against_the_run(answered(row_id=2, key_channel=2, second=1), EXPECT, ledger)
    judge_against_the_run(answered(row_id=1, key_channel=1, second=2, template="last"), EXPECT, ledger)
    early = ledger.earliest(1)
    assert [(a.key, a.sent["messageTemplate"]) for a in early] == [("START/1", "last")]


def test_processes_that_talk_to_other_hosts_share_nothing(tmp_path):
    """Under pytest-xdist each process of a run against the embedded sandbox starts a sandbox of its own."""
    first, second = Ledger(), Ledger()
    first.share(tmp_path, lambda: 1, "http://127.0.0.1:1001", "gw0")
    second.share(tmp_path, lambda: 1, "http://127.0.0.1:1002", "gw1")
    first.begin("t::a")
    second.begin("t::b")
    judge_against_the_run(answered(row_id=3), EXPECT, first)
    judge_against_the_run(answered(row_id=4), EXPECT, second)


def test_a_text_with_unicode_line_separators_travels_between_processes_whole(tmp_path):
    first, second = ledger_in(tmp_path, "t::a", "gw0"), ledger_in(tmp_path, "t::b", "gw1")
    judge_against_the_run(answered(row_id=3, template="one\u2028two\u2029three\x85four"), EXPECT, first)
    second.catch_up()
    assert second.by_key["START/1"].sent["messageTemplate"] == "one\u2028two\u2029three\x85four"


def test_writes_that_overlapped_are_ordered_by_the_host_not_by_their_answers():
    ledger = ledger_in()
    judge_against_the_run(answered(updated="2025-11-11T12:50:03.444+0000", second=1.0), EXPECT, ledger)
    ledger.begin("t::b")
    late = answered(updated="2025-11-11T12:50:03.400+0000", second=1.01)  # left before the other answer came
    judge_against_the_run(replace(late, exchange=replace(late.exchange, elapsed=0.05)), EXPECT, ledger)


def test_when_a_write_left_is_the_clients_note_of_it_not_its_answers_time_less_its_duration():
    """Under load a process notes an answer late: its time less its duration then says the write left after an
    earlier answer came back, where it had left before (seen: 820 ms answered for a write that overlapped one
    answered 821 ms, a false alarm on a host that kept its promise). The client notes when it sends."""
    ledger = ledger_in()
    judge_against_the_run(answered(updated="2025-11-11T12:50:03.821+0000", second=1.0), EXPECT, ledger)
    ledger.begin("t::b")
    noted_late = answered(updated="2025-11-11T12:50:03.820+0000", second=1.2)
    left = replace(noted_late.exchange, sent_at=START + _seconds(0.99))  # before the other answer came
    judge_against_the_run(replace(noted_late, exchange=left), EXPECT, ledger)
    ledger.begin("t::c")
    after = answered(updated="2025-11-11T12:50:03.000+0000", second=1.3)
    left_after = replace(after.exchange, sent_at=START + _seconds(1.25))  # after the last answer came: judged
    with pytest.raises(CheckFailure, match="lastUpdatedOn went back"):
        judge_against_the_run(replace(after, exchange=left_after), EXPECT, ledger)
