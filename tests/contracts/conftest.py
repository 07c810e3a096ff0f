import shutil
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "node_modules" / ".bin"


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """The contract's third-party tools (Redocly, Spectral, Prism), installed once from package-lock.json."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the third-party tool tests need Node.js 20+")
    with FileLock(ROOT / "node_modules.lock"):
        if not all((BIN / name).exists() for name in ("redocly", "spectral", "prism")):
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
    return BIN


@pytest.fixture
def copied_contracts(tmp_path) -> Path:
    """contracts/ copied elsewhere, as an SDK team takes it: it must stand alone there."""
    return Path(shutil.copytree(ROOT / "contracts", tmp_path / "contracts"))
