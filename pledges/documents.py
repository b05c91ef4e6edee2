"""The PDF of a signed pledge: exactly what was signed, both languages side by side, sealed (PAdES).

Drawn from the frozen fields of the ``SignedPledge`` (and the ``PledgeText`` they were taken from)
before the row is written, so the verification code, the hashes and the date in the PDF are the
row's. The hashes also go into the PDF's document information (``/MamoriSHA256Shown`` …) before
sealing: ``pledge_verify`` compares them with the row, so a row altered together with its own
hashes still disagrees with the sealed PDF.
"""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from lms.pdf.rendering import render_pdf
from lms.pdf.sealing import pdf_seal

from .models import SignedPledge
from .services.texts import PledgeText, language_name

METADATA_KEYS = {
    "sha256_shown": "/MamoriSHA256Shown",
    "sha256_ja": "/MamoriSHA256Japanese",
    "verification_code": "/MamoriVerificationCode",
    "scan_sha256": "/MamoriSHA256Scan",
}


def verify_url_for(code: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("pledge_verify", args=[code])


def pledge_labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "clause": _("Clause"),
            "name": _("Name"),
            "number": _("Employee number"),
            "pledge": _("Pledge"),
            "version": _("Version"),
            "signed_on": _("Signed on"),
            "method": _("How it was signed"),
            "recorded_by": _("Recorded by"),
            "language": _("Language shown"),
            "sha_shown": _("SHA-256 of the text shown"),
            "sha_ja": _("SHA-256 of the Japanese text"),
            "sha_scan": _("SHA-256 of the signed scan"),
            "code": _("Verification code"),
            "verify": _("Check this pledge at"),
            "binding": _(
                "The Japanese text is the binding version; the translation is provided so the signer understands it."
            ),
            "signed": _("I have read and understood each clause above and pledge to observe it."),
            "online": _("Signed online; the signer re-entered their password at the moment of signing."),
            "paper": _("Signed by hand on paper; the scan was recorded by HR."),
            "read_aloud": _(
                "Read aloud at a session; the person confirmed they understood it, and the facilitator recorded "
                "that on their behalf."
            ),
            "facilitator": _("Facilitator"),
            "interpreter": _("Interpreter"),
        }


def _grouped(digest: str) -> str:
    # 64 hex digits do not wrap inside a table cell; groups of 16 do.
    return " ".join(digest[i : i + 16] for i in range(0, len(digest), 16))


def pledge_pdf(*, pledge: SignedPledge, text: PledgeText) -> bytes:
    """The unsealed PDF (see ``pledge_pdf_sealed``)."""
    verify_url = verify_url_for(pledge.verification_code)
    recorder = pledge.recorded_by
    return render_pdf(
        "pledges/pledge.html",
        {
            "pledge": pledge,
            "text": text,
            "labels": pledge_labels(text.language),
            "labels_ja": pledge_labels(settings.LANGUAGE_CODE),
            "pledge_name": pledge.pledge_type.display_name(text.language),
            "language_name": language_name(text.language),
            "words": text.language not in ("ja", "zh-hans"),
            "recorded_by_name": (
                getattr(getattr(recorder, "employee", None), "full_name", "")
                or recorder.get_full_name()
                or recorder.get_username()
            ),
            "sha_shown": _grouped(pledge.sha256_shown),
            "sha_ja": _grouped(pledge.sha256_ja),
            "sha_scan": _grouped(pledge.scan_sha256) if pledge.scan_sha256 else "",
            "verify_url": verify_url,
            "qr_data_uri": segno.make(verify_url, error="m").png_data_uri(scale=3, border=2),
            "document_revision": f"{pledge.pledge_type.code} v{pledge.version.number}",
        },
        language=text.language,
    )


def pledge_pdf_sealed(*, pledge: SignedPledge, text: PledgeText) -> bytes:
    """The PDF with the hashes in its document information, sealed by the installation's key."""
    reader = PdfReader(io.BytesIO(pledge_pdf(pledge=pledge, text=text)))
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata(
        {
            "/Title": f"{pledge.pledge_type.display_name('ja')} v{pledge.version.number} · {pledge.employee_name}",
            **{key: getattr(pledge, field) or "" for field, key in METADATA_KEYS.items()},
        }
    )
    output = io.BytesIO()
    writer.write(output)
    return pdf_seal(
        output.getvalue(),
        reason=f"Mamori pledge {pledge.verification_code}",
        location=settings.WAGTAILADMIN_BASE_URL,
    )


def pdf_metadata(data: bytes) -> dict[str, str]:
    """The Mamori values in a pledge PDF's document information ({field: value}); empty if unreadable."""
    try:
        info = PdfReader(io.BytesIO(data)).metadata or {}
    except Exception:  # noqa: BLE001 - any unreadable PDF is reported by the caller as altered
        return {}
    return {field: str(info.get(key, "")) for field, key in METADATA_KEYS.items()}
