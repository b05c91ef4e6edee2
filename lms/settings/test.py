"""Test settings: fast hashing, eager Celery, a file-backed test database."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, VAR_DIR

DEBUG = False
SECRET_KEY = "mamori-tests"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VAR_DIR.mkdir(exist_ok=True)
DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
MEDIA_ROOT = VAR_DIR / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
