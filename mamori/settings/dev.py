"""Local development and the demo: SQLite and an embedded Celery broker."""

import hashlib
import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, VAR_DIR

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "mamori-dev-only-not-secret"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
VAR_DIR.mkdir(exist_ok=True)
# WhiteNoise serves straight from the app directories; no collectstatic needed here.
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Reminders and digests are written as files, one per message, to var/mail/ (scripts/start says so).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
# Entries belong to one database (DATABASE_URL may point at another one).
CACHES = {
    "default": {
        **CACHES["default"],
        "KEY_PREFIX": hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12],
    }
}
