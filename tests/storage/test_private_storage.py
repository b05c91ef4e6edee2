"""The private storage on disk (the default): no URL, swapped with STORAGES, streamed by the views."""

import pytest
from django.core.files.base import ContentFile
from django.http import FileResponse

from certificates.models import CertificateZipJob
from lms.paper.models import ExcerptPrintJob, SlipReturn
from lms.storage import PrivateFileSystemStorage, private_file_response, private_storage


def test_private_files_have_no_url(private_files):
    storage = private_storage()
    assert isinstance(storage, PrivateFileSystemStorage)
    name = storage.save("print-jobs/x.pdf", ContentFile(b"%PDF-"))
    with pytest.raises(ValueError, match="no URL"):
        storage.url(name)


def test_every_private_file_field_follows_the_configured_storage(private_files):
    storage = private_storage()
    name = storage.save("slips/scan.pdf", ContentFile(b"%PDF-scan"))
    assert (private_files / name).read_bytes() == b"%PDF-scan"
    for model, field in ((SlipReturn, "attachment"), (ExcerptPrintJob, "file"), (CertificateZipJob, "file")):
        with model._meta.get_field(field).storage.open(name) as handle:
            assert handle.read() == b"%PDF-scan"


def test_from_a_directory_the_file_is_streamed_as_an_attachment(private_files):
    job = ExcerptPrintJob(file=private_storage().save("print-jobs/excerpts-1.pdf", ContentFile(b"%PDF-1.4 x")))
    response = private_file_response(job.file, filename="excerpts-1.pdf", content_type="application/pdf")
    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"] == 'attachment; filename="excerpts-1.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    job.file.close()
