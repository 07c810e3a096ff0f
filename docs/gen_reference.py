"""The reference pages, generated from the code at build time (mkdocs-gen-files): every setting from the settings
model (the source of ``run --help`` too), every check from the registry with its promise and the faults that prove
it, the fault catalogue, the exit statuses, and the schema of ``results.json`` from the record model. Each page's
text is a function here, so the project's tests compare what they say with the code without building the site."""

from __future__ import annotations

import json

from capillary_conformance.checks import all_checks
from capillary_conformance.core.exit_status import MEANINGS
from capillary_conformance.core.record import RunRecord
from capillary_conformance.core.settings import GROUPS, Settings, declared, env_name, help_of, meta, option_name
from capillary_conformance.sandbox.faults import CATALOGUE


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(columns: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, each cell escaped as one line."""
    return [f"| {' | '.join(columns)} |", f"|{'---|' * len(columns)}", *(f"| {' | '.join(row)} |" for row in rows)]


def _page(title: str, intro: str, columns: list[str], rows: list[list[str]]) -> str:
    return "\n".join([f"# {title}", "", intro, "", *_table(columns, rows)]) + "\n"


def settings_page() -> str:
    lines = [
        "# Settings",
        "",
        "Every setting of a run, generated from the settings model (`core/settings.py`), the same source as "
        "`capillary-conformance run --help`. Each is an option or its environment variable; a secret is the "
        "variable only. A misspelt one is refused with its closest match.",
    ]
    for group, title in GROUPS.items():
        rows = []
        for name in (name for name in declared() if meta(name)["group"] == group):
            option = f"`{option_name(name)}`" if meta(name)["option"] else "(variable only)"
            default = Settings.model_fields[name].default
            shown = "" if default is None or meta(name)["secret"] else f"`{_cell(default)}`"
            rows.append([f"`{env_name(name)}`", option, shown, _cell(help_of(name))])
        lines += ["", f"## {title[0].upper()}{title[1:]}", ""]
        lines += _table(["Variable", "Option", "Default", "What it does"], rows)
    return "\n".join(lines) + "\n"


def checks_page() -> str:
    rows = []
    for check in all_checks():
        proving = sorted(n for n, f in CATALOGUE.items() if f.breaks == check.name and not f.legal and f.judgeable)
        faults = ", ".join(f"`{name}`" for name in proving)
        if check.sweeps_answers:
            faults = "every answer check's faults (it asks each answer check on every answer)"
        rows.append([f"`{check.name}`", _cell(check.promise), faults])
    intro = (
        "Every check of the registry (`checks/registry.py`), in the order a run asks them, with the promise it holds "
        "a host to and the faults of the sandbox's catalogue that prove it catches what it must."
    )
    return _page("Checks", intro, ["Check", "Promise", "Proven by"], rows)


def faults_page() -> str:
    rows = []
    for name, fault in CATALOGUE.items():
        if name == "none":
            continue
        kind = "legal" if fault.legal else "host in trouble" if not fault.judgeable else "fault"
        rows.append([f"`{name}`", kind, fault.breaks or "", _cell(fault.description)])
    intro = (
        "The embedded sandbox's variants (`capillary-conformance sandbox --fault NAME`), generated from "
        "`sandbox/faults/`: each fault breaks one promise for one check to catch; a legal variant keeps the "
        "contract in a way another host may, and must pass; a host in trouble must be reported as could not judge."
    )
    return _page("The fault catalogue", intro, ["Variant", "Kind", "Must trip", "What it does"], rows)


def exit_statuses_page() -> str:
    rows = [[str(status.value), _cell(meaning)] for status, meaning in MEANINGS.items()]
    return _page("Exit statuses", "What a run's exit status means (`core/exit_status.py`).", ["Exit", "Meaning"], rows)


def results_schema_page() -> str:
    schema = json.dumps(RunRecord.model_json_schema(), indent=2)
    return (
        "# results.json\n\nThe run's record as one file (`CAPILLARY_RESULTS_JSON`), generated from its model "
        "(`core/record.py`): what a nightly, a dashboard or a later run reads.\n\n```json\n" + schema + "\n```\n"
    )


PAGES = {
    "reference/settings.md": settings_page,
    "reference/checks.md": checks_page,
    "reference/faults.md": faults_page,
    "reference/exit-statuses.md": exit_statuses_page,
    "reference/results-schema.md": results_schema_page,
}

if __name__ in ("__main__", "<run_path>"):  # mkdocs-gen-files runs this file as a script
    import mkdocs_gen_files

    for path, page in PAGES.items():
        with mkdocs_gen_files.open(path, "w") as file:
            file.write(page())
