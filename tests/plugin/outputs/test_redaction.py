"""No secret leaves in a test's report, though a host's answer quoted in a failure may echo one."""

from types import SimpleNamespace

from capillary_conformance.checks import CheckFailure
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.settings import Credentials
from capillary_conformance.plugin.outputs.redaction import redact_failures, redact_report

REDACTOR = Redactor.for_credentials(Credentials(username="u", password="s3cret-pass"))


def test_a_failure_quoting_the_password_is_redacted_and_names_its_answer():
    failure = CheckFailure("echo", "sender was sent as 'a' and came back 's3cret-pass'")
    group = ExceptionGroup("two", [failure, ValueError("other")])
    redact_failures(group, REDACTOR, "X-Cap-Requestid: A1")
    assert "s3cret-pass" not in failure.reason
    assert str(failure).endswith("(failing answer's X-Cap-Requestid: A1)")
    redact_failures(None, REDACTOR, "")  # a test that raised nothing


def test_a_failed_report_whose_text_holds_a_secret_loses_it():
    report = SimpleNamespace(failed=True, longrepr="E   got {'password': 's3cret-pass'}")
    redact_report(report, REDACTOR)
    assert "s3cret-pass" not in str(report.longrepr)
    kept = SimpleNamespace(failed=True, longrepr=("file.py", 3, "nothing to hide"))
    redact_report(kept, REDACTOR)
    assert kept.longrepr == ("file.py", 3, "nothing to hide")  # structured: JUnit reads its message from it


def test_schemathesis_own_curl_with_a_filtered_authorization_is_left_out():
    from capillary_conformance.plugin.outputs.redaction import drop_filtered_replays

    entry = SimpleNamespace(
        lines=["  | [422] Unprocessable\n  | Reproduce with:\n  |     curl -H 'authorization: [Filtered]'\n"]
    )
    report = SimpleNamespace(longrepr=SimpleNamespace(chain=[(SimpleNamespace(reprentries=[entry]), None, None)]))
    drop_filtered_replays(report)
    assert entry.lines == ["  | [422] Unprocessable\n"]
    drop_filtered_replays(SimpleNamespace(longrepr=("file.py", 3, "skipped")))  # nothing to leave out
