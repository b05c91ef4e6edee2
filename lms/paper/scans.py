"""Checking an uploaded scan of a signed paper (slip, pledge): its type by content, its size."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Checked against the file's first bytes, not its name or the browser's word.
SCAN_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
SCAN_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
MAX_SCAN_BYTES = 5 * 1024 * 1024


class ScanRefused(ValueError):
    """A scan that is not accepted, with a message for the person uploading it."""


def scan_type(upload: UploadedFile, *, max_bytes: int = MAX_SCAN_BYTES) -> str:
    """The MIME type of an accepted scan (PDF, JPEG or PNG, at most ``max_bytes``); ``ScanRefused`` otherwise."""
    if upload.size > max_bytes:
        raise ScanRefused(
            _("The scan is larger than %(size)d MB. Scan it at a lower resolution and try again.")
            % {"size": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, mime in SCAN_SIGNATURES.items():
        if head.startswith(signature):
            return mime
    raise ScanRefused(_("The scan must be a PDF, JPEG or PNG file."))
