import json
from collections.abc import Iterator

import httpx
import pytest

from capillary_conformance.contracts.files import CONTRACT_DIR
from capillary_conformance.core.settings import Settings, from_env
from capillary_conformance.sandbox import running_sandbox

SEED_REQUEST = json.loads((CONTRACT_DIR / "examples" / "november-2025.request.json").read_text())


def settings_with(**env: str) -> Settings:
    return from_env(env)


@pytest.fixture
def settings() -> Settings:
    return settings_with()


@pytest.fixture
def sandbox(settings) -> Iterator[httpx.Client]:
    """A client for a fresh sandbox on loopback, authenticated and pointed at the configured target."""
    with running_sandbox(settings) as base_url:
        auth = (settings.credentials.username, settings.credentials.password)
        with httpx.Client(base_url=base_url, auth=auth) as client:
            yield client


@pytest.fixture
def upsert_path(settings) -> str:
    return f"/v3/targetGroups/{settings.target_group_id}/targets/{settings.target_id}/communications/upsert"
