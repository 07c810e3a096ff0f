"""The JUnit file's failure messages: the broken promise in one line and the replay line; the other cases of one
finding say which case broke it first; nothing of the suite's objects or of Hypothesis' and Schemathesis' words."""

from types import SimpleNamespace

from capillary_conformance.plugin.outputs.junit import MESSAGE, JUnitMessages, message_of

REPLAY = "capillary-conformance run --reports-dir reports/replay 'test_x.py::test_y[first]'"


def report(nodeid: str, said: dict, crash: str = "CheckFailure: [echo] ...\nFailing explicit example: t(host=Host(h))"):
    crashed = SimpleNamespace(message=crash)
    return SimpleNamespace(nodeid=nodeid, failed=True, user_properties=[(MESSAGE, said)], longrepr=SimpleNamespace(
        reprcrash=crashed))  # fmt: skip


def test_the_first_case_of_a_finding_says_its_promise_and_the_others_name_it():
    junit = JUnitMessages()
    line = "broken promise at /data/*/channelId (echo): channelId was sent as 1 but answered as 2"
    first, second = (
        report("a.py::t[first]", message_of(line, "/data/*/channelId", REPLAY)),
        report("b.py::u[first]", message_of(line.replace("echo", "idempotency"), "/data/*/channelId", REPLAY + "2")),
    )
    other = report(
        "c.py::v[first]", message_of("broken promise at status: no-5xx (negative): HTTP 500", "status: no-5xx")
    )
    for each in (first, second, other):
        junit.pytest_runtest_logreport(each)
    assert first.longrepr.reprcrash.message == f"{line}\nreplay: {REPLAY}"
    assert second.longrepr.reprcrash.message.startswith(
        "same broken promise as a.py::t[first]: broken promise at /data/*/channelId (idempotency)"
    )
    assert second.longrepr.reprcrash.message.endswith(f"replay: {REPLAY}2")
    assert other.longrepr.reprcrash.message == "broken promise at status: no-5xx (negative): HTTP 500"
    for each in (first, second, other):
        said = each.longrepr.reprcrash.message
        assert not any(word in said for word in ("capillary_conformance.", "Host(", "Failing", "CustomFailure("))


def test_a_case_not_judged_says_why_and_one_without_a_verdict_keeps_pytests_message():
    junit = JUnitMessages()
    unjudged = report("a.py::t", message_of("could not judge h: timed out"), crash="HostUnavailable: ...")
    suite_error = report("b.py::u", message_of(""), crash="TypeError: the suite's own bug")
    junit.pytest_runtest_logreport(unjudged)
    junit.pytest_runtest_logreport(suite_error)
    assert unjudged.longrepr.reprcrash.message == "could not judge h: timed out"
    assert suite_error.longrepr.reprcrash.message == "TypeError: the suite's own bug"
