import re
from datetime import timedelta
from pathlib import Path

import pytest

from capillary_conformance.core.settings import (
    ConfigError,
    closest_setting,
    env_name,
    from_env,
    inherited,
    region_owned,
    undeclared,
)


def test_defaults_point_at_the_embedded_sandbox():
    settings = from_env({})
    assert settings.uses_embedded_sandbox
    assert settings.upsert_key == ("communicationType", "channelId")
    assert settings.utc_offset is None


def test_reads_every_setting():
    settings = from_env(
        {
            "CAPILLARY_BASE_URL": "https://eu.api.capillarytech.com/",
            "CAPILLARY_USERNAME": "u",
            "CAPILLARY_PASSWORD": "p",
            "CAPILLARY_TARGET_GROUP_ID": "5",
            "CAPILLARY_TARGET_ID": "6",
            "CAPILLARY_ALLOW_WRITE": "1",
            "CAPILLARY_UTC_OFFSET": "+0530",
            "CAPILLARY_UPSERT_KEY": "communicationType",
            "CAPILLARY_REGION": "india",
        }
    )
    assert settings.base_url == "https://eu.api.capillarytech.com"
    assert (settings.target_group_id, settings.target_id, settings.allow_write) == (5, 6, True)
    assert settings.utc_offset.utcoffset(None) == timedelta(hours=5, minutes=30)
    assert settings.upsert_key == ("communicationType",)
    assert "s3cret-value" not in repr(settings.credentials)


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"CAPILLARY_BASE_URL": "ftp://host"}, "http(s)"),
        ({"CAPILLARY_USERNAME": "u"}, "CAPILLARY_PASSWORD"),
        ({"CAPILLARY_PASSWORD": "p"}, "CAPILLARY_USERNAME"),
        ({"CAPILLARY_TARGET_ID": "-3"}, "positive integer"),
        ({"CAPILLARY_TARGET_GROUP_ID": "abc"}, "positive integer"),
        ({"CAPILLARY_UTC_OFFSET": "+5:30"}, "CAPILLARY_UTC_OFFSET"),
        ({"CAPILLARY_UTC_OFFSET": "+25:00"}, "CAPILLARY_UTC_OFFSET"),
        ({"CAPILLARY_UPSERT_KEY": "channelId"}, "communicationType"),
        ({"CAPILLARY_UPSERT_KEY": "communicationType,colour"}, "CAPILLARY_UPSERT_KEY"),
    ],
)
def test_bad_configuration_is_one_line(env, names):
    with pytest.raises(ConfigError, match=r"^[^\n]+$") as raised:
        from_env(env)
    assert names in str(raised.value)


def test_each_setting_derives_its_variable_and_option_from_its_name():
    from capillary_conformance.core.settings import declared, env_name, meta, option_name

    names = list(declared())
    assert env_name("timeout") == "CAPILLARY_TIMEOUT"
    assert option_name("target_group_id") == "--capillary-target-group-id"
    secrets = [name for name in names if meta(name)["secret"]]
    assert "password" in secrets
    assert not [name for name in secrets if meta(name)["option"]], "a secret on a command line is visible to all"


def test_reports_show_every_setting_but_the_secrets():
    settings = from_env({"CAPILLARY_PASSWORD": "s3cret-value", "CAPILLARY_USERNAME": "u", "CAPILLARY_REGION": "eu"})
    shown = settings.shown()
    assert shown["CAPILLARY_REGION"] == "eu"
    assert shown["CAPILLARY_UPSERT_KEY"] == "communicationType,channelId"
    assert "CAPILLARY_PASSWORD" not in shown
    assert "s3cret-value" not in repr(shown) + repr(settings)


def test_a_replay_carries_the_settings_that_choose_the_examples():
    settings = from_env({"CAPILLARY_MAX_EXAMPLES": "7", "CAPILLARY_SANDBOX_FAULT": "lower-case-enum"})
    assert settings.replay_options() == [
        "--capillary-profile=gate",
        "--capillary-max-examples=7",
        "--capillary-sandbox-fault=lower-case-enum",
    ]


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"CAPILLARY_PROFILE": "nighlty"}, "CAPILLARY_PROFILE='nighlty'"),
        ({"CAPILLARY_MAX_EXAMPLES": "0"}, "positive integer"),
        ({"CAPILLARY_TIMEOUT": "soon"}, "CAPILLARY_TIMEOUT='soon': 'soon' must be a positive number"),
    ],
)
def test_the_settings_the_plugin_alone_knew_are_judged_here_too(env, says):
    with pytest.raises(ConfigError, match=r"^[^\n]+$") as raised:
        from_env(env)
    assert says in str(raised.value)


def test_the_tutorials_settings_table_documents_every_setting():
    from pathlib import Path

    from capillary_conformance.core.settings import declared, env_name, meta, option_name

    page = (Path(__file__).resolve().parents[2] / "docs" / "tutorials" / "real-region.md").read_text()
    for name in declared():
        assert f"`{env_name(name)}`" in page, f"{env_name(name)} is not in the tutorial's settings table"
        if meta(name)["option"]:
            assert f"`{option_name(name)}`" in page, f"{option_name(name)} is not in the tutorial"


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"CAPILLARY_WORKERS": "0"}, "CAPILLARY_WORKERS='0': '0' must be a positive integer (test processes"),
        ({"CAPILLARY_MAX_REQUESTS": "0"}, "CAPILLARY_MAX_REQUESTS='0': '0' must be a positive integer (requests"),
        ({"CAPILLARY_TIMEOUT": "0"}, "CAPILLARY_TIMEOUT='0': '0' must be a positive number (seconds)"),
        ({"CAPILLARY_RATE_LIMIT": "fast"}, "CAPILLARY_RATE_LIMIT='fast': 'fast' is not a rate; use e.g. 100/min"),
    ],
)
def test_a_bad_value_is_named_by_its_own_setting(env, says):
    with pytest.raises(ConfigError) as error:
        from_env(env)
    assert str(error.value).startswith(says)
    assert "examples per test" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "holds"),
    [
        ("request_overlay", "a JSON Schema for one request item"),
        ("known_findings", "a TOML file of [[known]] findings"),
        ("history_dir", "a folder to keep the history of runs in"),
    ],
)
def test_a_file_setting_says_what_its_file_must_hold(name, holds, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    given = str(a_file) if name == "history_dir" else str(tmp_path / "missing.toml")
    with pytest.raises(ConfigError) as error:
        from_env({env_name(name): given})
    message = str(error.value)
    assert message.startswith(f"{env_name(name)}={given!r}: ")
    assert holds in message
    assert "\n" not in message


def test_a_nightly_region_takes_the_environments_settings_but_not_which_host_or_whose_data():
    environ = {"CAPILLARY_HISTORY_DIR": "h", "CAPILLARY_RATE_LIMIT": "80/min", "CAPILLARY_BASE_URL": "https://x",
               "CAPILLARY_PASSWORD": "p", "CAPILLARY_SANDBOX_FAULT": "lower-case-enum", "PATH": "/bin",
               "CAPILLARY_EU_PASSWORD": "not a setting: a targets file's credentials variable"}  # fmt: skip
    assert inherited(environ) == {"CAPILLARY_HISTORY_DIR": "h", "CAPILLARY_RATE_LIMIT": "80/min"}
    page = (Path(__file__).resolve().parents[2] / "docs" / "how-to" / "nightly.md").read_text()
    rule = page[page.index("**One rule for a region's settings**") :].split("\n\n")[0]
    assert re.findall(r"`(CAPILLARY_[A-Z_]+)`", rule) == region_owned()  # the nightly's page lists them all


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("CAPILLARY_RATE_LIMITS", "CAPILLARY_RATE_LIMIT"),
        ("CAPILLARY_BASEURL", "CAPILLARY_BASE_URL"),
        ("CAPILLARY_ALLOW_WRITES", "CAPILLARY_ALLOW_WRITE"),
        ("CAPILLARY_TARGET_GROUP", "CAPILLARY_TARGET_GROUP_ID"),
        ("CAPILLARY_USERNAM", "CAPILLARY_USERNAME"),
    ],
)
def test_a_near_miss_of_a_setting_is_refused_naming_the_setting(given, meant):
    assert closest_setting(given) == meant
    with pytest.raises(ConfigError) as raised:
        from_env({given: "1"})
    assert str(raised.value) == f"{given} is no setting of the suite: did you mean {meant}? (unset it, or set {meant})"


@pytest.mark.parametrize("name", ["CAPILLARY_EU_USERNAME", "CAPILLARY_INDIA_PASSWORD", "CAPILLARY_API_KEY"])
def test_a_variable_far_from_every_setting_is_only_named_as_ignored(name):
    assert from_env({name: "x"}) == from_env({})
    assert undeclared({name: "x", "CAPILLARY_RATE_LIMIT": "1/s", "PATH": "/bin"}) == [name]


def test_a_variable_a_targets_file_points_to_is_never_judged():
    near = "CAPILLARY_X_USERNAME"  # a region called x: as near to CAPILLARY_USERNAME as a misspelling
    with pytest.raises(ConfigError, match="did you mean CAPILLARY_USERNAME"):
        from_env({near: "ops"})
    assert from_env({near: "ops"}, pointed_to=[near]) == from_env({})
    assert undeclared({near: "ops"}, pointed_to=[near]) == []


def test_credentials_are_asked_for_off_the_embedded_sandbox():
    from capillary_conformance.core.settings import require_consent

    writable = {"CAPILLARY_BASE_URL": "https://eu.example.test", "CAPILLARY_TARGET_GROUP_ID": "1",
                "CAPILLARY_TARGET_ID": "2", "CAPILLARY_ALLOW_WRITE": "1"}  # fmt: skip
    with pytest.raises(ConfigError) as raised:
        require_consent(from_env(writable))
    assert "CAPILLARY_USERNAME and CAPILLARY_PASSWORD" in str(raised.value)
    assert "conformance" not in str(raised.value).replace("capillary-conformance", "")  # the sandbox's user: unsaid
    require_consent(from_env({**writable, "CAPILLARY_USERNAME": "ops", "CAPILLARY_PASSWORD": "pw"}))
    require_consent(from_env({}))  # the embedded sandbox takes its own
