"""Signing a pledge online: what is stored, and every way a submission is refused with nothing written."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from lms.pdf.sealing import pdf_seal_check
from pledges.models import PledgeTranslation, SignedPledge, sha256_text
from pledges.services import PledgeAlreadySigned, PledgeRefused
from pledges.services.signing import pledge_sign, signing_token_issue
from pledges.services.texts import languages_offered, pledge_text
from pledges.services.verification import pledge_integrity_problems
from tests.factories import EmployeeFactory, UserFactory
from tests.refusals import nothing_changes

from .conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("private_files")


def _sign_form(client, version):
    response = client.get(reverse("pledges:sign", args=[version.pk]))
    assert response.status_code == 200
    text = response.context["text"]
    return response, text, response.context["token"]


def _post(client, version, *, token, clauses, password=PASSWORD, language="vi"):
    return client.post(
        reverse("pledges:sign", args=[version.pk]),
        {"token": token, "clause": [str(n) for n in clauses], "password": password, "language": language},
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/140 test",
        REMOTE_ADDR="10.1.2.3",
    )


def _sign_all(*, user, token: str) -> SignedPledge:
    """The service, called directly with every clause of the seed hire pledge acknowledged."""
    return pledge_sign(
        user=user, token=token, acknowledged=set(range(1, 10)), password=PASSWORD, ip_address=None, user_agent=""
    )


def _pdf_text(pledge: SignedPledge) -> str:
    with pledge.pdf.open("rb") as file:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(file.read())).pages)


def test_the_page_shows_each_clause_in_vietnamese_beside_the_japanese(client, signer, pledge_texts):
    client.force_login(signer.user)
    response, text, _token = _sign_form(client, pledge_texts["hire"])
    page = response.content.decode()
    assert text.language == "vi"
    assert len(text.clauses) == 9
    for clause in text.clauses:
        assert (
            f'<p class="pledge-clause__shown" lang="vi"><span class="pledge-clause__number">{clause.number}.</span> {clause.text}'
            in page
        )
        assert clause.text_ja in page
        assert f'id="ack-{clause.number}"' in page
    assert "Bản cam kết" in page
    assert 'lang="ja"' in page


def test_signing_stores_what_was_shown_with_hashes_and_a_sealed_pdf(client, signer, pledge_texts):
    client.force_login(signer.user)
    _response, text, token = _sign_form(client, pledge_texts["hire"])
    response = _post(client, pledge_texts["hire"], token=token, clauses=range(1, 10))
    pledge = SignedPledge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pledges:signed", args=[pledge.verification_code])
    assert pledge.employee == signer
    assert pledge.language == "vi"
    assert pledge.method == SignedPledge.Method.ONLINE
    assert pledge.authentication == SignedPledge.Authentication.PASSWORD
    assert pledge.recorded_by == signer.user
    assert pledge.text_shown == text.text and pledge.text_ja == text.text_ja
    assert pledge.sha256_shown == sha256_text(text.text) and pledge.sha256_ja == sha256_text(text.text_ja)
    assert pledge.text_shown.startswith("Bản cam kết") and "秘密保持" in pledge.text_ja
    assert pledge.ip_address == "10.1.2.3"
    assert "Chrome/140" in pledge.user_agent
    assert pledge_integrity_problems(pledge) == []
    entry = ModelLogEntry.objects.get(action="mamori.pledge.sign")
    assert entry.object_id == str(pledge.pk) and entry.data["sha256_shown"] == pledge.sha256_shown
    pdf_text = _pdf_text(pledge)
    assert "Nguyễn Văn An" in pdf_text
    assert pledge.verification_code in pdf_text
    assert pledge.sha256_shown[:16] in pdf_text and pledge.sha256_ja[:16] in pdf_text
    assert "会社の秘密情報" in pdf_text.replace("\n", "")
    with pledge.pdf.open("rb") as file:
        assert pdf_seal_check(file.read()).ok


def test_the_signer_downloads_their_pdf_and_nobody_else_can(client, signer, pledge_texts, units):
    client.force_login(signer.user)
    _response, _text, token = _sign_form(client, pledge_texts["hire"])
    _post(client, pledge_texts["hire"], token=token, clauses=range(1, 10))
    pledge = SignedPledge.objects.get()
    response = client.get(reverse("pledges:pdf", args=[pledge.verification_code]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = EmployeeFactory(unit=units["plant_a"], user=UserFactory(username="other-worker"))
    client.force_login(other.user)
    assert client.get(reverse("pledges:pdf", args=[pledge.verification_code])).status_code == 404
    assert client.get(reverse("pledges:signed", args=[pledge.verification_code])).status_code == 404


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong password", "The password is not correct"),
        ("missing clause", "Acknowledge every clause"),
        ("forged token", "was not issued by Mamori"),
    ],
)
def test_a_refused_submission_writes_nothing(client, signer, pledge_texts, case, message):
    client.force_login(signer.user)
    _response, _text, token = _sign_form(client, pledge_texts["hire"])
    clauses, password = list(range(1, 10)), PASSWORD
    if case == "wrong password":
        password = "not-my-password"
    elif case == "missing clause":
        clauses = clauses[:-1]
    elif case == "forged token":
        token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with nothing_changes(SignedPledge):
        response = _post(client, pledge_texts["hire"], token=token, clauses=clauses, password=password)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_second_submission_of_the_same_form_is_refused(client, signer, pledge_texts):
    client.force_login(signer.user)
    _response, _text, token = _sign_form(client, pledge_texts["hire"])
    _post(client, pledge_texts["hire"], token=token, clauses=range(1, 10))
    with nothing_changes(SignedPledge):
        response = _post(client, pledge_texts["hire"], token=token, clauses=range(1, 10))
    assert response.status_code == 302 and response["Location"] == reverse("pledges:mine")
    assert SignedPledge.objects.count() == 1
    # The service says why when called directly with the replayed form.
    with pytest.raises(PledgeAlreadySigned), nothing_changes(SignedPledge):
        _sign_all(user=signer.user, token=token)


def test_someone_elses_form_is_refused(client, signer, pledge_texts, units):
    other = EmployeeFactory(unit=units["plant_a"], user=UserFactory(username="colleague", password=PASSWORD))
    token = signing_token_issue(employee=signer, text=pledge_text(version=pledge_texts["hire"], language="vi"))
    with pytest.raises(PledgeRefused, match="issued to someone else"), nothing_changes(SignedPledge):
        _sign_all(user=other.user, token=token)
    client.force_login(other.user)
    with nothing_changes(SignedPledge):
        response = _post(client, pledge_texts["hire"], token=token, clauses=range(1, 10), language="ja")
    assert "issued to someone else" in response.content.decode()


def test_an_out_of_date_translation_is_not_offered_nor_signable(client, signer, pledge_texts):
    version = pledge_texts["hire"]
    client.force_login(signer.user)
    _response, _text, token = _sign_form(client, version)
    # The Japanese of clause 2 was changed since the Vietnamese was made (simulated on the hash).
    PledgeTranslation.objects.filter(version=version, language="vi", key="clause/2").update(source_sha256="0" * 64)
    assert "vi" not in languages_offered(version)
    with nothing_changes(SignedPledge):
        response = _post(client, version, token=token, clauses=range(1, 10))
    assert response.status_code == 400
    assert "out of date" in response.content.decode()
    page = client.get(reverse("pledges:sign", args=[version.pk])).content.decode()
    assert "is being updated and cannot be signed now" in page
    choices = page.split('id="pledge-language"', 1)[1].split("</select>", 1)[0]
    assert 'value="vi"' not in choices and 'value="ja"' in choices


def test_a_text_changed_after_the_page_was_shown_is_refused(signer, pledge_texts):
    version = pledge_texts["hire"]
    token = signing_token_issue(employee=signer, text=pledge_text(version=version, language="vi"))
    PledgeTranslation.objects.filter(version=version, language="vi", key="clause/1").update(text="Một câu khác")
    with pytest.raises(PledgeRefused, match="changed after you opened it"), nothing_changes(SignedPledge):
        _sign_all(user=signer.user, token=token)


def test_a_signed_hire_pledge_is_no_longer_due_and_anonymous_users_log_in(client, signer, pledge_texts):
    assert client.get(reverse("pledges:mine")).status_code == 302
    client.force_login(signer.user)
    assert [d.version for d in client.get(reverse("pledges:mine")).context["due"]] == [pledge_texts["hire"]]
    _response, _text, token = _sign_form(client, pledge_texts["hire"])
    _post(client, pledge_texts["hire"], token=token, clauses=range(1, 10))
    response = client.get(reverse("pledges:sign", args=[pledge_texts["hire"].pk]))
    assert response.status_code == 302 and response["Location"] == reverse("pledges:mine")
    mine = client.get(reverse("pledges:mine"))
    assert list(mine.context["due"]) == []
    assert [p.pk for p in mine.context["signed"]] == [SignedPledge.objects.get().pk]


def test_signed_pledges_cannot_be_changed_or_deleted(client, signer, pledge_texts):
    from django.db.models import ProtectedError

    client.force_login(signer.user)
    _response, _text, token = _sign_form(client, pledge_texts["hire"])
    _post(client, pledge_texts["hire"], token=token, clauses=range(1, 10))
    pledge = SignedPledge.objects.get()
    pledge.text_shown = "changed"
    with pytest.raises(ProtectedError):
        pledge.save()
    with pytest.raises(ProtectedError):
        pledge.delete()
    with pytest.raises(ProtectedError):
        SignedPledge.objects.all().delete()
    assert SignedPledge.objects.get().text_shown.startswith("Bản cam kết")
