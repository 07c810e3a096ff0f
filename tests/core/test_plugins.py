import sys

import pytest

from capillary_conformance.core.plugins import load_entry_points

GROUP = "capillary_conformance.test_plugins"


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A distribution on the path naming ``modules`` (name: source) under GROUP, as an installed package does."""

    def install(**modules: str) -> None:
        info = tmp_path / "plugin_pkg-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: plugin-pkg\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text(f"[{GROUP}]\n" + "".join(f"{m} = {m}\n" for m in modules))
        for name, source in modules.items():
            (tmp_path / f"{name}.py").write_text(source)
            monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.syspath_prepend(str(tmp_path))

    return install


def test_every_module_named_is_imported(installed):
    installed(plugin_one="LOADED = True\n")
    load_entry_points(GROUP)
    assert sys.modules["plugin_one"].LOADED


def test_a_module_that_fails_to_import_is_one_line_and_exit_4(installed, capsys):
    installed(plugin_broken="raise RuntimeError('no such field')\n")
    with pytest.raises(SystemExit) as stopped:
        load_entry_points(GROUP)
    assert stopped.value.code == 4
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        f"capillary-conformance: configuration error: plugin_broken, named by entry point {GROUP}:plugin_broken "
        "(package plugin-pkg), failed to load: RuntimeError: no such field"
    )
