"""Private files: what only a permission-checked view may hand out.

Print-job PDFs, certificate ZIPs, scanned slips and roster uploads waiting for confirmation live
in the storage named ``"private"`` in ``settings.STORAGES``: a directory with no URL (the default),
or a private bucket of an S3-compatible store that every web and worker process shares
(production, when a bucket is configured). Nothing in it is ever under a public URL.
"""

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

PRIVATE_STORAGE_ALIAS = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """A directory no URL points at: its files are streamed by the views that check permission."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


class _PrivateStorage(LazyObject):
    """The storage ``settings.STORAGES["private"]`` names, looked up when first used."""

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private = _PrivateStorage()


def private_storage() -> Storage:
    """The storage of every private FileField.

    A callable, so migrations name this function rather than a backend; and it returns a proxy,
    because Django calls it once when the model class is built, before a test (or a settings
    change) may swap the backend.
    """
    return _private


@receiver(setting_changed)
def _private_storage_forget(*, setting: str, **kwargs) -> None:
    # Django forgets its storages when STORAGES changes (tests); the proxy must follow.
    if setting == "STORAGES":
        _private._wrapped = empty


def _signs_urls(storage: Storage) -> bool:
    # Imported here: boto3 is loaded only by a deployment that keeps its files in a bucket.
    from storages.backends.s3 import S3Storage

    return isinstance(storage, S3Storage) and storage.querystring_auth


def private_file_response(file: FieldFile, *, filename: str, content_type: str | None = None) -> HttpResponse:
    """``file`` as a download named ``filename``, for a view that has just checked permission.

    From a bucket: a redirect to a signed URL that expires within minutes (the storage's
    ``querystring_expire``), so the bytes go from the bucket to the browser. From a directory:
    the bytes streamed by this process.
    """
    storage = file.storage
    if not _signs_urls(storage):
        return FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    parameters = {"ResponseContentDisposition": content_disposition_header(True, filename)}
    if content_type:
        parameters["ResponseContentType"] = content_type
    response = HttpResponseRedirect(storage.url(file.name, parameters=parameters))
    # The signed URL is a bearer token for a few minutes: no browser or proxy keeps it.
    add_never_cache_headers(response)
    return response
