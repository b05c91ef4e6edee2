"""The session's printed papers: what the PDFs say, how long lists paginate, who may print them."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from lms.training.models import Assignment, TrainingMethod
from pledges.services.texts import pledge_text
from sessions.documents import attendee_list_pdf, pledge_copy_pdf, sign_in_sheet_pdf
from sessions.models import TrainingSession
from sessions.services import SessionRefused
from sessions.services.attendance import (
    attendee_check_in,
    attendee_presence_set,
    checkin_code_renew,
    checkin_session_read,
    checkin_token,
    session_close,
)
from sessions.services.scheduling import attendees_add
from tests.factories import EmployeeFactory, UserFactory, grant
from tests.pdf.helpers import pdf_fonts, xhtml2pdf_warnings_fail  # noqa: F401 - autouse: any warning fails
from tests.refusals import assert_forbidden, assert_not_found

from .helpers import session_for


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squeezed(text: str) -> str:
    """Text without white space: table cells and long lines wrap where the layout decides."""
    return re.sub(r"\s+", "", text)


def printed_check_in_session(text: str):
    """The session whose check-in code is printed in ``text`` (the URL read back and verified).

    The code is signed with a timestamp, so each ``checkin_url`` call gives another string: the test
    checks that the printed one is a valid code, not that it equals a fresh one.
    """
    base = re.escape(squeezed(settings.WAGTAILADMIN_BASE_URL.rstrip("/")))
    found = re.findall(base + r"/check-in/(\d+)/([A-Za-z0-9_:\-]+)/", text)
    assert len(found) == 1, found
    session_id, token = found[0]
    return checkin_session_read(session_id=int(session_id), token=token)


def in_japanese(message: str) -> str:
    with translation.override("ja"):
        return gettext(message)


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


# --- Sign-in sheet ---------------------------------------------------------------------------------


def test_sign_in_sheet_lists_the_attendees_with_the_session_facts_and_its_code(classroom, key_persons):
    data = sign_in_sheet_pdf(session=classroom)
    assert data.startswith(b"%PDF")
    text = squeezed("\n".join(pages_text(data)))
    for key in ("k1", "k2", "k3", "k4"):
        assert squeezed(key_persons[key].full_name) in text
        assert key_persons[key].number in text
    assert squeezed(key_persons["kb"].full_name) not in text  # plant B, not invited
    assert squeezed("Nine rules lecture, plant A") in text
    assert squeezed("Plant A, meeting room 2") in text
    assert "Assembly" in text  # k2's unit
    # A Japanese-only session: Japanese labels only.
    for label in ("Name", "Employee number", "Unit", "Signature", "Scan to check in"):
        assert squeezed(in_japanese(label)) in text
    assert "氏名" in text and "署名" in text
    assert "Employeenumber" not in text and "Signature" not in text
    assert printed_check_in_session(text) == classroom


def test_sign_in_sheet_of_a_portuguese_session_has_portuguese_labels_beside_the_japanese(read_aloud, foreign_workers):
    text = squeezed("\n".join(pages_text(sign_in_sheet_pdf(session=read_aloud))))
    assert "PauloSouza" in text and "AnaLima" in text and "TrầnThịLan" in text
    for person in foreign_workers.values():
        assert person.number in text
    assert "氏名" in text and "Nome" in text
    assert "従業員番号" in text and "Matrícula" in text
    assert "署名" in text and "Assinatura" in text
    assert squeezed(in_language("pt-br", "Scan to check in")) in text
    assert "MarcosInterpreter" in text
    assert printed_check_in_session(text) == read_aloud


def test_a_sheet_printed_before_the_code_was_renewed_no_longer_checks_in(classroom, trainer):
    old = sign_in_sheet_pdf(session=classroom)
    assert list(PdfReader(io.BytesIO(old)).pages[0].images), "the QR code is drawn on the first page"
    checkin_code_renew(session=classroom, actor=trainer)
    with pytest.raises(SessionRefused, match="replaced by a new one"):
        printed_check_in_session(squeezed("\n".join(pages_text(old))))
    renewed = sign_in_sheet_pdf(session=TrainingSession.objects.get(pk=classroom.pk))
    assert printed_check_in_session(squeezed("\n".join(pages_text(renewed)))) == classroom


@pytest.fixture
def crowded(units, trainer, session_campaign):
    """A classroom lecture with 40 key persons, half of them with Japanese names."""
    session = session_for(
        trainer=trainer,
        campaign=session_campaign,
        unit=units["plant_a"],
        title="Nine rules lecture, whole plant",
        languages=["ja"],
        capacity=50,
        place="Plant A, hall",
        minutes_from_now=60 * 24,
    )
    ids = []
    for n in range(40):
        employee = EmployeeFactory(
            unit=units["dept_a"] if n % 2 else units["plant_a"],
            full_name=f"山田 太郎{n:02d}" if n % 2 else f"Person Number {n:02d}",
            number=f"C-{n:03d}",
            is_key_person=True,
        )
        ids.append(
            Assignment.objects.create(campaign=session_campaign, employee=employee, method=TrainingMethod.CLASSROOM).pk
        )
    attendees_add(session=session, actor=trainer, assignment_ids=ids)
    return session


def test_a_forty_person_sign_in_sheet_spans_pages_and_repeats_its_header_row(crowded):
    pages = pages_text(sign_in_sheet_pdf(session=crowded))
    assert len(pages) == 2
    signature = in_japanese("Signature")
    for page in pages:
        assert signature in page, "the header row repeats on every page"
    text = squeezed("\n".join(pages))
    for n in range(40):
        assert f"C-{n:03d}" in text
    assert "山田太郎39" in text and "PersonNumber38" in text
    # Each page starts its numbering where the previous one stopped: no row is lost or doubled.
    assert sum(page.count("C-0") for page in pages) == 40


# --- Attendee list -----------------------------------------------------------------------------------


def test_attendee_list_while_open_shows_who_checked_in_and_how(classroom, key_persons, trainer):
    attendee_check_in(user=key_persons["k1"].user, session_id=classroom.pk, token=checkin_token(classroom))
    attendee_presence_set(attendee=classroom.attendees.get(employee=key_persons["k2"]), actor=trainer, present=True)
    text = squeezed("\n".join(pages_text(attendee_list_pdf(session=classroom))))
    for key in ("k1", "k2", "k3", "k4"):
        assert key_persons[key].number in text
    assert squeezed(in_japanese("QR code")) in text
    assert squeezed(in_japanese("ticked by the trainer")) in text
    assert text.count(squeezed(in_japanese("Not checked in"))) == 2 + 1  # two rows and the totals
    checked_in = squeezed(in_japanese("Checked in"))
    assert re.search(re.escape(checked_in) + r"2", text), text
    assert re.search(re.escape(squeezed(in_japanese("Invited"))) + r"4", text)
    assert squeezed(in_japanese("Present")) not in text


def test_attendee_list_once_closed_shows_present_and_absent_with_totals(classroom, key_persons, trainer):
    attendee_check_in(user=key_persons["k1"].user, session_id=classroom.pk, token=checkin_token(classroom))
    session_close(session=classroom, actor=trainer)
    classroom.refresh_from_db()
    text = squeezed("\n".join(pages_text(attendee_list_pdf(session=classroom))))
    present, absent = squeezed(in_japanese("Present")), squeezed(in_japanese("Absent"))
    assert re.search(re.escape(present) + r"1", text)
    assert re.search(re.escape(absent) + r"3", text)
    assert text.count(absent) == 3 + 1
    assert squeezed(in_japanese("QR code")) not in text


def test_attendee_list_of_the_read_aloud_session_is_bilingual(read_aloud):
    text = squeezed("\n".join(pages_text(attendee_list_pdf(session=read_aloud))))
    assert "PauloSouza" in text and "Português(Brasil)" in text and "TiếngViệt" in text
    assert "区分" in text and "Categoria" in text
    assert squeezed(in_language("pt-br", "Not checked in")) in text


# --- Pledge copy -------------------------------------------------------------------------------------


def test_pledge_copy_prints_each_language_beside_the_japanese_and_a_line_per_attendee(
    read_aloud, foreign_workers, hire_pledge
):
    pages = pages_text(pledge_copy_pdf(session=read_aloud))
    text = squeezed("\n".join(pages))
    portuguese = pledge_text(version=hire_pledge, language="pt-br")
    vietnamese = pledge_text(version=hire_pledge, language="vi")
    assert squeezed(portuguese.title) in text and squeezed(portuguese.title_ja) in text
    for clause in portuguese.clauses:
        assert squeezed(clause.text) in text
        assert squeezed(clause.text_ja) in text
    assert squeezed(vietnamese.clauses[0].text) in text
    assert "Comprometo-meamanteremsigilo" in text
    assert "会社の秘密情報を、在職中はもちろん" in text
    # The signature page: everyone invited, and the facilitator's and interpreter's lines.
    signature_page = squeezed(pages[-1])
    for person in foreign_workers.values():
        assert squeezed(person.full_name) in signature_page and person.number in signature_page
    assert "Assinatura" in signature_page and "署名" in signature_page
    assert squeezed(in_language("pt-br", "Facilitator")) in signature_page
    assert "MarcosInterpreter" in signature_page


def test_a_chinese_session_prints_hanzi_in_the_chinese_font_and_the_japanese_in_the_japanese_one(
    units, trainer, session_campaign, hire_pledge
):
    session = session_for(
        trainer=trainer,
        campaign=session_campaign,
        unit=units["plant_a"],
        title="Pledge read-aloud, Chinese",
        languages=["zh-hans"],
        version=hire_pledge,
        capacity=5,
        interpreter="王 芳",
    )
    worker = EmployeeFactory(unit=units["plant_a"], full_name="李 伟", preferred_language="zh-hans")
    assignment = Assignment.objects.create(campaign=session_campaign, employee=worker, method=TrainingMethod.READ_ALOUD)
    attendees_add(session=session, actor=trainer, assignment_ids=[assignment.pk])
    chinese = pledge_text(version=hire_pledge, language="zh-hans")
    copy = pledge_copy_pdf(session=session)
    text = squeezed("\n".join(pages_text(copy)))
    assert squeezed(chinese.clauses[0].text) in text and squeezed(chinese.clauses[0].text_ja) in text
    assert "李伟" in text and "王芳" in text
    assert "氏名" in text and squeezed(in_language("zh-hans", "Name")) in text
    fonts = {name.split("+")[-1] for name, _embedded in pdf_fonts(copy)}
    assert any("SC" in name for name in fonts) and any("JP" in name for name in fonts), fonts
    assert all(embedded for _name, embedded in pdf_fonts(copy))
    sheet = squeezed("\n".join(pages_text(sign_in_sheet_pdf(session=session))))
    assert "李伟" in sheet and printed_check_in_session(sheet) == session


def test_a_classroom_session_has_no_pledge_copy(classroom):
    with pytest.raises(ValueError, match="read-aloud"):
        pledge_copy_pdf(session=classroom)


# --- Views -------------------------------------------------------------------------------------------


def _url(name: str, session) -> str:
    return reverse(f"sessions_admin:{name}", args=[session.pk])


@pytest.mark.parametrize("name", ["sheet_pdf", "attendees_pdf", "pledge_copy_pdf"])
def test_the_trainer_opens_each_paper_inline(client, trainer, read_aloud, name):
    client.force_login(trainer)
    response = client.get(_url(name, read_aloud))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_hr_of_the_plant_prints_its_sessions_and_not_another_plants(client, hr_a, classroom, units):
    client.force_login(hr_a)
    response = client.get(_url("sheet_pdf", classroom))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "KatoKey" in squeezed("\n".join(pages_text(response.content)))
    hr_b = UserFactory(username="hr-b")
    grant(hr_b, "hr", units["plant_b"])
    client.force_login(hr_b)
    assert_not_found(client.get(_url("sheet_pdf", classroom)))
    assert_not_found(client.get(_url("attendees_pdf", classroom)))


def test_a_manager_is_refused(client, manager_a, classroom):
    client.force_login(manager_a)
    assert_forbidden(client.get(_url("sheet_pdf", classroom)))
    assert_forbidden(client.get(_url("attendees_pdf", classroom)))


def test_an_anonymous_visitor_is_sent_to_log_in(client, classroom):
    response = client.get(_url("sheet_pdf", classroom))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_pledge_copy_of_a_classroom_session_is_not_found(client, trainer, classroom):
    client.force_login(trainer)
    assert_not_found(client.get(_url("pledge_copy_pdf", classroom)))


def test_an_unknown_session_is_not_found(client, trainer, db):
    client.force_login(trainer)
    assert_not_found(client.get(reverse("sessions_admin:sheet_pdf", args=[999999])))
