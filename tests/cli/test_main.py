"""The command's own parts: the report's headline from the run's files, and its arguments."""

import json

import pytest

from capillary_conformance.cli.main import _headline, build_parser, main
from capillary_conformance.cli.targets import load_targets


def test_the_headline_names_each_region_its_verdict_and_its_findings(tmp_path):
    broken = {"region": "eu", "exitstatus": 1, "history": {"broken_since": {"at": "2026-11-30", "runs": 2}},
              "findings": [{"status": "new"}, {"status": "known"}]}  # fmt: skip
    (tmp_path / "results.json").write_text(json.dumps(broken))
    region = tmp_path / "regions" / "us"
    region.mkdir(parents=True)
    (region / "region.json").write_text(json.dumps({"region": "us", "host": "https://us", "exitstatus": 3}))
    assert (
        _headline(tmp_path)
        == "eu: violations since 2026-11-30 (2 run(s)): 2 broken promises, met by 0 case(s) (1 open, 1 known); "
        "us: could not judge"
    )


def test_run_passes_what_it_does_not_know_to_pytest():
    args, rest = build_parser().parse_known_args(
        ["run", "--reports-dir", "out", "-k", "auth", "--capillary-profile=nightly"]
    )
    assert (args.command, args.reports_dir) == ("run", "out")
    assert rest == ["-k", "auth", "--capillary-profile=nightly"]


def test_a_misspelt_option_of_ours_is_one_line_with_the_closest_and_exit_4(capsys):
    assert main(["run", "--capillary-profle=nightly"]) == 4
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(
        "`capillary-conformance run` has no option --capillary-profle; did you mean --capillary-profile?"
    )


def test_the_version_says_the_suites_and_the_contracts(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("capillary-conformance 0.1.0 (contract ")


def test_nightly_init_writes_an_example_targets_file_that_loads_and_never_overwrites(tmp_path, capsys):
    path = tmp_path / "targets.toml"
    assert main(["nightly", "--init", str(path)]) == 0
    assert [target.region for target in load_targets(path)]
    assert main(["nightly", "--init", str(path)]) == 4
    assert "exists" in capsys.readouterr().err


def test_run_takes_a_region_of_a_targets_file_only_with_both_named(tmp_path, capsys):
    path = tmp_path / "targets.toml"
    assert main(["nightly", "--init", str(path)]) == 0
    assert main(["run", "--targets", str(path)]) == 4
    assert main(["run", "--targets", str(path), "--region", "mars"]) == 4
    err = capsys.readouterr().err.splitlines()
    assert err[-2].endswith("--targets and --region go together: a region of a nightly targets file")
    assert "has no region 'mars' (it has eu-sandbox, india-sandbox)" in err[-1]


def test_run_help_groups_the_settings_and_fits_the_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    shown = capsys.readouterr().out
    assert max(len(line) for line in shown.splitlines()) <= 100
    titles = [
        "the host:",
        "what the run may write:",
        "speed and budget:",
        "reports and history:",
        "a nightly's",
        "the suite's self-test:",
    ]
    places = [shown.index(title) for title in titles]
    assert places == sorted(places)  # the self-test's settings last, apart from a user's
    assert shown.index("CAPILLARY_SANDBOX_FAULT") > places[-1]
