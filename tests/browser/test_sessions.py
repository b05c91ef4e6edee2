"""Sessions in headless Chromium: a classroom lecture run from the slides with QR check-in, and a
read-aloud session of the pledge in Portuguese recorded on the attendees' behalf.

The issue's "Done when": the trainer schedules a lecture for a plant's key persons, opens the HTML
slides and the speaker view, two attendees check in by opening the QR link in their own browser
contexts, the trainer ticks a third and closes the session; three assignments are completed and the
absent one is not. And: a read-aloud session in Portuguese, the facilitator steps through every
clause, records three attendees: three pledge records and three completions.
"""

import datetime
import re
import unicodedata

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from lms.training.models import Assignment, Campaign, CompletionRecord, EvidenceKind, TrainingMethod
from pledges.models import PledgePurpose, PledgeVersion, SignedPledge
from pledges.seeding import pledges_seed
from pledges.services.texts import pledge_text
from sessions.models import SessionAttendee, TrainingSession
from sessions.services.attendance import checkin_path
from tests.factories import EmployeeFactory, UserFactory, grant, unit_tree
from tests.learning.course import build_course
from tests.sessions.helpers import session_for

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-Mamori-2026"


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.fixture
def desktop(browser, live_server):
    """Opens pages in new browser contexts (own cookies, English interface); all closed at the end."""
    contexts = []

    def open_page(*, width: int = 1280, height: int = 900):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _campaign(course) -> Campaign:
    return Campaign.objects.create(
        name="Nine rules",
        course=course,
        fiscal_year=2026,
        due_date=datetime.date(2027, 2, 28),
        status=Campaign.Status.LAUNCHED,
    )


def _person(unit, name, *, method, campaign, login_name=None, language="ja"):
    employee = EmployeeFactory(
        unit=unit,
        full_name=name,
        preferred_language=language,
        reads_japanese=language == "ja",
        is_key_person=method == TrainingMethod.CLASSROOM,
        user=UserFactory(username=login_name, password=PASSWORD) if login_name else None,
    )
    Assignment.objects.create(campaign=campaign, employee=employee, method=method)
    return employee


@pytest.fixture
def plant(private_files):
    units = unit_tree()
    trainer = UserFactory(username="trainer", password=PASSWORD, first_name="Sato", last_name="Trainer")
    grant(trainer, "trainer")
    return {"units": units, "trainer": trainer}


def test_classroom_lecture_from_slides_with_qr_check_in(plant, desktop):
    units = plant["units"]
    built = build_course(units=units, lessons=4)
    for lesson in built.lessons:
        lesson.trainer_notes = f"Ask the room about {lesson.title}."
        lesson.save_revision().publish()
    campaign = _campaign(built.course)
    method = TrainingMethod.CLASSROOM
    people = {
        "k1": _person(units["plant_a"], "Kato Key", method=method, campaign=campaign, login_name="k1"),
        "k2": _person(units["dept_a"], "Kimura Key", method=method, campaign=campaign, login_name="k2"),
        "k3": _person(units["plant_a"], "Kondo Key", method=method, campaign=campaign),
        "k4": _person(units["plant_a"], "Kubo Key", method=method, campaign=campaign),
        "kb": _person(units["plant_b"], "Baba Key", method=method, campaign=campaign, login_name="kb"),
    }

    # The trainer schedules a lecture for plant A, starting now, in Japanese.
    page = desktop()
    login(page, username="trainer", password=PASSWORD, language="en")
    page.goto("/admin/mamori/sessions/")
    with page.expect_navigation():
        page.get_by_role("link", name="Schedule a classroom lecture").click()
    now = timezone.localtime()
    page.get_by_label("Classroom lecture").check()
    page.get_by_label("Campaign").select_option(str(campaign.pk))
    page.get_by_label("For the people of").select_option(str(units["plant_a"].pk))
    page.get_by_label("Title").fill("Nine rules lecture, plant A")
    page.get_by_label("Date").fill(now.date().isoformat())
    page.get_by_label("Starts at").fill((now - datetime.timedelta(minutes=5)).strftime("%H:%M"))
    page.get_by_label("Ends at").fill(
        min(now + datetime.timedelta(hours=1), now.replace(hour=23, minute=59)).strftime("%H:%M")
    )
    page.get_by_label("Place").fill("Meeting room 2")
    page.get_by_label("Capacity").fill("10")
    page.locator("input[name=languages][value=ja]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule").click()
    session = TrainingSession.objects.get()
    assert page.url.endswith(f"/admin/mamori/sessions/{session.pk}/invite/"), page.locator("main").inner_text()

    # Plant A's key persons are proposed (plant B's is not); all four are invited.
    rows = page.locator("table.listing tbody tr")
    assert sorted(r.locator("td").nth(2).inner_text().strip() for r in rows.all()) == sorted(
        ["Kato Key", "Kimura Key", "Kondo Key", "Kubo Key"]
    )
    page.locator("#select-all").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the people ticked").click()
    assert page.url.endswith(f"/admin/mamori/sessions/{session.pk}/")
    assert session.attendees.count() == 4

    # The HTML slides, and the speaker view with the trainer's notes.
    with page.context.expect_page() as slides_info:
        page.get_by_role("link", name="Slides (ja)").click()
    slides = slides_info.value
    slides.wait_for_load_state()
    slides.wait_for_function("() => window.Reveal && Reveal.isReady()")
    assert built.lessons[1].title in slides.content()
    external = slides.evaluate(
        """() => [...document.querySelectorAll('[src],[href]')]
            .map(e => e.getAttribute('src') || e.getAttribute('href'))
            .filter(u => /^(https?:)?\\/\\//.test(u))"""
    )
    assert external == []
    with slides.expect_popup() as speaker_info:
        slides.keyboard.press("s")
    speaker = speaker_info.value
    speaker.wait_for_load_state()
    slides.keyboard.press("ArrowRight")
    speaker.wait_for_function("() => document.body.innerText.includes('Ask the room about')", timeout=15_000)
    speaker.close()
    slides.close()

    # Two attendees open the QR link on their own phones, log in and check in.
    for key in ("k1", "k2"):
        phone = desktop(width=390, height=844)
        phone.goto(checkin_path(session))
        assert "/accounts/login/" in phone.url
        phone.fill("input[name=username]", f"{key}")
        phone.fill("input[name=password]", PASSWORD)
        with phone.expect_navigation():
            phone.locator("main button[type=submit]").click()
        assert f"/sessions/{session.pk}/check-in/" in phone.url, phone.locator("main").inner_text()
        with phone.expect_navigation():
            phone.locator("#check-in-button").click()
        assert phone.locator("#check-in-outcome").is_visible()

    # Someone from another plant scans the code: told to ask the trainer, nothing written.
    stranger = desktop(width=390, height=844)
    stranger.goto(checkin_path(session))
    stranger.fill("input[name=username]", "kb")
    stranger.fill("input[name=password]", PASSWORD)
    with stranger.expect_navigation():
        stranger.locator("main button[type=submit]").click()
    with stranger.expect_navigation():
        stranger.locator("#check-in-button").click()
    with translation.override("ja"):  # the employee's language
        expected = gettext(
            "You are not on the list for this session. Ask the trainer: they can add you and tick you present."
        )
    assert stranger.locator("#check-in-refusal").inner_text().strip() == expected

    # The trainer's live list shows both check-ins without a reload; the third is ticked by hand.
    page.wait_for_function(
        "() => document.querySelectorAll('#attendance tr[data-checked-in=\"1\"]').length === 2", timeout=15_000
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Mark Kondo Key present").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Close the session").click()
    assert "3 present" in page.locator(".messages").inner_text()

    completed = Assignment.objects.completed().filter(campaign=campaign)
    assert sorted(completed.values_list("employee__full_name", flat=True)) == ["Kato Key", "Kimura Key", "Kondo Key"]
    for record in CompletionRecord.objects.all():
        assert record.method == TrainingMethod.CLASSROOM and record.evidence_kind == EvidenceKind.ATTENDANCE
    assert not Assignment.objects.completed().filter(employee=people["k4"]).exists()
    absent = SessionAttendee.objects.get(employee=people["k4"])
    assert absent.attended is False
    assert "1 absent" in page.locator("#attendance").inner_text() or "3 present, 1 absent" in page.content()


def test_read_aloud_session_in_portuguese(plant, desktop):
    units, trainer = plant["units"], plant["trainer"]
    pledges_seed()
    version = PledgeVersion.objects.published().get(pledge_type__purpose=PledgePurpose.HIRE)
    built = build_course(units=units, lessons=1)
    campaign = _campaign(built.course)
    method = TrainingMethod.READ_ALOUD
    workers = [
        _person(units["plant_a"], name, method=method, campaign=campaign, language="pt-br")
        for name in ("Paulo Souza", "Ana Lima", "João Pereira")
    ]
    session = session_for(
        trainer=trainer,
        campaign=campaign,
        unit=units["plant_a"],
        title="Leitura do termo de compromisso",
        languages=["pt-br"],
        version=version,
        people=workers,
    )
    portuguese, japanese = pledge_text(version=version, language="pt-br"), pledge_text(version=version, language="ja")

    page = desktop()
    login(page, username="trainer", password=PASSWORD, language="en")
    page.goto(f"/admin/mamori/sessions/{session.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Start the reading (facilitator mode)").click()

    # The title, then each clause, one at a time: Portuguese beside the Japanese, with the keyboard.
    current = page.locator(".step.current")
    assert squeezed(portuguese.title) in squeezed(current.locator('[lang="pt-br"]').inner_text())
    assert squeezed(japanese.title) in squeezed(current.locator('[lang="ja"]').inner_text())
    assert page.locator(".step.current").count() == 1
    for clause_pt, clause_ja in zip(portuguese.clauses, japanese.clauses, strict=True):
        page.keyboard.press("ArrowRight")
        current = page.locator(".step.current")
        assert squeezed(clause_pt.text) == squeezed(current.locator('[lang="pt-br"] p').inner_text())
        assert squeezed(clause_ja.text) == squeezed(current.locator('[lang="ja"] p').inner_text())
        assert f"Clause {clause_pt.number}" in page.locator("#progress").inner_text()
        box = current.locator('[lang="ja"] p').bounding_box()
        assert box and box["height"] > 0
    # Back one and forward again, then on to the record step.
    page.keyboard.press("ArrowLeft")
    assert f"Clause {portuguese.clauses[-2].number}" in page.locator("#progress").inner_text()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("#record-form").is_visible()

    # Nobody came by phone: the facilitator ticks the three with the keyboard and records.
    for box in page.locator("input[name=present]").all():
        box.focus()
        page.keyboard.press("Space")
        assert box.is_checked()
    assert page.get_by_label("Facilitator (who read it aloud)").input_value() == "Sato Trainer"
    page.get_by_label("Interpreter").fill("Marcos Intérprete")
    with page.expect_navigation():
        page.locator("#record-button").click()
    assert page.url.endswith(f"/admin/mamori/sessions/{session.pk}/")

    pledges = SignedPledge.objects.filter(method=SignedPledge.Method.READ_ALOUD)
    assert sorted(pledges.values_list("employee_name", flat=True)) == sorted(w.full_name for w in workers)
    for pledge in pledges:
        assert pledge.language == "pt-br" and pledge.authentication == SignedPledge.Authentication.ON_BEHALF
        assert pledge.facilitator_name == "Sato Trainer" and pledge.interpreter_name == "Marcos Intérprete"
        assert pledge.text_shown == portuguese.text and pledge.text_ja == japanese.text_ja
    completions = CompletionRecord.objects.current()
    assert completions.count() == 3
    assert {(c.method, c.evidence_kind) for c in completions} == {(TrainingMethod.READ_ALOUD, EvidenceKind.ATTENDANCE)}
    session.refresh_from_db()
    assert session.status == TrainingSession.Status.CLOSED


def test_check_in_and_facilitator_pages_meet_wcag_21_aa(plant, desktop):
    """The attendee's check-in page (phone, Vietnamese), and the facilitator mode and projector code that a
    room reads from the screen, checked with axe-core."""
    from tests.browser.test_accessibility import violations

    units, trainer = plant["units"], plant["trainer"]
    pledges_seed()
    version = PledgeVersion.objects.published().get(pledge_type__purpose=PledgePurpose.HIRE)
    campaign = _campaign(build_course(units=units, lessons=1).course)
    worker = _person(
        units["plant_a"],
        "Trần Thị Lan",
        method=TrainingMethod.READ_ALOUD,
        campaign=campaign,
        language="vi",
        login_name="lan",
    )
    session = session_for(
        trainer=trainer,
        campaign=campaign,
        unit=units["plant_a"],
        title="Đọc bản cam kết",
        languages=["vi"],
        version=version,
        people=[worker],
    )
    found = {}
    phone = desktop(width=390, height=844)
    phone.goto(checkin_path(session))
    phone.fill("input[name=username]", "lan")
    phone.fill("input[name=password]", PASSWORD)
    with phone.expect_navigation():
        phone.locator("main button[type=submit]").click()
    assert phone.locator("html").get_attribute("lang") == "vi"
    found["check in"] = violations(phone)
    with phone.expect_navigation():
        phone.locator("#check-in-button").click()
    found["checked in"] = violations(phone)
    staff = desktop()
    login(staff, username="trainer", password=PASSWORD, language="en")
    staff.goto(f"/admin/mamori/sessions/{session.pk}/read-aloud/")
    found["facilitator mode"] = violations(staff)
    staff.goto(f"/admin/mamori/sessions/{session.pk}/projector/")
    found["projector"] = violations(staff)
    assert found == {key: [] for key in found}
