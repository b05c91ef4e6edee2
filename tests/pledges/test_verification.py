"""The public check page and ``pledge_verify``: an altered text, hash or PDF byte is found and named."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lms.pdf.sealing import pdf_seal_check
from pledges.models import PledgeClause, SignedPledge
from pledges.services.signing import pledge_withdraw

from .helpers import record_on_paper, sign_online

pytestmark = pytest.mark.usefixtures("private_files")


@pytest.fixture
def signed(signer, pledge_texts):
    return sign_online(employee=signer, version=pledge_texts["hire"], language="vi")


def _verify(*codes, all_=False):
    out, err = io.StringIO(), io.StringIO()
    args = ["pledge_verify", *codes] + (["--all"] if all_ else [])
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


def test_untouched_records_pass_and_pyhanko_validates_the_pdf(signed, hr_a, people, pledge_texts):
    record_on_paper(actor=hr_a, employee=people["a1"], version=pledge_texts["hire"])
    ok, out, _err = _verify(all_=True)
    assert ok, out
    assert "2 signed pledge(s) checked, 0 altered." in out
    with signed.pdf.open("rb") as file:
        data = file.read()
    assert pdf_seal_check(data).ok
    from asn1crypto import pem, x509
    from django.conf import settings
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from tests.pdf.test_sealing import in_own_thread

    with open(settings.MAMORI_SEAL_CERT_FILE, "rb") as file:
        _type, _headers, der = pem.unarmor(file.read())
    root = x509.Certificate.load(der)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = in_own_thread(lambda: validate_pdf_signature(signature, ValidationContext(trust_roots=[root])))
    assert status.intact and status.valid and status.trusted


@pytest.mark.parametrize(
    ("alteration", "problem"),
    [
        ("text", "the text shown does not match its stored SHA-256"),
        ("hash", "the Japanese text does not match its stored SHA-256"),
        ("text and its hash", "the sealed PDF records a different sha256 shown"),
        ("clause", "differs from version 1 as published"),
        ("pdf byte", "the PDF's bytes differ from the stored SHA-256"),
    ],
)
def test_each_alteration_fails_naming_the_record(signed, signer, pledge_texts, alteration, problem):
    from pledges.models import sha256_text

    untouched = sign_online(employee=_second_signer(pledge_texts, signer), version=pledge_texts["hire"])
    rows = SignedPledge.objects.filter(pk=signed.pk)
    if alteration == "text":
        rows.update(text_shown=signed.text_shown.replace("Công ty", "công ty khác", 1))
    elif alteration == "hash":
        rows.update(sha256_ja="0" * 64)
    elif alteration == "text and its hash":
        forged = signed.text_shown + " (đã sửa)"
        rows.update(text_shown=forged, sha256_shown=sha256_text(forged))
    elif alteration == "clause":
        PledgeClause.objects.filter(version=pledge_texts["hire"], position=4).update(text="改ざんされた条項")
    elif alteration == "pdf byte":
        with signed.pdf.open("rb") as file:
            data = bytearray(file.read())
        middle = len(data) // 2
        data[middle] = (data[middle] + 1) % 256
        storage, name = signed.pdf.storage, signed.pdf.name
        storage.delete(name)
        storage.save(name, ContentFile(bytes(data)))
    ok, _out, err = _verify(all_=True)
    assert not ok
    assert f"ALTERED pledge #{signed.pk} {signed.verification_code}" in err
    assert problem in err
    assert "altered." in err
    if alteration != "clause":
        # Only the altered record is named; the other one is intact.
        assert untouched.verification_code not in err
        ok, _out, err = _verify(untouched.verification_code)
        assert ok, err


def _second_signer(pledge_texts, signer):
    from tests.factories import EmployeeFactory, UserFactory

    from .conftest import PASSWORD

    return EmployeeFactory(unit=signer.unit, user=UserFactory(username="second-signer", password=PASSWORD))


def test_a_missing_pdf_and_an_altered_scan_are_found(hr_a, people, pledge_texts):
    pledge = record_on_paper(actor=hr_a, employee=people["a1"], version=pledge_texts["hire"])
    pledge.scan.storage.delete(pledge.scan.name)
    pledge.scan.storage.save(pledge.scan.name, ContentFile(b"%PDF-1.4 another scan"))
    ok, _out, err = _verify(pledge.verification_code)
    assert not ok and "the signed scan differs from its stored SHA-256" in err
    pledge.pdf.storage.delete(pledge.pdf.name)
    assert "the PDF file is missing" in _verify(pledge.verification_code)[2]


def test_the_command_needs_codes_or_all(signed):
    ok, _out, err = _verify()
    assert not ok and "--all" in err
    ok, _out, err = _verify("no-such-code")
    assert not ok and "no-such-code" in err


def test_the_public_page_shows_only_name_pledge_version_date_and_status(client, signed, english_admin, hr_a):
    url = reverse("pledge_verify", args=[signed.verification_code])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="verify-status" class="status-valid"' in page
    assert signed.employee_name in page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    for private in (signed.employee_number, signed.ip_address, signed.sha256_shown, "Công ty"):
        assert private not in page
    pledge_withdraw(pledge=signed, actor=hr_a, reason="Signed under the wrong name")
    assert "Withdrawn" in client.get(url).content.decode()
    assert "No pledge has this code." in client.get(reverse("pledge_verify", args=["unknown-code"])).content.decode()


def test_an_altered_record_reads_as_not_matching_on_the_public_page(client, signed, english_admin):
    SignedPledge.objects.filter(pk=signed.pk).update(sha256_shown="f" * 64)
    page = client.get(reverse("pledge_verify", args=[signed.verification_code])).content.decode()
    assert "does not match what was signed" in page
