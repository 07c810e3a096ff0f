"""The command's own parts: the report's headline from the run's files, and its arguments."""

import json

from capillary_conformance.cli.main import _headline, build_parser


def test_the_headline_names_each_region_its_verdict_and_its_findings(tmp_path):
    broken = {"region": "eu", "exitstatus": 1, "history": {"broken_since": {"at": "2026-11-30", "runs": 2}},
              "findings": [{"status": "new"}, {"status": "known"}]}  # fmt: skip
    (tmp_path / "results.json").write_text(json.dumps(broken))
    region = tmp_path / "regions" / "us"
    region.mkdir(parents=True)
    (region / "region.json").write_text(json.dumps({"region": "us", "host": "https://us", "exitstatus": 3}))
    assert (
        _headline(tmp_path)
        == "eu: violations since 2026-11-30 (2 run(s)), 2 finding(s): 1 open, 1 known; us: could not judge"
    )


def test_run_passes_what_it_does_not_know_to_pytest():
    args, rest = build_parser().parse_known_args(
        ["run", "--reports-dir", "out", "-k", "auth", "--capillary-profile=nightly"]
    )
    assert (args.command, args.reports_dir) == ("run", "out")
    assert rest == ["-k", "auth", "--capillary-profile=nightly"]
