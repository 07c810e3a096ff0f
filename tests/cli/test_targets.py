import pytest

from capillary_conformance.cli.targets import load_targets
from capillary_conformance.core.settings import ConfigError

EXAMPLE = """
[defaults]
allow_write = true

[[target]]
region = "eu"
base_url = "https://eu.example.test"
username_env = "EU_USER"
password_env = "EU_PASS"
target_group_id = 1
target_id = 2
utc_offset = "+00:00"
rate_limit = 5

[[target]]
region = "in-sandbox"
utc_offset = "+05:30"
"""


def write(tmp_path, text):
    path = tmp_path / "targets.toml"
    path.write_text(text)
    return path


def test_reads_regions_with_credentials_from_the_environment(tmp_path):
    eu, india = load_targets(write(tmp_path, EXAMPLE), {"EU_USER": "u", "EU_PASS": "p"})
    assert eu.env["CAPILLARY_PASSWORD"] == "p"
    assert eu.env["CAPILLARY_ALLOW_WRITE"] == "1"
    assert eu.env["CAPILLARY_RATE_LIMIT"] == "5"
    assert india.host == "embedded sandbox"
    assert india.env["CAPILLARY_UTC_OFFSET"] == "+05:30"


@pytest.mark.parametrize(
    ("text", "environ", "says"),
    [
        ("[[target]\nregion=", {}, "not valid TOML"),
        ("[defaults]\n", {}, "no [[target]]"),
        (EXAMPLE, {"EU_USER": "u"}, "$EU_PASS, which is not set"),
        ('[[target]]\nregion = "a"\n[[target]]\nregion = "a"\n', {}, "region twice"),
        ('[[target]]\nregion = "a"\ncolour = 1\n', {}, "unknown key colour: a target takes "),
        ('[[target]]\nregion = "a"\nbase_ulr = "https://x.test"\n', {}, "unknown key base_ulr: did you mean base_url?"),
        ('[[target]]\nregion = "a"\nusername_evn = "EU_USER"\n', {}, "did you mean username_env?"),
        (
            '[[target]]\nregion = "a"\nbase_url = "https://x.test"\nallow_write = true\ntarget_group_id = 1\n'
            "target_id = 2\n",
            {},
            "no credentials for https://x.test: set CAPILLARY_USERNAME and CAPILLARY_PASSWORD",
        ),
        ('[[target]]\nregion = "a"\nutc_offset = "IST"\n', {}, "CAPILLARY_UTC_OFFSET"),
        ('[[target]]\nregion = "a"\nbase_url = "https://x.test"\n', {}, "refusing"),
    ],
)
def test_bad_targets_file_is_one_line(tmp_path, text, environ, says):
    with pytest.raises(ConfigError) as raised:
        load_targets(write(tmp_path, text), environ)
    assert says in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_file_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the targets file"):
        load_targets(tmp_path / "nope.toml", {})


def test_a_mistyped_profile_is_bad_configuration_for_the_whole_run(tmp_path):
    """Before, a bad profile passed validation and then failed each region on its own."""
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nregion = "eu"\nprofile = "nighlty"\n')
    with pytest.raises(ConfigError, match=r"^[^\n]+$") as raised:
        load_targets(path, {})
    assert "(eu)" in str(raised.value)
    assert "CAPILLARY_PROFILE='nighlty'" in str(raised.value)
