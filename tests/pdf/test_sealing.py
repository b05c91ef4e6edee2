import asyncio
import concurrent.futures
import datetime
import hashlib
import io
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.management import CommandError, call_command
from django.test import override_settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from lms.pdf.rendering import render_pdf
from lms.pdf.sealing import (
    SEAL_FIELD_NAME,
    SealKeyError,
    pdf_seal,
    pdf_seal_check,
    seal_certificate_fingerprint,
    seal_key_create,
)
from tests.pdf.helpers import pdf_text
from tests.project.test_settings import settings_of

TEXT = "Never take technical information outside the company."


@pytest.fixture(scope="module")
def document() -> bytes:
    """A one-page PDF as Mamori renders it."""
    return render_pdf(
        "pdf/internal_document.html",
        {
            "document_title": "技術情報保護",
            "classification_mark": "社外秘",
            "document_revision": "2026.1",
            "sections": [{"heading": "1", "paragraphs": [TEXT]}],
        },
        language="en",
    )


@pytest.fixture
def sealed(document) -> bytes:
    return pdf_seal(document, reason="Pledge signed", location="Plant A")


def other_key(directory: Path, name: str = "Someone else's seal") -> dict:
    """Settings pointing at a key pair of its own, created in ``directory``."""
    key, cert = directory / "key.pem", directory / "cert.pem"
    seal_key_create(key_path=key, cert_path=cert, common_name=name)
    return {"MAMORI_SEAL_KEY_FILE": key, "MAMORI_SEAL_CERT_FILE": cert}


def in_own_thread(function):
    """Run ``function`` in a thread of its own. pyHanko's synchronous calls (and ``asyncio.run``)
    refuse a thread whose event loop is running, which the main thread's is once a browser test
    has started Playwright earlier in the session."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def pyhanko_status(data: bytes, cert_path: Path):
    """pyHanko's own verdict on the PDF's only signature, trusting the given certificate alone."""
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert len(signatures) == 1
    root = asn1_x509.Certificate.load(x509.load_pem_x509_certificate(cert_path.read_bytes()).public_bytes(Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    status = in_own_thread(lambda: validate_pdf_signature(signatures[0], signer_validation_context=context))
    return signatures[0], status


# --- Sealing and checking ------------------------------------------------------------------------


def test_a_sealed_pdf_passes_the_check_and_pyhankos_own_validation(document, sealed, seal_key):
    assert pdf_seal_check(sealed).problems == []
    assert pdf_seal_check(sealed).ok

    signature, status = pyhanko_status(sealed, seal_key.cert_path)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert signature.field_name == SEAL_FIELD_NAME
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert (signature.sig_object["/Reason"], signature.sig_object["/Location"]) == ("Pledge signed", "Plant A")
    assert hashlib.sha256(status.signing_cert.dump()).hexdigest() == seal_certificate_fingerprint()
    # An incremental update: the rendered document is untouched, and still reads the same.
    assert sealed.startswith(document)
    assert TEXT in pdf_text(sealed).replace("\n", " ")


def test_without_a_location_the_seal_has_no_location_entry(document):
    signatures = PdfFileReader(io.BytesIO(pdf_seal(document, reason="r"))).embedded_signatures
    assert "/Location" not in signatures[0].sig_object


def test_one_byte_changed_inside_the_sealed_content_fails(document, sealed):
    # A byte inside the page's content stream: the file still parses, the digest no longer matches.
    position = document.index(b"stream") + 40
    changed = bytearray(sealed)
    changed[position] ^= 0x01
    check = pdf_seal_check(bytes(changed))
    assert not check.ok
    assert "the PDF was changed after it was sealed" in check.problems


def test_an_annotation_added_after_sealing_fails(sealed, seal_key):
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (10, 10, 30, 30)]),
            generic.NameObject("/Contents"): generic.TextStringObject("Not signed by this employee"),
        }
    )
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    changed = output.getvalue()

    # The signature itself still holds over its own revision: only its coverage shows the change.
    _, status = pyhanko_status(changed, seal_key.cert_path)
    assert (status.intact, status.valid) == (True, True)
    assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    check = pdf_seal_check(changed)
    assert check.problems == ["something was added to the PDF after it was sealed"]


def test_bytes_appended_after_sealing_fail(sealed):
    check = pdf_seal_check(sealed + b"\n% appended\n")
    assert check.problems == ["something was added to the PDF after it was sealed"]


def test_a_pdf_sealed_with_another_key_fails_naming_its_certificate(document, tmp_path, seal_key):
    with override_settings(**other_key(tmp_path)):
        foreign = pdf_seal(document, reason="Pledge signed")
        foreign_fingerprint = seal_certificate_fingerprint()
        assert pdf_seal_check(foreign).ok  # a good seal of that other installation
    assert foreign_fingerprint != seal_certificate_fingerprint()

    _, status = pyhanko_status(foreign, seal_key.cert_path)
    assert (status.intact, status.valid, status.trusted) == (True, True, False)
    check = pdf_seal_check(foreign)
    assert not check.ok
    assert len(check.problems) == 1
    assert "another certificate" in check.problems[0]
    assert "Someone else's seal" in check.problems[0]
    assert foreign_fingerprint in check.problems[0]


@pytest.mark.parametrize(
    "data",
    [b"", b"not a PDF at all", b"%PDF-1.4\n%%EOF\n", bytes(range(256)) * 8],
    ids=["empty", "text", "header-only", "binary"],
)
def test_bytes_that_are_no_pdf_are_a_problem_not_an_exception(data):
    check = pdf_seal_check(data)
    assert not check.ok
    assert check.problems == ["the file is not a readable PDF"]


def test_a_truncated_sealed_pdf_is_a_problem_not_an_exception(sealed):
    assert not pdf_seal_check(sealed[: len(sealed) // 2]).ok


def test_an_unsealed_pdf_fails(document):
    assert pdf_seal_check(document).problems == ["the PDF is not sealed"]


def test_sealing_and_checking_work_inside_a_running_event_loop(document):
    """pyHanko's synchronous API wraps asyncio.run(); Playwright's sync API keeps a loop running."""

    async def inside_a_loop() -> bool:
        return pdf_seal_check(pdf_seal(document, reason="r")).ok

    assert in_own_thread(lambda: asyncio.run(inside_a_loop()))


def test_an_encrypted_key_seals_with_its_passphrase(document, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    seal_key_create(key_path=key, cert_path=cert, common_name="Encrypted", passphrase="correct horse")
    assert b"ENCRYPTED" in key.read_bytes()
    paths = {"MAMORI_SEAL_KEY_FILE": key, "MAMORI_SEAL_CERT_FILE": cert}
    with override_settings(**paths, MAMORI_SEAL_KEY_PASSPHRASE="correct horse"):
        assert pdf_seal_check(pdf_seal(document, reason="r")).ok
    with override_settings(**paths, MAMORI_SEAL_KEY_PASSPHRASE="wrong"), pytest.raises(SealKeyError) as error:
        pdf_seal(document, reason="r")
    assert "MAMORI_SEAL_KEY_PASSPHRASE" in str(error.value)


def test_a_key_that_does_not_belong_to_the_certificate_is_refused(document, tmp_path):
    first, second = other_key(tmp_path / "first"), other_key(tmp_path / "second")
    mismatched = {**first, "MAMORI_SEAL_CERT_FILE": second["MAMORI_SEAL_CERT_FILE"]}
    with override_settings(**mismatched), pytest.raises(SealKeyError, match="does not belong"):
        pdf_seal(document, reason="r")


def test_a_missing_key_at_sealing_time_says_how_to_create_it(document, tmp_path):
    missing = {"MAMORI_SEAL_KEY_FILE": tmp_path / "no-key.pem", "MAMORI_SEAL_CERT_FILE": tmp_path / "no-cert.pem"}
    with override_settings(**missing):
        with pytest.raises(SealKeyError) as error:
            pdf_seal(document, reason="r")
        message = str(error.value)
        assert "python manage.py seal_key_create" in message
        assert "MAMORI_SEAL_KEY_FILE" in message and "MAMORI_SEAL_CERT_FILE" in message
        # A check without the installation's certificate cannot say anything either.
        with pytest.raises(SealKeyError, match="seal_key_create"):
            pdf_seal_check(document)


# --- Key pair ------------------------------------------------------------------------------------


def test_seal_key_create_makes_a_self_signed_signing_certificate_and_a_private_key_file(tmp_path):
    key, cert = tmp_path / "deep" / "dir" / "key.pem", tmp_path / "deep" / "dir" / "cert.pem"
    assert seal_key_create(key_path=key, cert_path=cert, common_name="Mamori evidence seal")

    assert key.stat().st_mode & 0o777 == 0o600
    assert not list(key.parent.glob("*.part")), "no temporary file left behind"
    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    name = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    assert name == "Mamori evidence seal"
    assert certificate.issuer == certificate.subject
    assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
    assert certificate.public_key().curve.name == "secp256r1"
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert datetime.timedelta(days=3649) < lifetime < datetime.timedelta(days=3651)


def test_seal_key_create_is_idempotent(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    assert seal_key_create(key_path=key, cert_path=cert, common_name="A") is True
    before = key.read_bytes(), cert.read_bytes()
    assert seal_key_create(key_path=key, cert_path=cert, common_name="A") is False
    assert (key.read_bytes(), cert.read_bytes()) == before


@pytest.mark.parametrize("lost", ["key", "cert"])
def test_a_lone_file_of_the_pair_is_an_error_and_is_left_alone(tmp_path, lost):
    paths = {"key": tmp_path / "key.pem", "cert": tmp_path / "cert.pem"}
    seal_key_create(key_path=paths["key"], cert_path=paths["cert"], common_name="A")
    paths[lost].unlink()
    (kept,) = (path for name, path in paths.items() if name != lost)
    content = kept.read_bytes()
    with pytest.raises(SealKeyError) as error:
        seal_key_create(key_path=paths["key"], cert_path=paths["cert"], common_name="A")
    assert str(paths[lost]) in str(error.value) and "backup" in str(error.value)
    assert kept.read_bytes() == content
    assert not paths[lost].exists()


def test_the_tests_seal_key_lives_beside_the_test_database(seal_key):
    """A run of its own per DATABASE_URL (suites run side by side), never the development key."""
    assert seal_key.key_path.parent.parent.name == "test-seal"
    assert seal_key.key_path.is_file() and seal_key.cert_path.is_file()
    other = settings_of(
        "mamori.settings.test",
        script=PRINT_SEAL_SETTINGS,
        DATABASE_URL="sqlite:////tmp/elsewhere/suite-b.sqlite3",
    )
    assert Path(other["key"]).parent.name == "suite-b"
    assert Path(other["key"]).parent != seal_key.key_path.parent


PRINT_SEAL_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({"key": str(settings.MAMORI_SEAL_KEY_FILE), "cert": str(settings.MAMORI_SEAL_CERT_FILE),
                  "passphrase": settings.MAMORI_SEAL_KEY_PASSPHRASE, "name": settings.MAMORI_SEAL_NAME}))
"""


def test_production_reads_the_seal_key_from_the_environment():
    seal = settings_of(
        "mamori.settings.production",
        script=PRINT_SEAL_SETTINGS,
        MAMORI_SEAL_KEY_FILE="/run/secrets/seal-key.pem",
        MAMORI_SEAL_CERT_FILE="/etc/mamori/seal-cert.pem",
        MAMORI_SEAL_KEY_PASSPHRASE="pass",
    )
    assert seal == {
        "key": "/run/secrets/seal-key.pem",
        "cert": "/etc/mamori/seal-cert.pem",
        "passphrase": "pass",
        "name": "Mamori evidence seal",
    }


# --- Management command --------------------------------------------------------------------------


def test_the_command_creates_the_pair_once_and_prints_the_fingerprint(tmp_path, settings):
    settings.MAMORI_SEAL_KEY_FILE = tmp_path / "seal" / "seal-key.pem"
    settings.MAMORI_SEAL_CERT_FILE = tmp_path / "seal" / "seal-cert.pem"
    first, second = io.StringIO(), io.StringIO()

    call_command("seal_key_create", stdout=first)
    fingerprint = seal_certificate_fingerprint()
    assert len(fingerprint) == 64
    assert f"Seal key: {settings.MAMORI_SEAL_KEY_FILE} (created)" in first.getvalue()
    assert str(settings.MAMORI_SEAL_CERT_FILE) in first.getvalue()
    assert f"Certificate SHA-256: {fingerprint}" in first.getvalue()

    call_command("seal_key_create", stdout=second)
    assert "(already there)" in second.getvalue()
    assert f"Certificate SHA-256: {fingerprint}" in second.getvalue()


def test_the_command_refuses_a_lone_file(tmp_path, settings):
    settings.MAMORI_SEAL_KEY_FILE = tmp_path / "seal-key.pem"
    settings.MAMORI_SEAL_CERT_FILE = tmp_path / "seal-cert.pem"
    settings.MAMORI_SEAL_KEY_FILE.write_text("a key restored without its certificate")
    with pytest.raises(CommandError, match="seal-cert.pem is missing"):
        call_command("seal_key_create", stdout=io.StringIO())
    assert not settings.MAMORI_SEAL_CERT_FILE.exists()
