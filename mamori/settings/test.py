"""Test settings: fast hashing, eager Celery, a file-backed test database."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "mamori-tests"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VAR_DIR.mkdir(exist_ok=True)
# WhiteNoise serves straight from the app directories; no collectstatic needed here.
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test database sits beside the one DATABASE_URL names: for SQLite a file "<name>-test.sqlite3"
# (a file, so --reuse-db works; suites run side by side each get their own DATABASE_URL), for
# PostgreSQL Django's "test_<name>".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _database = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_database.with_name(f"{_database.stem}-test.sqlite3"))}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
MEDIA_ROOT = VAR_DIR / "test-media"
# Tests that look at the files point the private storage at their own directory or bucket.
STORAGES["private"]["OPTIONS"]["location"] = VAR_DIR / "test-private"
# Each test process keeps its own cache (tests run side by side); build_course clears it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The PDF seal key pair of this run, named after its database like the test database: suites run
# side by side each get their own, the live server and subprocesses with these settings find the
# same one, and the development key in var/seal/ is never used. tests/conftest.py creates it once
# per session (the seal_key fixture); it is kept between runs like a --reuse-db database.
_SEAL_DIR = VAR_DIR / "test-seal" / Path(str(DATABASES["default"]["NAME"])).stem
MAMORI_SEAL_KEY_FILE = _SEAL_DIR / "seal-key.pem"
MAMORI_SEAL_CERT_FILE = _SEAL_DIR / "seal-cert.pem"
MAMORI_SEAL_KEY_PASSPHRASE = None
