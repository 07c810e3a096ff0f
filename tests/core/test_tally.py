"""Tallies add up across processes, and a snapshot tells one test's share."""

from capillary_conformance.core.tally import Tally


def test_indexes_are_one_path_and_counts_add_up():
    tally = Tally()
    tally.add(["$.data[0].colour", "$.data[3].colour"])  # one answer: seen once
    tally.add(["$.data[1].colour"])
    assert tally.items() == [("$.data[].colour", 2)]


def test_since_a_snapshot_is_what_was_added_after_it():
    tally = Tally()
    tally.add(["a"])
    mark = tally.snapshot()
    tally.add(["a", "b"])
    assert tally.since(mark) == {"a": 1, "b": 1}


def test_merge_takes_another_process_counts():
    tally = Tally()
    tally.merge({"requests sent": 3})
    tally.merge({"requests sent": 2})
    assert tally["requests sent"] == 5
    assert bool(tally)
    assert not Tally()
