"""The terminal as a person reads it after `capillary-conformance run`: the findings first and compact, each with
its broken promise and a replay line, and the exit status in words; pytest's tracebacks only when asked."""

import os
import re
import subprocess
import sys

import pytest

from capillary_conformance.contracts import CONTRACT_DIR
from tests.contracts.conftest import node_tools, prism  # noqa: F401 - node_tools is a fixture
from tests.helpers import CLEAN_ENV, CREDENTIALS

pytestmark = pytest.mark.slow


def run(tmp_path, fault: str, *args: str) -> tuple[int, list[str]]:
    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--reports-dir", str(tmp_path)]
    env = CLEAN_ENV | {"CAPILLARY_SANDBOX_FAULT": fault}
    done = subprocess.run([*command, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    return done.returncode, (done.stdout + done.stderr).splitlines()


@pytest.mark.parametrize(
    ("fault", "findings", "at_most"),
    [("lower-case-enum", 1, 40), ("string-ids+no-errors-key+text-content-type", 3, 56)],
)
def test_a_gate_with_findings_prints_each_in_a_few_lines(tmp_path, fault, findings, at_most):
    status, lines = run(tmp_path, fault)
    assert status == 1
    assert len(lines) <= at_most, "\n".join(lines)
    numbered = [line for line in lines if line.startswith(tuple(f"  {n}. OPEN " for n in range(1, findings + 1)))]
    assert len(numbered) == findings  # each finding's one line: where, which promise, which checks
    for line in numbered:
        promise = lines[lines.index(line) + 1]
        assert promise.startswith("     ")
        assert len(promise.strip()) > 10  # what was broken, in the check's words
        assert lines[lines.index(line) + 2].startswith(
            "     replay: capillary-conformance run --reports-dir reports/replay --hypothesis-seed="
        )
    assert f"exit 1: violations: {findings} broken promise(s), each above with its replay" in lines
    assert not any("Traceback" in line or line.startswith("E   ") for line in lines)


def test_verbose_brings_pytests_tracebacks_back(tmp_path):
    status, lines = run(tmp_path, "lower-case-enum", "-v")
    assert status == 1
    assert any("FAILURES" in line for line in lines)
    assert any(line.startswith("FAILED ") for line in lines)  # pytest's short summary


def test_a_host_that_stops_answering_is_one_line_per_cause(tmp_path):
    status, lines = run(tmp_path, "resets-midway")
    assert status == 3
    (cause,) = [line for line in lines if line.startswith("could not judge ")]  # one line for the one cause
    assert re.fullmatch(r"could not judge \d+ test\(s\): the connection closed mid-answer", cause), cause
    assert not any("Traceback" in line or "httpx" in line for line in lines)
    assert lines[-2] == "exit 3: could not judge: the host did not answer usably (no verdict on the contract)"


def test_against_prisms_mock_a_test_not_judged_takes_no_line_of_its_own(tmp_path, node_tools):  # noqa: F811
    """Stoplight Prism's mock, a host nobody here wrote: it answers the docs' example to everything, and may
    stop answering; what could not be judged is a line per cause, never a traceback per test."""
    with prism(node_tools, "mock", str(CONTRACT_DIR / "openapi.bundled.yaml")) as url:
        target = {"CAPILLARY_BASE_URL": url, "CAPILLARY_TARGET_GROUP_ID": "2750", "CAPILLARY_TARGET_ID": "2996"}
        # A request Prism leaves hanging is timed out in 2 s (it answers in milliseconds when it answers; the default
        # waits longer, and the test with it: 5 s took 39 s, 2 s 21 s).
        writable = {"CAPILLARY_ALLOW_WRITE": "1", "CAPILLARY_SKIP_CLEANUP": "1", "CAPILLARY_TIMEOUT": "2"}
        env = target | CREDENTIALS | writable
        command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--reports-dir", str(tmp_path)]
        done = subprocess.run(command, env=CLEAN_ENV | env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    lines = (done.stdout + done.stderr).splitlines()
    unjudged = [line for line in lines if line.startswith("could not judge ")]
    # It echoes none of what it is sent (exit 1); when it stops answering before any answer was judged, the run
    # could not judge it (exit 3, said in those lines). Either way, no line per test and no traceback.
    assert done.returncode == 1 or (done.returncode == 3 and unjudged), "\n".join(lines)
    assert len(unjudged) == len(set(unjudged))  # one line per cause
    assert not any("Traceback" in line or line.startswith(("E   ", "ERROR ")) for line in lines)
    assert len(lines) <= 80, "\n".join(lines)
    # Hypothesis' pytest plugin imports libcst once a property fails (to write its patch); libcst before 1.2 warns
    # on import. The lowest-versions lane installs such a libcst (REQUIRE_NOISY_LIBCST): those warnings are one line.
    noisy = a_noisy_libcst_is_installed()
    if os.environ.get("REQUIRE_NOISY_LIBCST") and not noisy:
        pytest.fail("REQUIRE_NOISY_LIBCST is set, but this Python's libcst imports without a DeprecationWarning")
    if noisy and done.returncode == 1:
        (counted,) = [line for line in lines if "warning(s) of other packages not shown" in line]
        assert re.fullmatch(r"\d+ warning\(s\) of other packages not shown \(-v, or -W default, shows them\)", counted)
        assert not any("warnings summary" in line or "libcst" in line for line in lines), "\n".join(lines)


def a_noisy_libcst_is_installed() -> bool:
    """Whether this Python's libcst raises a DeprecationWarning when imported (1.1 and older do: mypy_extensions)."""
    probe = [sys.executable, "-W", "error::DeprecationWarning", "-c", "import libcst"]
    done = subprocess.run(probe, env=CLEAN_ENV, capture_output=True, text=True, timeout=120)
    return done.returncode != 0 and "DeprecationWarning" in done.stderr


NOISY = """
import warnings


def pytest_runtest_call(item):
    # What a library a test imports does (libcst through Hypothesis): a DeprecationWarning of its own, each test.
    warnings.warn_explicit("noisy_package.old_api is deprecated", DeprecationWarning, __file__, 7)
"""


@pytest.mark.parametrize("asked", [[], ["-W", "default"]], ids=["quiet", "asked for"])
def test_other_packages_warnings_are_one_line_unless_asked_for(tmp_path, asked):
    (tmp_path / "noisy_package.py").write_text(NOISY)
    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--reports-dir", str(tmp_path),
               "-p", "noisy_package", "-k", "auth", *asked]  # fmt: skip
    env = CLEAN_ENV | {"PYTHONPATH": str(tmp_path)}
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 0, "\n".join(lines[-40:])
    counted = [line for line in lines if "warning(s) of other packages not shown" in line]
    if asked:
        assert counted == []
        assert any("warnings summary" in line for line in lines)  # pytest's own, as asked
    else:
        (line,) = counted
        assert re.fullmatch(r"\d+ warning\(s\) of other packages not shown \(-v, or -W default, shows them\)", line)
        assert not any("warnings summary" in line or "noisy_package" in line for line in lines), lines
        assert not any(re.search(r"\d+ warnings?\b", line) for line in lines[-2:])  # pytest's count line


def test_a_long_run_under_a_terminal_asks_the_terminal_nothing(tmp_path):
    """Under a pseudo-terminal, planned longer than a minute (130 requests at 2 a second): the progress lines come
    on lines of their own, and nothing asks the terminal for its cursor (ESC [ 6 n), whose answer the shell would
    read after the run."""
    import os
    import pty

    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--reports-dir", str(tmp_path),
               "--capillary-profile=selftest", "-k", "auth"]  # fmt: skip
    env = CLEAN_ENV | {"CAPILLARY_RATE_LIMIT": "2/s", "CAPILLARY_MAX_REQUESTS": "130", "COLUMNS": "160"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the run, its terminal the pseudo-terminal
        os.chdir(tmp_path)
        os.execve(sys.executable, command, env)
    written = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        written += chunk
    _, status = os.waitpid(pid, 0)
    text = written.decode(errors="replace")
    assert b"\x1b[6n" not in written
    assert "plan: at most 130 requests, about 1.1 min at 2/s" in text
    assert os.waitstatus_to_exitcode(status) in (0, 6), text[-3000:]
