"""Test settings: fast hashing, eager Celery, a file-backed test database."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, VAR_DIR

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
# Helpers running suites side by side give each its own file via MAMORI_TEST_DB.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("MAMORI_TEST_DB") or str(BASE_DIR / "var" / "test.sqlite3")}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
MEDIA_ROOT = VAR_DIR / "test-media"
# Each test process keeps its own cache (tests run side by side); build_course clears it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
