"""The ``capillary-conformance`` command: serve the sandbox, run the suite, build reports."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from capillary_conformance import __version__
from capillary_conformance.cli import contract as contract_command
from capillary_conformance.cli.html_report import ReportToolMissing, generate
from capillary_conformance.cli.nightly import (
    RegionResult,
    ignored_settings,
    merge,
    overall_status,
    region_env,
    run_nightly,
)
from capillary_conformance.cli.options import refuse_misspelt, refuse_unknown
from capillary_conformance.cli.runner import fresh_reports, suite_command
from capillary_conformance.cli.selftest import kill_matrix, run_all, variants
from capillary_conformance.cli.targets import load_targets
from capillary_conformance.contracts import contract_version
from capillary_conformance.core.exit_status import ExitStatus
from capillary_conformance.core.record import RunRecord
from capillary_conformance.core.settings import (
    GROUPS,
    ConfigError,
    Settings,
    declared,
    env_name,
    from_env,
    help_of,
    meta,
    option_name,
)
from capillary_conformance.plugin.verdict.history import allure_history_file
from capillary_conformance.sandbox import serve
from capillary_conformance.sandbox.faults import CATALOGUE, is_fault

EXAMPLE_TARGETS = Path(__file__).with_name("targets.example.toml")


def _describe(settings: Settings, port: int, fault: str | None) -> str:
    password = "from CAPILLARY_PASSWORD" if settings.given("password") else "documented default"
    offset = settings.utc_offset.tzname(None) if settings.utc_offset else "UTC"
    mode = (
        "plays a region (channels 1-3 only, earlier rows, warnings and request ids)"
        if settings.sandbox_environment
        else "the reference sandbox (any channel, an empty target)"
    )
    latency = f"answers {settings.sandbox_latency:g}s late" if settings.sandbox_latency else "answers at once"
    rate = f"429 past {settings.sandbox_rate_limit}" if settings.sandbox_rate_limit else "no rate limit"
    return (
        f"Capillary reference sandbox on http://127.0.0.1:{port}"
        f"{f' with fault {fault!r}' if fault else ''}\n"
        f"  user {settings.credentials.username!r} (password: {password}), "
        f"target group {settings.target_group_id}, target {settings.target_id}, "
        f"time zone {offset}, upsert key {','.join(settings.upsert_key)}\n"
        f"  mode: {mode}; {latency}; {rate}\n"
        "  Ctrl-C stops it."
    )


def _sandbox(args: argparse.Namespace) -> int:
    settings = from_env()
    fault = args.fault or settings.sandbox_fault  # the option, or its CAPILLARY_SANDBOX_FAULT twin
    if fault is not None and not is_fault(fault):
        unknown = next(part for part in fault.split("+") if part not in CATALOGUE)
        close = difflib.get_close_matches(unknown, sorted(CATALOGUE), n=3)
        hint = f"; the closest: {', '.join(close)}" if close else ""
        raise ConfigError(
            f"no fault {unknown!r} in the catalogue{hint} (`capillary-conformance sandbox --help` lists them)"
        )
    print(_describe(settings, args.port, fault), flush=True)
    serve(settings, args.port, fault)
    return 0


def _report(reports: Path, history: tuple[Path, int] | None = None, headline: str = "") -> int:
    """Build reports/html/index.html from reports/allure-results; one line either way."""
    results = reports / "allure-results"
    if not results.is_dir():
        print(f"capillary-conformance: no Allure results in {results}: run the suite first", file=sys.stderr)
        return ExitStatus.BAD_CONFIGURATION
    try:
        index = generate(results, reports / "html", history, headline)
    except (ReportToolMissing, OSError) as error:
        print(
            f"capillary-conformance: HTML report not written ({error}); the results are in {results}", file=sys.stderr
        )
        return ExitStatus.COULD_NOT_JUDGE
    print(f"HTML report: {index}")
    return 0


def _selftest(args: argparse.Namespace, rest: list[str]) -> int:
    known = {variant.label: variant for variant in variants()}
    if args.list:
        print("\n".join(known))
        return 0
    unknown = [label for label in args.variant or () if label not in known]
    if unknown:
        raise ConfigError(f"no variant is labelled {', '.join(map(repr, unknown))} (`selftest --list` lists them)")
    chosen = [known[label] for label in args.variant] if args.variant else list(known.values())
    print(f"the suite against {len(chosen)} sandbox variant(s) ...", flush=True)
    outcomes = run_all(chosen, keep=Path(args.reports_dir).resolve() if args.reports_dir else None)
    print(kill_matrix(outcomes))
    wrong = [outcome.variant.label for outcome in outcomes if not outcome.right]
    if wrong:
        print(f"judged wrong: {', '.join(wrong)}")
    return ExitStatus.VIOLATION if wrong else ExitStatus.CONFORMS


def _region_env(targets: str | None, region: str | None) -> dict[str, str]:
    """The environment of one region of a targets file, by the nightly's one rule."""
    if not (targets and region):
        raise ConfigError("--targets and --region go together: a region of a nightly targets file")
    found = {target.region: target for target in load_targets(Path(targets))}
    if region not in found:
        raise ConfigError(f"{targets} has no region {region!r} (it has {', '.join(found)})")
    return region_env(found[region])


def _run_child(argv: list[str], env: dict[str, str] | None = None) -> int:
    """The suite in a child process (a fresh interpreter for assertion rewriting and Hypothesis state).

    Ctrl-C reaches the child from the terminal; a SIGTERM (a CI time-out) sent to us is passed on. Either
    way pytest stops, still writing the JUnit file and the results of what ran.
    """
    child = subprocess.Popen(argv, env=env)
    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN),
        signal.SIGTERM: signal.signal(signal.SIGTERM, lambda signum, frame: child.send_signal(signal.SIGTERM)),
    }
    try:
        return child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _write_example_targets(path: Path) -> int:
    if path.exists():
        raise ConfigError(f"{path} exists: `nightly --init` writes a new file only (name another: --init PATH)")
    path.write_text(EXAMPLE_TARGETS.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"wrote {path}: name your regions there, then `capillary-conformance nightly --targets {path}`")
    return ExitStatus.CONFORMS


def _run(args: argparse.Namespace, pytest_args: list[str]) -> int:
    # Configuration (environment and option twins alike) is judged by the suite's plugin: one line, exit 4.
    refuse_unknown("run", args.own_options, pytest_args)
    env = _region_env(args.targets, args.region) if args.targets or args.region else None
    reports = Path(args.reports_dir).resolve()
    fresh_reports(reports)
    status = _run_child(suite_command(pytest_args, reports), env)
    if args.report:
        _report_if_any(reports)
    return status


def _report_if_any(reports: Path, history: tuple[Path, int] | None = None) -> None:
    if any((reports / "allure-results").glob("*-result.json")):
        _report(reports, history or _history_of(reports), _headline(reports))
    else:
        print("capillary-conformance: no HTML report: the run stopped before any test", file=sys.stderr)


def _records(reports: Path) -> list[RunRecord]:
    """The run's record, or each region's in a nightly (whichever version wrote them)."""
    found = []
    for path in [reports / "results.json", *sorted(reports.glob("regions/*/results.json"))]:
        with contextlib.suppress(OSError, ValueError):
            found.append(RunRecord.read(path))
    return found


def _headline(reports: Path) -> str:
    """Each region's verdict, and since when a broken one is broken: what the report's first screen says."""
    records = {record.region: record for record in _records(reports)}
    # A nightly region that ran no test wrote no record: its verdict row says why.
    for row in sorted(reports.glob("regions/*/region.json")):
        result = RegionResult.read(row)
        records.setdefault(result.target.region, RunRecord(region=result.target.region, exitstatus=result.exitstatus))
    return "; ".join(record.headline() for record in records.values())


def _history_of(reports: Path) -> tuple[Path, int] | None:
    """Where the run kept its history (its record says; a nightly's regions share one), for the trends.
    Only a run appends to Allure's history: ``report`` alone does not, so rebuilding a report adds no run."""
    nightly = (reports / "regions").is_dir()
    for record in _records(reports):
        if "dir" in record.history:  # a report of its own per region, and one for the nightly: their trends do not mix
            name = allure_history_file("nightly" if nightly else record.region)
            return Path(record.history["dir"]) / name, record.history["limit"]
    return None


def _nightly(args: argparse.Namespace, pytest_args: list[str]) -> int:
    if args.init is not None:
        return _write_example_targets(Path(args.init))
    if args.targets is None:
        raise ConfigError("nightly needs --targets FILE (`capillary-conformance nightly --init` writes an example)")
    refuse_unknown("nightly", args.own_options, pytest_args)
    targets = load_targets(Path(args.targets))
    pointed_to = {name for target in targets for name in target.reads}  # every region's, --only or not
    settings = from_env(os.environ, pointed_to)  # a misspelt setting refused before any region starts
    if ignored := ignored_settings(os.environ):
        print(ignored, flush=True)
    if args.only is not None:
        wanted = [region.strip() for region in args.only.split(",") if region.strip()]
        if not wanted:
            raise ConfigError("--only names no region (e.g. --only eu,india)")
        unknown = sorted(set(wanted) - {t.region for t in targets})
        if unknown:
            raise ConfigError(f"--only names {', '.join(unknown)}, not a region of {args.targets}")
        targets = [t for t in targets if t.region in wanted]
    at_once = min(len(targets), settings.regions_at_once or os.cpu_count() or 1)
    reports = Path(args.reports_dir)
    fresh_reports(reports)
    print(f"nightly: {len(targets)} region(s), {at_once} at once: {', '.join(t.region for t in targets)}", flush=True)
    results = run_nightly(targets, reports, pytest_args, at_once, settings.docs_page)
    return _nightly_end(results, reports, args.report)


def _merge(args: argparse.Namespace, pytest_args: list[str]) -> int:
    reports = Path(args.reports_dir)
    fresh_reports(reports)
    settings = from_env(os.environ)
    results = merge([Path(share) for share in args.shares], reports, settings.history_dir)
    print(f"merged: {len(results)} region(s) from {len(args.shares)} share(s)", flush=True)
    # The shares kept their history on other machines: the merge's report trends only with its own.
    history = (settings.history_dir / allure_history_file("nightly"), settings.history_limit)
    return _nightly_end(results, reports, args.report, history if settings.history_dir else None)


def _nightly_end(
    results: list[RegionResult], reports: Path, report: bool, history: tuple[Path, int] | None = None
) -> int:
    """The summary (the verdict table, then the regions side by side), the report, the exit status."""
    print((reports / "nightly-summary.txt").read_text(encoding="utf-8"), end="")
    if report:
        _report_if_any(reports, history)
    return overall_status(results)


EXIT_STATUSES = (
    "exit status: 0 conforms, 1 contract violation, 2 interrupted, 3 could not judge the host, "
    "4 bad configuration, 5 no test selected, 6 not fully judged (the budget or time left questions unasked)"
)
PROGRESS_MARKS = (
    "progress marks (pytest's, one a test): . kept its promises, F broke one (the summary names it), s not judged "
    "(the budget ran out, or a known finding accepted it), u a Schemathesis case, judged as one with its test"
)


def _settings_help(width: int | None = None) -> str:
    """The settings by group (the host, what may be written, speed and budget, reports; the self-test's last),
    each its option and environment variable, then what it does, wrapped to the terminal."""
    width = max(60, min(width or shutil.get_terminal_size().columns, 120))
    wrap = functools.partial(textwrap.fill, width=width, initial_indent="      ", subsequent_indent="      ")
    sections = ["settings: each an option, or its environment variable (a secret: the variable only)"]
    for group, title in GROUPS.items():
        names = [name for name in declared() if meta(name)["group"] == group]
        lines = [f"\n{title}:"]
        for name in names:
            option = option_name(name) if meta(name)["option"] else "(environment only)"
            lines += [f"  {option}  {env_name(name)}", wrap(help_of(name))]
        sections.append("\n".join(lines))
    return "\n".join(sections)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capillary-conformance",
        description="The conformance suite for Capillary's Upsert target communication API: run it against a "
        "host, serve the embedded sandbox, run a nightly across regions, build the HTML report.",
    )
    parser.add_argument(
        "--version", action="version", version=f"capillary-conformance {__version__} (contract {contract_version()})"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    faults = "\n".join(
        f"  {name:<26} {cls.description}" + (f"  [must trip: {cls.breaks}]" if cls.breaks else "")
        for name, cls in sorted(CATALOGUE.items())
        if name != "none"
    )
    sandbox = commands.add_parser(
        "sandbox",
        help="serve the embedded reference sandbox in the foreground",
        epilog=f"settings it reads (environment):\n{_sandbox_settings()}\n\nfaults:\n{faults}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sandbox.add_argument("--port", type=int, default=8765, help="loopback port (default 8765)")
    sandbox.add_argument("--fault", metavar="NAME", help="serve a faulty variant instead (listed below)")
    sandbox.set_defaults(handler=lambda args, rest: _sandbox(args))

    run = commands.add_parser(
        "run",
        help="run the conformance suite (other arguments go to pytest: -k, -x, --capillary-profile=nightly, ...)",
        description=textwrap.fill(
            "Run the suite against the configured host (the embedded sandbox when none is). Arguments it does not "
            "know go to pytest: -k EXPR, -x, -v (pytest's tracebacks), test ids from a replay line, and the "
            "settings below.",
            max(60, shutil.get_terminal_size().columns),
        ),
        epilog="\n\n".join(
            [
                _settings_help(),
                *(
                    textwrap.fill(text, max(60, shutil.get_terminal_size().columns))
                    for text in (PROGRESS_MARKS, EXIT_STATUSES)
                ),
            ]
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--reports-dir", default="reports", help="where results and the HTML report go (default reports)")
    run.add_argument(
        "--targets", metavar="FILE", help="with --region: run against that region of a nightly targets file"
    )
    run.add_argument("--region", metavar="NAME", help="the region of --targets to run against (a replay line names it)")
    run.add_argument("--no-report", dest="report", action="store_false", help="skip the HTML report")
    run.set_defaults(handler=_run, own_options=_options_of(run))

    nightly = commands.add_parser(
        "nightly",
        help="run the suite against every region of a targets file at once, into one report and summary",
    )
    nightly.add_argument("--targets", help="TOML file naming the regions (`nightly --init` writes an example)")
    nightly.add_argument(
        "--init", nargs="?", const="targets.toml", metavar="PATH", help="write an example targets file (targets.toml)"
    )
    nightly.add_argument("--reports-dir", default="reports", help="where results and the HTML report go")
    nightly.add_argument("--no-report", dest="report", action="store_false", help="skip the HTML report")
    nightly.add_argument(
        "--only", metavar="REGION[,REGION]", help="run this share of the regions (merge the shares with `merge`)"
    )
    nightly.set_defaults(handler=_nightly, own_options=_options_of(nightly))

    merging = commands.add_parser(
        "merge", help="combine nightly shares run on several machines into one report, summary and exit status"
    )
    merging.add_argument("shares", nargs="+", metavar="SHARE_DIR", help="the reports folder of each share")
    merging.add_argument("--reports-dir", default="reports", help="where the merged results and report go")
    merging.add_argument("--no-report", dest="report", action="store_false", help="skip the HTML report")
    merging.set_defaults(handler=_merge)

    selftest = commands.add_parser(
        "selftest",
        help="prove the checks: the suite against the sandbox's variants, and the kill matrix",
        description="Run the suite against each sandbox variant, as many at once as there are cores: every correct "
        "variant must pass, every fault must be caught by the check it breaks. Prints the kill matrix; exits 1 if "
        "any variant was judged wrong. Checks and faults of other packages (entry point groups "
        "capillary_conformance.checks and capillary_conformance.faults) are in it too.",
    )
    selftest.add_argument(
        "--variant", action="append", metavar="LABEL", help="only this variant (repeat it for more; default: all)"
    )
    selftest.add_argument("--list", action="store_true", help="list the variants' labels and exit")
    selftest.add_argument("--reports-dir", help="keep each variant's reports in DIR/<variant> (default: none kept)")
    selftest.set_defaults(handler=_selftest)

    contract = commands.add_parser(
        "contract", help="the contract against the docs page (check-docs) and against its other versions (diff)"
    )
    contract_commands = contract.add_subparsers(dest="contract_command", required=True)
    check_docs = contract_commands.add_parser(
        "check-docs",
        help="say every difference between captures of the docs page and the contract",
        description="Read captures of the docs page 'Upsert target communication' (the page's Markdown source, or "
        "the rendered page's text; a file or a URL) and say in words every difference from the contract: fields "
        "added or gone from the body or answer tables, enum values, changed descriptions (old and new quoted), the "
        "path and method, the deprecation state, and each example the contract refuses. Rendering artefacts (a "
        "path whose ids were dropped, hidden e-mail addresses) are named as such, never counted.",
        epilog="exit status: 0 the pages agree with the contract, 1 one differs, 4 a page cannot be read",
    )
    check_docs.add_argument("pages", nargs="+", metavar="PAGE", help="a capture of the docs page: a file or a URL")
    check_docs.add_argument("--format", dest="output", choices=("text", "json"), default="text", help="text or json")
    check_docs.set_defaults(handler=lambda args, rest: contract_command.check_docs(args.pages, args.output))

    contract_diff = contract_commands.add_parser(
        "diff",
        help="what changed between two versions of the contract, and whom each change can break",
        description="Compare two versions of the contract and class each change: breaking for clients (an SDK "
        "built on OLD may fail against a host keeping NEW), breaking for hosts (a host keeping OLD now fails the "
        "suite), or neither (words, additions a reader ignores). Each of OLD and NEW is a contract folder (or a "
        "checkout holding contracts/), a wheel of this package, installed:PYTHON (the version installed for "
        "that interpreter), or a git revision of the repository you run it in (git:REV).",
        epilog="exit status: 0 no breaking change (as --fail-on counts them), 1 a breaking change, 4 a version "
        "that cannot be read",
    )
    contract_diff.add_argument("old", metavar="OLD", help="the contract the SDK was built against")
    contract_diff.add_argument("new", metavar="NEW", help="the contract the suite judges by now")
    contract_diff.add_argument("--format", dest="output", choices=("text", "json"), default="text", help="text or json")
    contract_diff.add_argument(
        "--fail-on", choices=("any", "clients", "hosts"), default="any", help="which breaking changes exit 1 (any)"
    )
    contract_diff.set_defaults(
        handler=lambda args, rest: contract_command.diff(args.old, args.new, args.output, args.fail_on)
    )

    report = commands.add_parser("report", help="build reports/html/index.html from reports/allure-results")
    report.add_argument("--reports-dir", default="reports", help="the folder holding allure-results/")
    report.set_defaults(handler=lambda args, rest: _report(Path(args.reports_dir)))
    return parser


# What the sandbox command reads of the settings: who may call it, where it writes, how it answers.
SANDBOX_READS = (
    "username", "password", "target_group_id", "target_id", "utc_offset", "time_zone", "upsert_key",
    "sandbox_environment", "sandbox_latency", "sandbox_rate_limit", "sandbox_fault", "sandbox_cookie",
)  # fmt: skip


def _sandbox_settings() -> str:
    return "\n".join(f"  {env_name(name):<31} {help_of(name)}" for name in SANDBOX_READS)


def _chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, argparse.ArgumentParser]:
    """The command the arguments named (``contract check-docs``, say), and its parser."""
    words: list[str] = []
    for dest in ("command", "contract_command"):
        name = getattr(args, dest, None)
        subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if name is None or not subparsers:
            break
        parser = subparsers[0].choices[name]
        words.append(name)
    return " ".join(words), parser


def _options_of(parser: argparse.ArgumentParser) -> list[str]:
    return [option for action in parser._actions for option in action.option_strings]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    try:
        if rest and args.command not in ("run", "nightly"):
            command, chosen = _chosen(parser, args)
            refuse_misspelt(command, _options_of(chosen), rest)
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        return args.handler(args, rest)
    except ConfigError as error:
        print(f"capillary-conformance: configuration error: {error}", file=sys.stderr)
        return ExitStatus.BAD_CONFIGURATION
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:  # `selftest --list | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitStatus.CONFORMS


if __name__ == "__main__":
    sys.exit(main())
