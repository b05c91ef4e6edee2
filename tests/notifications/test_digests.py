"""Weekly digests: one mail per manager listing their people, escalation to the manager's manager and
to the secretariat, once a week, in the reader's language."""

import datetime
import uuid

from babel.dates import format_date
from django.core import mail
from django.utils import translation
from wagtail.users.models import UserProfile

from lms.learning.models import LessonProgress
from lms.learning.services import assignments_started_mark
from lms.notifications.models import NotificationLog
from lms.notifications.selectors import AssignmentStatus, digests_plan, reminder_settings
from lms.notifications.services import manager_digests_send
from lms.notifications.tasks import manager_digests_send as manager_digests_task
from lms.training.models import Assignment, TrainingMethod
from lms.training.services import completion_record
from tests.factories import EmployeeFactory, UserFactory, grant
from tests.notifications.conftest import DUE

DAY = datetime.timedelta(days=1)
MONDAY_BEFORE = datetime.date(2026, 10, 26)  # five days before the due date


def ja(message: str, **values) -> str:
    """``message`` as the Japanese catalog gives it: the language of staff who chose none."""
    with translation.override("ja"):
        return translation.gettext(message) % values if values else translation.gettext(message)


def ja_n(singular: str, plural: str, number: int, **values) -> str:
    with translation.override("ja"):
        return translation.ngettext(singular, plural, number) % values


def group_heading(days: int) -> str:
    return ja_n(
        "Overdue %(days)s day or more across the group",
        "Overdue %(days)s days or more across the group",
        days,
        days=days,
    )


def mail_to(address):
    found = [message for message in mail.outbox if message.to == [address]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def test_one_digest_per_manager_lists_their_people_with_and_without_email(reminded, staff, people, course):
    # a2 has begun: what the learning engine records when a lesson is finished.
    LessonProgress.objects.create(employee=people["a2"], course_key=course.translation_key, lesson_key=uuid.uuid4())
    assignments_started_mark(employee=people["a2"], course_key=course.translation_key)
    report = manager_digests_send(on=MONDAY_BEFORE)
    # Plant A's, Assembly's and ACME's managers; nobody is overdue, so nothing for the secretariat.
    assert report.sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["acme@example.com", "asm@example.com", "manager-a@example.com"]

    plant_a = mail_to("manager-a@example.com")
    # Japanese, the site's language: these managers chose none.
    assert plant_a.subject == ja_n(
        "Training not yet completed: %(people)s person in your weekly summary",
        "Training not yet completed: %(people)s people in your weekly summary",
        2,
        people=2,
    )
    lines = [line for line in plant_a.body.splitlines() if line.startswith("- ")]
    with translation.override("ja"):
        not_started, in_progress = (str(AssignmentStatus.LABELS[s]) for s in ("not_started", "in_progress"))
    due, no_email = ja("due %(due_date)s", due_date="2026/10/31"), ja("no e-mail")
    assert lines == [
        f"- Aoki Plant-A ({people['a1'].number}), Plant A — C / Awareness 2026: {due}, {not_started}",
        f"- Abe Assembly ({people['a2'].number}), Assembly — C / Awareness 2026: {due}, {in_progress} [{no_email}]",
    ]
    assert "Baba" not in plant_a.body and ja("Overdue") not in plant_a.body
    html = plant_a.alternatives[0][0]
    assert f"Abe Assembly <small>({no_email})</small>" in html and in_progress in html

    assembly = mail_to("asm@example.com")
    assert "Abe Assembly" in assembly.body and "Aoki" not in assembly.body
    acme = mail_to("acme@example.com")
    assert all(person.full_name in acme.body for person in people.values())

    entry = NotificationLog.objects.get(address="manager-a@example.com")
    assert (entry.kind, entry.status, entry.user, entry.employee) == ("digest", "sent", staff["plant_a"], None)
    assert entry.event_key == f"digest:{staff['plant_a'].pk}:2026-W44"
    assert entry.details == {"week_of": "2026-10-26", "own": 2, "escalated": 0, "secretariat": 0}


def test_done_people_are_not_listed_and_a_digest_with_nobody_is_not_sent(reminded, staff, people, trainer):
    completion_record(
        assignment=Assignment.objects.get(employee=people["a2"]),
        method=TrainingMethod.ELEARNING,
        completed_on=MONDAY_BEFORE,
        recorded_by=trainer,
        evidence_kind="quiz_attempt",
    )
    manager_digests_send(on=MONDAY_BEFORE)
    assert "Abe" not in mail_to("manager-a@example.com").body
    assert not [m for m in mail.outbox if m.to == ["asm@example.com"]]


def test_one_digest_a_week_even_when_run_again_or_retried(reminded, staff):
    assert manager_digests_task.apply(kwargs={"on": MONDAY_BEFORE.isoformat()}).get()["sent"] == 3
    report = manager_digests_task.apply(kwargs={"on": MONDAY_BEFORE + 2 * DAY}).get()  # Wednesday, same week
    assert (report["sent"], report["already_handled"]) == (0, 3)
    assert len(mail.outbox) == 3
    assert manager_digests_send(on=MONDAY_BEFORE + 7 * DAY).sent == 3  # the next week
    assert NotificationLog.objects.filter(kind="digest").count() == 6


def test_overdue_people_escalate_to_the_managers_manager_after_m_days(reminded, staff, people):
    digests = {d.user.username: d for d in digests_plan(on=DUE + 13 * DAY, current=reminder_settings())}
    assert digests["manager-a"].own and not digests["manager-a"].escalated and not digests["manager-acme"].escalated

    manager_digests_send(on=DUE + 14 * DAY)
    plant_a = mail_to("manager-a@example.com").body
    heading = ja_n(
        "Overdue %(days)s day or more in the units of the managers who report to you",
        "Overdue %(days)s days or more in the units of the managers who report to you",
        14,
        days=14,
    )
    own, escalated = plant_a.split(f"== {heading} ==")
    assert "Abe Assembly" in own and "Aoki Plant-A" in own
    # Assembly's manager manages Abe directly: the digest of Plant A's manager, above, lists Abe again.
    assert "Abe Assembly" in escalated
    assert ja_n("overdue by %(days)s day", "overdue by %(days)s days", 14, days=14) in escalated
    assert ja("Managed by %(managers)s", managers="Asa Mori") in escalated
    assert "Aoki" not in escalated  # managed directly by Plant A's manager: escalates to ACME instead
    acme = mail_to("acme@example.com").body.split(f"{heading} ==")[1]
    assert "Aoki Plant-A" in acme and ja("Managed by %(managers)s", managers="manager-a") in acme and "Abe" not in acme
    assert heading not in mail_to("asm@example.com").body  # no manager below Assembly's
    assert not [m for m in mail.outbox if m.to == ["secretariat@example.com"]]
    entry = NotificationLog.objects.get(address="manager-a@example.com", details__week_of=str(DUE + 14 * DAY))
    assert (entry.details["own"], entry.details["escalated"]) == (2, 1)


def test_m_days_and_the_secretariat_threshold_are_settings(reminded, staff, people):
    current = reminder_settings()
    current.escalate_to_manager_days, current.escalate_to_secretariat_days = 3, 10
    current.save()
    manager_digests_send(on=DUE + 9 * DAY)
    assert (
        ja_n(
            "Overdue %(days)s day or more in the units of the managers who report to you",
            "Overdue %(days)s days or more in the units of the managers who report to you",
            3,
            days=3,
        )
        in mail_to("manager-a@example.com").body
    )
    assert not [m for m in mail.outbox if m.to == ["secretariat@example.com"]]
    mail.outbox = []
    manager_digests_send(on=DUE + 10 * DAY + 7 * DAY)
    assert group_heading(10) in mail_to("secretariat@example.com").body


def test_overdue_people_escalate_to_the_secretariat_after_the_second_threshold(reminded, staff, people):
    manager_digests_send(on=DUE + 27 * DAY)
    assert not [m for m in mail.outbox if m.to == ["secretariat@example.com"]]
    mail.outbox = []
    manager_digests_send(on=DUE + 28 * DAY)
    secretariat = mail_to("secretariat@example.com")
    assert group_heading(28) in secretariat.body
    # Everyone, with or without e-mail and whether or not a manager covers their unit.
    assert all(person.full_name in secretariat.body for person in people.values())
    assert secretariat.subject == ja_n(
        "Training not yet completed: %(people)s person in your weekly summary",
        "Training not yet completed: %(people)s people in your weekly summary",
        4,
        people=4,
    )
    assert ja("People in your units") not in secretariat.body


def test_a_manager_without_a_manager_above_has_no_escalation_section(reminded, people):
    lone = UserFactory(username="lone", email="lone@example.com")
    grant(lone, "manager", people["b1"].unit)
    digests = {d.user.username: d for d in digests_plan(on=DUE + 30 * DAY, current=reminder_settings())}
    assert [row.assignment.employee for row in digests["lone"].own] == [people["b1"], people["b2"]]
    assert digests["lone"].escalated == []
    assert set(digests) == {"lone", "trainer"} and not digests["trainer"].own  # the secretariat, at 28 days


def test_a_manager_without_an_address_gets_nothing_and_is_counted(reminded, manager_a):
    report = manager_digests_send(on=MONDAY_BEFORE)
    assert (report.sent, report.without_address) == (0, 1)
    assert mail.outbox == []


def test_each_reader_gets_the_digest_in_their_language(reminded, staff, people):
    EmployeeFactory(unit=people["a1"].unit, user=staff["plant_a"], preferred_language="vi")
    profile = UserProfile.get_for_user(staff["acme"])
    profile.preferred_language = "zh-hans"
    profile.save()
    manager_digests_send(on=MONDAY_BEFORE)
    vietnamese = mail_to("manager-a@example.com")
    assert format_date(DUE, format="medium", locale="vi") in vietnamese.body
    assert format_date(MONDAY_BEFORE, format="long", locale="vi") in vietnamese.body
    assert '<html lang="vi">' in vietnamese.alternatives[0][0]
    chinese = mail_to("acme@example.com")
    assert format_date(MONDAY_BEFORE, format="long", locale="zh_Hans") in chinese.body
    japanese = mail_to("asm@example.com")  # no employee record, no profile: the site's language
    assert "2026年10月26日" in japanese.body
    languages = dict(NotificationLog.objects.values_list("address", "language"))
    assert languages == {"manager-a@example.com": "vi", "acme@example.com": "zh-hans", "asm@example.com": "ja"}
