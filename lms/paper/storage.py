"""Private file storage: returned slips and print jobs are never under the public media URL.

Files are served only by permission-checked views that stream them.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """The directory ``MAMORI_PRIVATE_ROOT`` (default ``var/private``), read at use, with no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return getattr(settings, "MAMORI_PRIVATE_ROOT", settings.VAR_DIR / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
