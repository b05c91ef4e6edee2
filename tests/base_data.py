"""Rows the data migrations create, restored after a transactional test flushed the database.

Browser tests run against a live server, so they must commit; pytest-django then flushes every
table afterwards, taking the root page, the home page, locales, categories, delivery rules and
role groups with it. Re-running the migrations' own functions puts them back.
"""

import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Locale, Page

from lms.home.models import HomePage

DATA_MIGRATIONS = [
    ("lms.organisation.migrations.0002_seed_categories", "seed"),
    ("lms.training.migrations.0002_seed_delivery_rules", "seed"),
    ("lms.accounts.migrations.0003_role_groups", "create_groups"),
    ("lms.home.migrations.0002_create_homepage", "create_homepage"),
]


def base_data_restore() -> bool:
    """Recreate the migrations' rows if they are gone. Returns whether anything was restored."""
    if HomePage.objects.exists():
        return False
    # The flush recreated content types with new ids; drop the cached ones.
    ContentType.objects.clear_cache()
    ja, _ = Locale.objects.get_or_create(language_code="ja")
    if not Page.objects.filter(depth=1).exists():
        Page.objects.create(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            path="0001",
            depth=1,
            numchild=0,
            url_path="/",
            locale=ja,
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    return True
