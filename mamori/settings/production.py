"""Production: every deployment-specific value comes from the environment.

See the README's "Production settings" table for each variable.
"""

import hashlib
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, LOGGING, STORAGES


def _env(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value or ""


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DJANGO_DEBUG", False)
SECRET_KEY = _env("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = [h.strip() for h in _env("DJANGO_ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in _env("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# DATABASE_URL is read in base.py, like everywhere; production keeps connections for a minute.
DATABASES["default"]["CONN_MAX_AGE"] = int(_env("DATABASE_CONN_MAX_AGE", "60"))

CELERY_BROKER_URL = _env("CELERY_BROKER_URL", f"sqla+sqlite:///{BASE_DIR / 'var' / 'celery-broker.sqlite3'}")
CELERY_RESULT_BACKEND = _env("CELERY_RESULT_BACKEND", "django-db")

# One S3-compatible store for media and private files; each may have its bucket.
_S3_CONNECTION = {
    "endpoint_url": _env("MAMORI_MEDIA_S3_ENDPOINT_URL") or None,
    "region_name": _env("MAMORI_MEDIA_S3_REGION") or None,
    "access_key": _env("MAMORI_MEDIA_S3_ACCESS_KEY_ID") or None,
    "secret_key": _env("MAMORI_MEDIA_S3_SECRET_ACCESS_KEY") or None,
}
if _env("MAMORI_MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _env("MAMORI_MEDIA_S3_BUCKET"),
            **_S3_CONNECTION,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_ROOT = _env("MAMORI_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))

# Private files (lms/storage.py: print-job PDFs, certificate ZIPs, scanned slips, roster uploads
# awaiting confirmation) must be the same for every web and worker process. In a bucket they are
# private objects, handed out after the permission check as a redirect to a URL signed for five
# minutes: in MAMORI_PRIVATE_S3_BUCKET if set, else under "private/" in the media bucket. Without
# a bucket, the directory MAMORI_PRIVATE_ROOT, which then must be one directory for all processes.
_PRIVATE_S3_BUCKET = _env("MAMORI_PRIVATE_S3_BUCKET")
if _PRIVATE_S3_BUCKET or _env("MAMORI_MEDIA_S3_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _PRIVATE_S3_BUCKET or _env("MAMORI_MEDIA_S3_BUCKET"),
            "location": "" if _PRIVATE_S3_BUCKET else "private",
            **_S3_CONNECTION,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
else:
    STORAGES["private"]["OPTIONS"]["location"] = _env("MAMORI_PRIVATE_ROOT", str(BASE_DIR / "var" / "private"))

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
STATIC_ROOT = _env("MAMORI_STATIC_ROOT", str(BASE_DIR / "static_collected"))

# The evidence seal's key pair (lms/pdf/sealing.py): mount the key as a secret and keep a backup.
MAMORI_SEAL_KEY_FILE = _env("MAMORI_SEAL_KEY_FILE", str(BASE_DIR / "var" / "seal" / "seal-key.pem"))
MAMORI_SEAL_CERT_FILE = _env("MAMORI_SEAL_CERT_FILE", str(BASE_DIR / "var" / "seal" / "seal-cert.pem"))
MAMORI_SEAL_KEY_PASSPHRASE = _env("MAMORI_SEAL_KEY_PASSPHRASE") or None

# Outgoing e-mail (reminders, digests) through an SMTP relay. EMAIL_USE_TLS is STARTTLS (port 587),
# EMAIL_USE_SSL implicit TLS (port 465); set at most one of them.
EMAIL_BACKEND = _env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = _env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(_env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = _env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = _env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = int(_env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = _env("DEFAULT_FROM_EMAIL", "Mamori <mamori@localhost>")
SERVER_EMAIL = _env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

MAMORI_FISCAL_YEAR_START_MONTH = int(_env("MAMORI_FISCAL_YEAR_START_MONTH", "4"))
TIME_ZONE = _env("MAMORI_TIME_ZONE", "Asia/Tokyo")

SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = _env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if _env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The cache every gunicorn worker, Celery worker and command shares (sessions, the lesson content
# shared by all learners and its content generation): Redis when REDIS_CACHE_URL is set, else files in MAMORI_CACHE_DIR
# (default var/cache), which must be one directory for all processes of the deployment.
if _env("REDIS_CACHE_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _env("REDIS_CACHE_URL")}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _env("MAMORI_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": int(_env("MAMORI_CACHE_MAX_ENTRIES", "20000"))},
        }
    }
# Entries belong to one database: a cache outliving a restored or replaced database must not be read.
CACHES["default"]["KEY_PREFIX"] = hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12]

LOGGING["root"]["level"] = _env("DJANGO_LOG_LEVEL", "WARNING")
