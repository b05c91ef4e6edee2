"""A scratch SQLite database for a benchmark: migrated from nothing, removed afterwards."""

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def scratch_database(prefix: str, **settings_overrides) -> Iterator[Path]:
    """Set Django up on a new SQLite file in a temporary directory (yielded), migrate it, and
    delete the directory at the end. ``settings_overrides`` may be callables of that directory."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mamori.settings.test"
    workdir = Path(tempfile.mkdtemp(prefix=f"mamori-{prefix}-bench-"))
    # Before the settings are read: the default database is our own file.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    from django.conf import settings

    for name, value in settings_overrides.items():
        setattr(settings, name, value(workdir) if callable(value) else value)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    try:
        yield workdir
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)
