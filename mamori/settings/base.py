"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the
environment in ``production.py``; this module holds safe defaults and the two
variables every environment honours the same way: ``DATABASE_URL`` and
``MAMORI_BASE_URL``.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "lms.accounts",
    "lms.organisation",
    "lms.training",
    "lms.audit",
    "lms.roster",
    "lms.i18n",
    "lms.home",
    "lms.reports",
    "lms.jobs",
    "lms.pdf",
    "lms.paper",
    "lms.learning",
    "lms.notifications",
    # Domain apps: they build on the core above, which never imports them.
    "certificates",
    "pledges",
    "sessions",
    "courses.nine_rules",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_celery_results",
    "django_celery_beat",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost, so redirects made by the middlewares below (LocaleMiddleware's "/" → "/ja/") carry it too.
    "lms.i18n.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.i18n.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mamori.urls"
WSGI_APPLICATION = "mamori.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.i18n.context_processors.languages",
                "lms.accounts.context_processors.learner_links",
            ],
        },
    },
]

# One setting for the database everywhere (dev, test, production): PostgreSQL in production,
# e.g. postgres://mamori:pw@db:5432/mamori, or sqlite:///path/to/file.sqlite3.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'mamori.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE") or 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and commands write to one file: wait for a lock rather than fail at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["lms.organisation.backends.EmployeeNumberBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "learning:my_training"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- Languages -------------------------------------------------------------
# Japanese is the source language of the course and the default of the site.
# Interface msgids are English; every catalog (English included) is complete,
# because a string missing from a catalog would fall back to Japanese.
LANGUAGE_CODE = "ja"
LANGUAGES = [
    ("ja", "日本語"),
    ("en", "English"),
    ("pt-br", "Português (Brasil)"),
    ("vi", "Tiếng Việt"),
    ("zh-hans", "中文（简体）"),
    ("fil", "Filipino"),
    ("id", "Indonesia"),
]
# Django ships no Filipino entry; without it /fil/ URLs fall back to Japanese.
LANG_INFO["fil"] = {
    "bidi": False,
    "code": "fil",
    "name": "Filipino",
    "name_local": "Filipino",
}
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locales"]
# Top-level directories whose Python files and templates feed the interface catalogs.
MAMORI_CATALOG_SOURCE_DIRS = ("mamori", "lms", "courses", "pledges", "certificates", "sessions", "demo")
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# The fiscal year starts in April in Japan; overseas affiliates may differ.
MAMORI_FISCAL_YEAR_START_MONTH = 4

# --- Static and media --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [
    BASE_DIR / "lms" / "static",
    # reveal.js for the classroom slides, installed from npm by scripts/bootstrap (scripts/npm_packages.py):
    # served from here as /static/reveal.js/..., never from a CDN.
    ("reveal.js", BASE_DIR / "node_modules" / "reveal.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Print-job PDFs, certificate ZIPs, scanned slips, roster uploads awaiting confirmation: no URL
    # serves this directory; permission-checked views hand the files out (lms/storage.py).
    # Production may use a private bucket instead (production.py).
    "private": {
        "BACKEND": "lms.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": VAR_DIR / "private",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAMORI_ROSTER_MAX_BYTES = 20 * 1024 * 1024

# --- Evidence seal -----------------------------------------------------------
# Signed pledges and other evidence PDFs are sealed (PAdES) with the installation's own key
# (lms/pdf/sealing.py); `manage.py seal_key_create` makes the pair once if neither file exists.
# Losing the key means no new seal; the certificate alone still checks the PDFs sealed before.
MAMORI_SEAL_KEY_FILE = VAR_DIR / "seal" / "seal-key.pem"
MAMORI_SEAL_CERT_FILE = VAR_DIR / "seal" / "seal-cert.pem"
MAMORI_SEAL_KEY_PASSPHRASE = None  # only for a key file encrypted with a passphrase
MAMORI_SEAL_NAME = "Mamori evidence seal"  # the certificate's common name, shown by PDF readers

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Mamori"
# The public address of this server: verification links and QR codes printed on certificates
# point here, so it must be the URL people really open (scripts/start sets it from its port).
WAGTAILADMIN_BASE_URL = (os.environ.get("MAMORI_BASE_URL") or "http://localhost:8000").rstrip("/")
# How many reverse proxies in front of Mamori append to X-Forwarded-For; a signed pledge records the
# address the outermost of them saw. 0: the address of the connection itself.
MAMORI_TRUSTED_PROXIES = int(os.environ.get("MAMORI_TRUSTED_PROXIES") or 0)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]
# No gravatar, no external embeds, no update check: nothing leaves the server.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_FINDERS = []
WAGTAIL_USAGE_COUNT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "/admin/login/"

# --- Celery --------------------------------------------------------------------
CELERY_BROKER_URL = f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
CELERY_RESULT_BACKEND = "django-db"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# --- E-mail --------------------------------------------------------------------
# Reminders and digests (lms/notifications) go through Django's e-mail backend: SMTP from the
# environment in production.py, files in var/mail/ in dev.py, memory in test.py. The schedule and
# the days before and after the due date are settings the secretariat edits in the admin.
DEFAULT_FROM_EMAIL = "Mamori <mamori@localhost>"

# --- Cache and sessions ---------------------------------------------------------
# One cache shared by every process (web workers, Celery, management commands): the lesson content
# shared by all learners and the generation token that invalidates it must be the same for all, so
# never a per-process LocMemCache outside tests. Production uses Redis when REDIS_CACHE_URL is set.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# Sessions read from the cache, written through to the database (which stays the truth).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "mamori": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A seal that fails its check is reported as a sentence (lms/pdf/sealing.py); pyHanko would
        # also log a warning with a traceback for each one.
        "pyhanko.sign.validation": {"level": "ERROR"},
    },
}

# Role names shown in the admin; the codes are stored in RoleAssignment.
MAMORI_ROLE_LABELS = {
    "manager": _("Manager"),
    "hr": _("HR"),
    "trainer": _("Trainer / secretariat"),
    "auditor": _("Auditor"),
    "admin": _("Administrator"),
}
