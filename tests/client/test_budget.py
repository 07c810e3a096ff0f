"""One count of the run's requests, whichever process sent them."""

import threading

from capillary_conformance.client.budget import SharedBudget


def test_the_runs_count_is_the_sum_of_every_process_count(tmp_path):
    one, two = SharedBudget(tmp_path, 5, process="1"), SharedBudget(tmp_path, 5, process="2")
    for _ in range(3):
        one.take()
    two.take()
    assert one.spent() == two.spent() == 4
    assert one.left() == 1
    assert not one.exhausted()
    two.take()
    assert one.exhausted()
    assert one.left() == 0


def test_no_limit_still_counts(tmp_path):
    budget = SharedBudget(tmp_path, None)
    budget.take()
    assert budget.spent() == 1
    assert budget.left() is None
    assert not budget.exhausted()


def test_threads_of_one_process_count_every_request(tmp_path):
    budget = SharedBudget(tmp_path, None)
    threads = [threading.Thread(target=lambda: [budget.take() for _ in range(50)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert budget.spent() == 200


def test_the_last_request_of_a_budget_goes_to_one_thread_only(tmp_path):
    budget = SharedBudget(tmp_path, 10)
    taken = []
    threads = [threading.Thread(target=lambda: taken.extend(budget.take() for _ in range(5))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert taken.count(True) == 10
    assert budget.spent() == 10
