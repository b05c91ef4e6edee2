"""Making signed pledges in tests through the real services."""

from django.core.files.uploadedfile import SimpleUploadedFile

from pledges.services.signing import pledge_record_paper, pledge_sign, signing_token_issue
from pledges.services.texts import pledge_text

from .conftest import PASSWORD

SCAN_PDF = b"%PDF-1.4\n% a scanned pledge\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def scan_upload(data: bytes = SCAN_PDF, name: str = "scan.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def sign_online(*, employee, version, language: str = "ja"):
    text = pledge_text(version=version, language=language)
    return pledge_sign(
        user=employee.user,
        token=signing_token_issue(employee=employee, text=text),
        acknowledged={c.number for c in text.clauses},
        password=PASSWORD,
        ip_address="192.0.2.10",
        user_agent="pytest",
    )


def record_on_paper(
    *, actor, employee, version, language: str = "ja", signed_on=None, scan=None, note="Signed at the plant office"
):
    import datetime

    return pledge_record_paper(
        actor=actor,
        employee=employee,
        version=version,
        language=language,
        signed_on=signed_on or datetime.date.today(),
        scan=scan or scan_upload(),
        note=note,
    )
