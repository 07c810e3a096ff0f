import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from filelock import FileLock

from tests.helpers import free_port

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


@contextmanager
def prism(bin_dir: Path, *args: str) -> Iterator[str]:
    """Prism (``mock`` or ``proxy``) on a free loopback port; yields its base URL."""
    port = free_port()
    # Prism itself, not npx: stopping npx would leave its node child listening.
    process = subprocess.Popen([str(bin_dir / "prism"), *args, "--port", str(port), "--host", "127.0.0.1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, f"prism {args[0]} exited with {process.returncode}"
                assert time.monotonic() < deadline, f"prism {args[0]} did not start in 60 s"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)
