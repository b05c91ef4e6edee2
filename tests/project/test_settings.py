"""Every settings module reads the database from DATABASE_URL and the public address from MAMORI_BASE_URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "engine": database["ENGINE"], "name": str(database["NAME"]), "host": database.get("HOST"),
    "test_name": database.get("TEST", {}).get("NAME"), "base_url": settings.WAGTAILADMIN_BASE_URL,
}))
"""


PRINT_PRIVATE_STORAGE = """
import json, django
from django.core.files.storage import storages
django.setup()
storage = storages["private"]
names = ("bucket_name", "location", "endpoint_url", "region_name", "access_key", "secret_key", "default_acl",
         "querystring_auth", "querystring_expire", "signature_version", "file_overwrite", "file_permissions_mode")
print(json.dumps({
    "backend": f"{type(storage).__module__}.{type(storage).__name__}",
    **{name: str(getattr(storage, name)) for name in names if hasattr(storage, name)},
}))
"""
# Read from the environment by the settings under test: never inherited from the shell running the tests.
SETTINGS_VARIABLES = {"DATABASE_URL", "MAMORI_BASE_URL", "MAMORI_PRIVATE_ROOT"}
SETTINGS_PREFIXES = ("MAMORI_MEDIA_", "MAMORI_PRIVATE_S3_")


def settings_of(module: str, *, script: str = PRINT_SETTINGS, **environment: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SETTINGS_VARIABLES and not key.startswith(SETTINGS_PREFIXES)
    }
    env.update(DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY="settings-test", **environment)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("module", ["mamori.settings.dev", "mamori.settings.test", "mamori.settings.production"])
def test_database_url_is_honoured_by_every_settings_module(module, tmp_path):
    sqlite = settings_of(module, DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert sqlite["engine"] == "django.db.backends.sqlite3"
    assert sqlite["name"] == str(tmp_path / "other.sqlite3")

    postgres = settings_of(module, DATABASE_URL="postgres://mamori:pw@db.internal:5432/mamori")
    assert postgres["engine"] == "django.db.backends.postgresql"
    assert (postgres["name"], postgres["host"]) == ("mamori", "db.internal")


@pytest.mark.parametrize("module", ["mamori.settings.dev", "mamori.settings.test", "mamori.settings.production"])
def test_without_database_url_the_database_is_sqlite_in_var(module):
    default = settings_of(module)
    assert default["engine"] == "django.db.backends.sqlite3"
    assert default["name"] == str(ROOT / "var" / "mamori.sqlite3")


def test_the_test_database_sits_beside_the_named_one(tmp_path):
    result = settings_of("mamori.settings.test", DATABASE_URL=f"sqlite:///{tmp_path / 'helper.sqlite3'}")
    assert result["test_name"] == str(tmp_path / "helper-test.sqlite3")


@pytest.mark.parametrize("module", ["mamori.settings.dev", "mamori.settings.production"])
def test_public_base_url_comes_from_mamori_base_url(module):
    assert settings_of(module, MAMORI_BASE_URL="http://127.0.0.1:8011/")["base_url"] == "http://127.0.0.1:8011"
    assert settings_of(module)["base_url"] == "http://localhost:8000"


S3_STORE = {
    "MAMORI_MEDIA_S3_ENDPOINT_URL": "https://s3.example.internal",
    "MAMORI_MEDIA_S3_REGION": "ap-northeast-1",
    "MAMORI_MEDIA_S3_ACCESS_KEY_ID": "mamori-key",
    "MAMORI_MEDIA_S3_SECRET_ACCESS_KEY": "mamori-secret",
}
PRIVATE_OBJECTS = {
    "backend": "storages.backends.s3.S3Storage",
    "endpoint_url": "https://s3.example.internal",
    "region_name": "ap-northeast-1",
    "access_key": "mamori-key",
    "secret_key": "mamori-secret",
    "default_acl": "private",
    "querystring_auth": "True",
    "querystring_expire": "300",
    "signature_version": "s3v4",
    "file_overwrite": "False",
}


def test_production_keeps_private_files_under_a_prefix_of_the_media_bucket():
    private = settings_of(
        "mamori.settings.production", script=PRINT_PRIVATE_STORAGE, MAMORI_MEDIA_S3_BUCKET="mamori-media", **S3_STORE
    )
    assert private == {**PRIVATE_OBJECTS, "bucket_name": "mamori-media", "location": "private"}


def test_production_keeps_private_files_in_their_own_bucket_when_one_is_named():
    private = settings_of(
        "mamori.settings.production",
        script=PRINT_PRIVATE_STORAGE,
        MAMORI_MEDIA_S3_BUCKET="mamori-media",
        MAMORI_PRIVATE_S3_BUCKET="mamori-evidence",
        **S3_STORE,
    )
    assert private == {**PRIVATE_OBJECTS, "bucket_name": "mamori-evidence", "location": ""}


def test_production_without_a_bucket_keeps_private_files_in_a_directory(tmp_path):
    private = settings_of(
        "mamori.settings.production", script=PRINT_PRIVATE_STORAGE, MAMORI_PRIVATE_ROOT=str(tmp_path / "private")
    )
    assert private == {
        "backend": "lms.storage.PrivateFileSystemStorage",
        "location": str(tmp_path / "private"),
        "file_permissions_mode": str(0o600),
    }
    default = settings_of("mamori.settings.production", script=PRINT_PRIVATE_STORAGE)
    assert default["location"] == str(ROOT / "var" / "private")
