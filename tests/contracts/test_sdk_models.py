"""An SDK generator's view: models generated from the bundled contract read the docs' answers."""

import importlib.util
import subprocess
import sys

import pytest
from pydantic import ValidationError

from capillary_conformance.contracts import CONTRACT_DIR

EXAMPLES = CONTRACT_DIR / "examples"


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """Pydantic models written by datamodel-code-generator from ``openapi.bundled.yaml``, imported."""
    out = tmp_path_factory.mktemp("sdk") / "models.py"
    subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator", "--input", str(CONTRACT_DIR / "openapi.bundled.yaml"),
         "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel",
         # one file: the bundle's component names ("upsert-response.schema") are not module paths
         "--no-treat-dot-as-module", "--formatters", "builtin", "--output", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    spec = importlib.util.spec_from_file_location("sdk_models", out)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the models' forward references through it
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.parametrize("page", ["november-2025", "june-2025"])
def test_the_docs_examples_load_through_the_generated_models(models, page):
    response = models.UpsertResponseSchema.model_validate_json(
        (EXAMPLES / f"{page}.response.json").read_text(), strict=True
    )
    models.UpsertRequestSchema.model_validate_json((EXAMPLES / f"{page}.request.json").read_text(), strict=True)
    assert response.data[0].attribution.createdOn.root.endswith("+0000")


def test_the_generated_models_refuse_what_the_contract_refuses(models):
    answer = (EXAMPLES / "november-2025.response.json").read_text()
    for broken in (answer.replace('"id": 12', '"id": "12"'), answer.replace("+0000", "")):
        with pytest.raises(ValidationError):
            models.UpsertResponseSchema.model_validate_json(broken, strict=True)
