"""HR's pledge records: paper recording with a scan, the list, withdrawal, downloads, the employee page."""

import hashlib

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.paper.scans import MAX_SCAN_BYTES
from pledges.models import PledgeWithdrawal, SignedPledge
from pledges.services import PledgeRefused
from pledges.services.verification import pledge_integrity_problems
from tests.factories import UserFactory, grant
from tests.refusals import assert_forbidden, assert_not_found, nothing_changes

from .helpers import record_on_paper, scan_upload, sign_online

pytestmark = pytest.mark.usefixtures("private_files")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _paper_post(client, employee, pledge_texts, **overrides):
    data = {
        "employee_number": employee.number,
        "pledge_type": pledge_texts["hire"].pledge_type.pk,
        "language": "pt-br",
        "signed_on": "2026-12-01",
        "scan": scan_upload(PNG, "scan.png", "image/png"),
        "note": "No PC at the press line; signed at the plant office",
    }
    data.update(overrides)
    return client.post(reverse("pledges_admin:record_paper"), data)


def test_hr_records_a_paper_pledge_with_its_scan(client, hr_a, people, pledge_texts, english_admin):
    client.force_login(hr_a)
    response = _paper_post(client, people["a1"], pledge_texts)
    assert response.status_code == 302
    pledge = SignedPledge.objects.get()
    assert pledge.employee == people["a1"]
    assert pledge.method == SignedPledge.Method.PAPER and pledge.authentication == SignedPledge.Authentication.PAPER
    assert pledge.recorded_by == hr_a and "press line" in pledge.note
    assert pledge.language == "pt-br" and pledge.text_shown.startswith("Termo")
    assert str(pledge.signed_on) == "2026-12-01"
    assert pledge.scan_type == "image/png" and pledge.scan_sha256 == hashlib.sha256(PNG).hexdigest()
    assert pledge_integrity_problems(pledge) == []
    assert ModelLogEntry.objects.filter(action="mamori.pledge.record_paper", object_id=str(pledge.pk)).exists()
    scan = client.get(reverse("pledges_admin:scan", args=[pledge.pk]))
    assert b"".join(scan.streaming_content) == PNG
    pdf = client.get(reverse("pledges_admin:pdf", args=[pledge.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    listing = client.get(reverse("pledges_admin:records")).content.decode()
    assert people["a1"].full_name in listing and "Signed on paper" in listing


@pytest.mark.parametrize(
    ("scan", "message"),
    [
        (("notes.txt", b"just some text", "text/plain"), "must be a PDF, JPEG or PNG"),
        (("fake.pdf", b"MZ\x90\x00 an executable renamed", "application/pdf"), "must be a PDF, JPEG or PNG"),
        (("huge.pdf", b"%PDF-1.4" + b"0" * MAX_SCAN_BYTES, "application/pdf"), "larger than 5 MB"),
    ],
)
def test_a_bad_scan_is_refused_and_nothing_is_written(client, hr_a, people, pledge_texts, english_admin, scan, message):
    client.force_login(hr_a)
    name, data, content_type = scan
    with nothing_changes(SignedPledge):
        response = _paper_post(client, people["a1"], pledge_texts, scan=scan_upload(data, name, content_type))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_hr_cannot_record_for_someone_outside_their_units(client, hr_a, people, pledge_texts, english_admin):
    client.force_login(hr_a)
    with nothing_changes(SignedPledge):
        response = _paper_post(client, people["b1"], pledge_texts)
    assert response.status_code == 400
    assert "Nobody in your units has this employee number." in response.content.decode()
    with pytest.raises(PledgeRefused, match="not in your units"), nothing_changes(SignedPledge):
        record_on_paper(actor=hr_a, employee=people["b1"], version=pledge_texts["hire"])


def test_a_second_paper_pledge_and_a_future_date_are_refused(client, hr_a, people, pledge_texts, english_admin):
    client.force_login(hr_a)
    _paper_post(client, people["a1"], pledge_texts)
    with nothing_changes(SignedPledge):
        again = _paper_post(client, people["a1"], pledge_texts)
        future = _paper_post(client, people["a2"], pledge_texts, signed_on="2099-01-01")
    assert again.status_code == 409 and "already signed this pledge" in again.content.decode()
    assert future.status_code == 400 and "in the future" in future.content.decode()


def test_withdrawal_is_a_new_record_with_a_reason(client, hr_a, people, pledge_texts, english_admin):
    pledge = record_on_paper(actor=hr_a, employee=people["a1"], version=pledge_texts["hire"])
    client.force_login(hr_a)
    with nothing_changes(PledgeWithdrawal):
        client.post(reverse("pledges_admin:withdraw", args=[pledge.pk]), {"reason": ""})
    client.post(reverse("pledges_admin:withdraw", args=[pledge.pk]), {"reason": "Wrong person signed the sheet"})
    withdrawal = PledgeWithdrawal.objects.get()
    assert withdrawal.pledge_id == pledge.pk and withdrawal.withdrawn_by == hr_a
    assert SignedPledge.objects.get().text_shown == pledge.text_shown
    assert ModelLogEntry.objects.filter(action="mamori.pledge.withdraw").count() == 1
    # Withdrawn: the person may sign again.
    again = record_on_paper(actor=hr_a, employee=people["a1"], version=pledge_texts["hire"])
    assert list(SignedPledge.objects.valid()) == [again]


def test_scope_of_the_hr_screens(client, hr_a, manager_a, people, pledge_texts, units, english_admin):
    in_b = record_on_paper(actor=grant_hr_b(units), employee=people["b1"], version=pledge_texts["hire"])
    client.force_login(hr_a)
    assert people["b1"].full_name not in client.get(reverse("pledges_admin:records")).content.decode()
    for name in ("pdf", "scan"):
        assert_not_found(client.get(reverse(f"pledges_admin:{name}", args=[in_b.pk])))
    with nothing_changes(PledgeWithdrawal):
        assert_not_found(client.post(reverse("pledges_admin:withdraw", args=[in_b.pk]), {"reason": "not mine"}))
    client.force_login(manager_a)
    for url in (reverse("pledges_admin:records"), reverse("pledges_admin:record_paper")):
        assert_forbidden(client.get(url))
    assert_forbidden(client.get(reverse("pledges_admin:pdf", args=[in_b.pk])))


def grant_hr_b(units):
    user = UserFactory(username="hr-b")
    grant(user, "hr", units["plant_b"])
    return user


def test_the_employee_page_lists_their_pledges_with_pdf_links(client, hr_a, signer, pledge_texts, english_admin):
    pledge = sign_online(employee=signer, version=pledge_texts["hire"], language="vi")
    client.force_login(hr_a)
    url = reverse("employee:inspect", args=[signer.pk])
    page = client.get(url).content.decode()
    assert reverse("pledges_admin:pdf", args=[pledge.pk]) in page
    assert "Signed online" in page


def test_the_paper_form_is_prefilled_from_a_link(client, hr_a, people, pledge_texts, english_admin):
    client.force_login(hr_a)
    response = client.get(reverse("pledges_admin:record_paper") + f"?employee={people['a1'].pk}&purpose=hire")
    form = response.context["form"]
    assert form.initial["employee_number"] == people["a1"].number
    assert form.initial["pledge_type"] == pledge_texts["hire"].pledge_type.pk
    # Someone outside the scope is not prefilled.
    response = client.get(reverse("pledges_admin:record_paper") + f"?employee={people['b1'].pk}")
    assert "employee_number" not in response.context["form"].initial
