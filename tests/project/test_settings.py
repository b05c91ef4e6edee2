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


def settings_of(module: str, **environment: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "MAMORI_BASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY="settings-test", **environment)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
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
