from datetime import timedelta

import pytest

from capillary_conformance.harness.settings import ConfigError, from_env


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
