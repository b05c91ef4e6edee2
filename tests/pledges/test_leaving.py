"""Leaving cases: opened by a leaving date (admin, roster, catch-up command), the return checklist
gating the leaving pledge, HR's override, and the list and case screens."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.organisation.models import Employee
from lms.organisation.services import employee_create, employee_update
from lms.roster.services import roster_apply, roster_plan
from pledges.models import LeavingCase, LeavingCaseItem, SignedPledge
from pledges.services import PledgeRefused
from pledges.services.leaving import leaving_case_override, leaving_cases_sync, leaving_item_settle
from pledges.services.signing import pledge_record_paper, pledge_sign, signing_token_issue
from pledges.services.texts import pledge_text
from tests.factories import EmployeeFactory, UserFactory, category, grant
from tests.refusals import assert_forbidden, assert_not_found, nothing_changes
from tests.roster.rosters import person, roster_csv

from .conftest import PASSWORD
from .helpers import scan_upload

ITEM_CODES = ["documents", "storage_media", "devices", "accounts", "other"]
CHECKLIST_REFUSED = "return checklist"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def case_log(case: LeavingCase) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(case.pk), action__startswith="mamori.leaving_case.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def leave(django_capture_on_commit_callbacks, hr_a):
    """Set (or clear) a leaving date the way HR does, with the event delivered on commit."""

    def set_date(employee, on):
        with django_capture_on_commit_callbacks(execute=True):
            employee_update(employee=employee, actor=hr_a, leaving_date=on)
        return LeavingCase.objects.filter(employee=employee).order_by("-pk").first()

    return set_date


def sign_leaving(employee, version):
    text = pledge_text(version=version, language="ja")
    return pledge_sign(
        user=employee.user,
        token=signing_token_issue(employee=employee, text=text),
        acknowledged={clause.number for clause in text.clauses},
        password=PASSWORD,
        ip_address="192.0.2.1",
        user_agent="pytest",
    )


def record_leaving(actor, employee, version):
    return pledge_record_paper(
        actor=actor,
        employee=employee,
        version=version,
        language="ja",
        signed_on=timezone.localdate(),
        scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        note="Signed at the plant office",
    )


def settle_all(case, actor):
    for item in case.items.select_related("kind"):
        leaving_item_settle(
            item=item, actor=actor, state="returned", checked_by_name="Sato", checked_on=timezone.localdate()
        )


def checklist_post(case, **rows) -> dict:
    """The case page's checklist form as posted: every row as it is, ``rows`` overriding some by code."""
    data = {}
    for item in case.items.select_related("kind"):
        values = {
            "state": item.state,
            "checked_by_name": item.checked_by_name,
            "checked_on": item.checked_on.isoformat() if item.checked_on else "",
            "note": item.note,
            **rows.get(item.kind.code, {}),
        }
        data.update({f"item-{item.pk}-{name}": value for name, value in values.items()})
    return data


def returned(name="Sato Kenji", on=None) -> dict:
    return {"state": "returned", "checked_by_name": name, "checked_on": (on or timezone.localdate()).isoformat()}


# Opening, moving and cancelling cases


def test_setting_a_leaving_date_opens_a_case_with_the_return_checklist(pledge_texts, people, leave):
    case = leave(people["a1"], in_days(30))
    assert LeavingCase.objects.filter(employee=people["a1"]).count() == 1
    assert case.leaving_date == in_days(30) and case.cancelled_at is None
    assert [item.kind.code for item in case.items.select_related("kind")] == ITEM_CODES
    assert set(case.items.values_list("state", flat=True)) == {LeavingCaseItem.State.PENDING}
    entry = ModelLogEntry.objects.get(object_id=str(case.pk), action="mamori.leaving_case.open")
    assert entry.user.username == "hr-a"


def test_creating_an_employee_with_a_leaving_date_opens_a_case(
    pledge_texts, units, hr_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        employee = employee_create(
            actor=hr_a,
            number="7001",
            company=units["acme"],
            unit=units["plant_a"],
            full_name="Kato Leaving",
            category=category("regular"),
            joined_via="regular_intake",
            preferred_language="ja",
            hire_date=datetime.date(2020, 4, 1),
            leaving_date=in_days(10),
        )
    case = LeavingCase.objects.get(employee=employee)
    assert case.items.count() == 5
    assert case_log(case) == ["mamori.leaving_case.open"]


def test_a_roster_import_that_sets_a_leaving_date_opens_a_case(
    pledge_texts, units, private_files, django_capture_on_commit_callbacks
):
    def import_people(rows):
        plan = roster_plan(data=roster_csv(rows), file_name="roster.csv", actor=None)
        assert plan.problems == []
        with django_capture_on_commit_callbacks(execute=True):
            roster_apply(plan=plan, actor=None)

    import_people([person("1001"), person("1002")])
    assert not LeavingCase.objects.exists()
    import_people([person("1001", leaving_date=in_days(20).isoformat()), person("1002")])
    case = LeavingCase.objects.get()
    assert case.employee.number == "1001" and case.leaving_date == in_days(20)
    assert case.items.count() == 5


def test_moving_the_date_moves_the_case_and_clearing_it_cancels_the_case(pledge_texts, people, leave):
    case = leave(people["a1"], in_days(30))
    moved = leave(people["a1"], in_days(45))
    assert moved.pk == case.pk and moved.leaving_date == in_days(45)
    cancelled = leave(people["a1"], None)
    assert cancelled.pk == case.pk and cancelled.cancelled_at is not None
    assert LeavingCase.objects.filter(employee=people["a1"]).count() == 1
    assert case_log(case) == ["mamori.leaving_case.open", "mamori.leaving_case.move", "mamori.leaving_case.cancel"]


def test_the_sync_command_catches_up_on_dates_written_without_an_event_and_is_idempotent(pledge_texts, people):
    Employee.objects.filter(pk=people["b1"].pk).update(leaving_date=in_days(5))
    out = io.StringIO()
    call_command("pledges_sync_leaving_cases", stdout=out)
    assert "1 opened" in out.getvalue()
    case = LeavingCase.objects.get(employee=people["b1"])
    assert case.leaving_date == in_days(5) and case.items.count() == 5
    again = io.StringIO()
    call_command("pledges_sync_leaving_cases", stdout=again)
    assert "0 opened, 0 moved, 0 cancelled" in again.getvalue()
    assert LeavingCase.objects.count() == 1


# The gate on the leaving pledge


def test_signing_the_leaving_pledge_is_refused_while_the_checklist_is_open(pledge_texts, signer, leave, private_files):
    leave(signer, in_days(14))
    with nothing_changes(SignedPledge), pytest.raises(PledgeRefused, match=CHECKLIST_REFUSED):
        sign_leaving(signer, pledge_texts["leaving"])


def test_recording_a_paper_leaving_pledge_is_refused_while_the_checklist_is_open(
    pledge_texts, people, hr_a, leave, private_files
):
    leave(people["a1"], in_days(14))
    with nothing_changes(SignedPledge), pytest.raises(PledgeRefused, match=CHECKLIST_REFUSED):
        record_leaving(hr_a, people["a1"], pledge_texts["leaving"])


def test_settling_every_item_on_the_case_page_lets_the_leaver_sign(
    client, english_admin, pledge_texts, signer, hr_a, leave, private_files
):
    case = leave(signer, in_days(14))
    client.force_login(hr_a)
    url = reverse("pledges_admin:leaving_case", args=[case.pk])
    page = client.get(url)
    assert "0 of 5 settled" in page.text and "can be signed once every item" in page.text
    data = checklist_post(case, **{code: returned() for code in ITEM_CODES[:4]})
    data.update({f"item-{case.items.get(kind__code='other').pk}-state": "not_applicable"})
    data.update({f"item-{case.items.get(kind__code='other').pk}-checked_by_name": "Sato Kenji"})
    data.update({f"item-{case.items.get(kind__code='other').pk}-checked_on": timezone.localdate().isoformat()})
    response = client.post(url, data)
    assert response.status_code == 302
    assert not case.items.filter(state=LeavingCaseItem.State.PENDING).exists()
    assert set(case.items.values_list("checked_by_name", flat=True)) == {"Sato Kenji"}
    assert case_log(case).count("mamori.leaving_case.item") == 5
    page = client.get(url)
    assert "5 of 5 settled" in page.text and "Record the paper leaving pledge" in page.text
    assert f"?employee={signer.pk}&amp;purpose=leaving" in page.text

    pledge = sign_leaving(signer, pledge_texts["leaving"])
    assert pledge.leaving_case_id == case.pk
    page = client.get(url)
    assert reverse("pledges_admin:pdf", args=[pledge.pk]) in page.text
    assert "the checklist is closed" in page.text and 'name="item-' not in page.text
    with nothing_changes(LeavingCaseItem):
        refused = client.post(url, checklist_post(case, documents={"state": "pending"}))
    assert refused.status_code == 400 and "already signed" in refused.text


def test_an_override_with_a_reason_lets_hr_record_the_paper_pledge(
    client, english_admin, pledge_texts, people, hr_a, leave, private_files
):
    case = leave(people["a1"], in_days(3))
    client.force_login(hr_a)
    page = client.get(reverse("pledges_admin:leaving_case", args=[case.pk]))
    assert "Override the checklist" in page.text
    reason = "The laptop was stolen; the police report is on file."
    response = client.post(reverse("pledges_admin:leaving_case_override", args=[case.pk]), {"reason": reason})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.override_reason == reason and case.override_by == hr_a and case.override_at is not None
    assert case_log(case)[-1] == "mamori.leaving_case.override"
    page = client.get(reverse("pledges_admin:leaving_case", args=[case.pk]))
    assert reason in page.text and "Overridden by hr-a" in page.text
    assert 'id="override-form"' not in page.text and "Record the paper leaving pledge" in page.text

    pledge = record_leaving(hr_a, people["a1"], pledge_texts["leaving"])
    assert pledge.leaving_case_id == case.pk


def test_an_override_reason_shorter_than_ten_characters_is_refused(
    client, english_admin, pledge_texts, people, hr_a, leave
):
    case = leave(people["a1"], in_days(3))
    client.force_login(hr_a)
    with nothing_changes(LeavingCase):
        response = client.post(reverse("pledges_admin:leaving_case_override", args=[case.pk]), {"reason": "lost it"})
    assert response.status_code == 400 and "at least 10 characters" in response.text
    with pytest.raises(PledgeRefused):
        leaving_case_override(case=case, actor=hr_a, reason="  short   ")


@pytest.mark.parametrize(
    ("missing", "message"),
    [({"checked_by_name": ""}, "Name the person who checked"), ({"checked_on": ""}, "Enter the date")],
)
def test_a_row_without_a_name_or_date_refuses_the_whole_save(
    client, english_admin, pledge_texts, people, hr_a, leave, missing, message
):
    case = leave(people["a1"], in_days(3))
    client.force_login(hr_a)
    data = checklist_post(case, documents=returned(), storage_media={**returned(), **missing})
    with nothing_changes(LeavingCaseItem, LeavingCase):
        response = client.post(reverse("pledges_admin:leaving_case", args=[case.pk]), data)
    assert response.status_code == 400
    assert "Nothing was saved." in response.text and message in response.text
    assert "Storage media" in response.text[response.text.index("Nothing was saved.") :][:200]


def test_a_future_date_is_refused(client, english_admin, pledge_texts, people, hr_a, leave):
    case = leave(people["a1"], in_days(3))
    client.force_login(hr_a)
    data = checklist_post(case, devices=returned(on=in_days(2)))
    with nothing_changes(LeavingCaseItem):
        response = client.post(reverse("pledges_admin:leaving_case", args=[case.pk]), data)
    assert response.status_code == 400 and "is in the future" in response.text


# Who sees what


def test_hr_of_another_unit_gets_404_and_does_not_list_the_case(client, english_admin, pledge_texts, people, leave):
    case = leave(people["a1"], in_days(3))
    hr_b = UserFactory(username="hr-b")
    grant(hr_b, "hr", people["b1"].unit)
    client.force_login(hr_b)
    assert_not_found(client.get(reverse("pledges_admin:leaving_case", args=[case.pk])))
    with nothing_changes(LeavingCase):
        assert_not_found(
            client.post(reverse("pledges_admin:leaving_case_override", args=[case.pk]), {"reason": "x" * 20})
        )
    listing = client.get(reverse("pledges_admin:leaving_cases"))
    assert listing.status_code == 200 and people["a1"].full_name not in listing.text
    assert "No leaving case matches" in listing.text


@pytest.mark.parametrize("who", ["manager_a", "trainer", "auditor"])
def test_managers_trainers_and_auditors_get_403(client, pledge_texts, people, leave, who, request):
    case = leave(people["a1"], in_days(3))
    client.force_login(request.getfixturevalue(who))
    assert_forbidden(client.get(reverse("pledges_admin:leaving_cases")))
    assert_forbidden(client.get(reverse("pledges_admin:leaving_case", args=[case.pk])))


def test_the_list_filters_by_state(client, english_admin, pledge_texts, units, people, signer, hr_a, admin_user, leave):
    waiting = leave(people["a1"], in_days(10))
    ready = leave(people["a2"], in_days(-3))
    settle_all(ready, hr_a)
    overridden = leave(EmployeeFactory(unit=units["plant_a"], full_name="Ono Override"), in_days(1))
    leaving_case_override(case=overridden, actor=hr_a, reason="Left abroad, items collected by courier.")
    signed = leave(signer, in_days(2))
    settle_all(signed, hr_a)
    sign_leaving(signer, pledge_texts["leaving"])
    leave(EmployeeFactory(unit=units["plant_a"], full_name="Chiba Cancelled"), in_days(9))
    leave(Employee.objects.get(full_name="Chiba Cancelled"), None)
    client.force_login(hr_a)
    url = reverse("pledges_admin:leaving_cases")

    def names(**query):
        text = client.get(url, query).text
        everyone = ["Aoki Plant-A", "Abe Assembly", "Ono Override", signer.full_name, "Chiba Cancelled"]
        return {name for name in everyone if name in text}

    assert names() == {"Aoki Plant-A", "Abe Assembly", "Ono Override", signer.full_name}
    assert names(state="open") == {"Aoki Plant-A"}
    assert names(state="ready") == {"Abe Assembly", "Ono Override"}
    assert names(state="signed") == {signer.full_name}
    assert names(state="cancelled") == {"Chiba Cancelled"}
    assert names(unit=units["dept_a"].pk) == {"Abe Assembly"}
    page = client.get(url).text
    assert "0 of 5 settled" in page and "5 of 5 settled" in page and "overridden" in page
    assert "in 10 days" in page and "3 days ago" in page and "not signed" in page and "signed on" in page
    assert reverse("pledges_admin:leaving_case", args=[waiting.pk]) in page
    client.force_login(admin_user)
    assert names() == {"Aoki Plant-A", "Abe Assembly", "Ono Override", signer.full_name}


def test_the_list_needs_the_same_queries_for_2_or_20_cases(
    client, english_admin, pledge_texts, units, hr_a, django_assert_max_num_queries
):
    def add_cases(count):
        people = [EmployeeFactory(unit=units["plant_a"], leaving_date=in_days(7)) for _ in range(count)]
        leaving_cases_sync(employee_ids=[p.pk for p in people])
        LeavingCaseItem.objects.filter(case__employee__in=people, kind__code="documents").update(state="returned")

    add_cases(2)
    client.force_login(hr_a)
    url = reverse("pledges_admin:leaving_cases")
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert "1 of 5 settled" in client.get(url).text
    add_cases(18)
    with django_assert_max_num_queries(len(two)):
        response = client.get(url)
    assert response.text.count("1 of 5 settled") == 20


def test_the_list_pages_by_50_keeping_the_filter(client, english_admin, pledge_texts, units, hr_a):
    people = [EmployeeFactory(unit=units["plant_a"], leaving_date=in_days(7)) for _ in range(51)]
    leaving_cases_sync(employee_ids=[p.pk for p in people])
    client.force_login(hr_a)
    first = client.get(reverse("pledges_admin:leaving_cases"), {"state": "open"})
    assert first.text.count("0 of 5 settled") == 50 and "Page 1 of 2" in first.text
    assert "?state=open&amp;page=2" in first.text
    second = client.get(reverse("pledges_admin:leaving_cases"), {"state": "open", "page": 2})
    assert second.text.count("0 of 5 settled") == 1


def test_a_cancelled_case_is_read_only_and_says_why(client, english_admin, pledge_texts, people, hr_a, leave):
    case = leave(people["a1"], in_days(3))
    leave(people["a1"], None)
    client.force_login(hr_a)
    url = reverse("pledges_admin:leaving_case", args=[case.pk])
    page = client.get(url)
    assert "the leaving date was cleared" in page.text and 'name="item-' not in page.text
    assert "Override the checklist" not in page.text
    with nothing_changes(LeavingCaseItem):
        response = client.post(url, checklist_post(case, documents=returned()))
    assert response.status_code == 400 and "cancelled" in response.text


def test_the_case_page_shows_its_history_newest_first(client, english_admin, pledge_texts, people, hr_a, leave):
    case = leave(people["a1"], in_days(3))
    client.force_login(hr_a)
    client.post(reverse("pledges_admin:leaving_case", args=[case.pk]), checklist_post(case, devices=returned()))
    text = client.get(reverse("pledges_admin:leaving_case", args=[case.pk])).text
    history = text[text.index('id="history"') :]
    assert history.index("Return checklist item settled") < history.index("Leaving case opened")
    assert "Devices (PCs, smartphones, employee ID cards, etc.): Returned" in history and "hr-a" in history


def test_a_leaving_date_written_without_its_event_gets_its_case_when_the_pledge_is_recorded(
    hr_a, people, pledge_texts, private_files
):
    employee = people["a1"]
    Employee.objects.filter(pk=employee.pk).update(leaving_date=datetime.date(2026, 11, 30))
    employee.refresh_from_db()
    with pytest.raises(PledgeRefused, match="return checklist"):
        pledge_record_paper(
            actor=hr_a,
            employee=employee,
            version=pledge_texts["leaving"],
            language="ja",
            signed_on=datetime.date(2026, 11, 30),
            scan=scan_upload(),
            note="",
        )
    assert LeavingCase.objects.open().filter(employee=employee).count() == 1


def test_an_override_after_the_leaving_pledge_is_signed_is_refused(hr_a, people, pledge_texts, private_files):
    employee = people["a1"]
    Employee.objects.filter(pk=employee.pk).update(leaving_date=datetime.date(2026, 11, 30))
    leaving_cases_sync(employee_ids=[employee.pk])
    case = LeavingCase.objects.open().get(employee=employee)
    leaving_case_override(case=case, actor=hr_a, reason="Laptop stolen; police report filed, HR confirmed")
    pledge_record_paper(
        actor=hr_a,
        employee=Employee.objects.get(pk=employee.pk),
        version=pledge_texts["leaving"],
        language="ja",
        signed_on=datetime.date(2026, 11, 30),
        scan=scan_upload(),
        note="Signed at the exit interview",
    )
    LeavingCase.objects.filter(pk=case.pk).update(override_reason="")
    with pytest.raises(PledgeRefused, match="already signed"):
        leaving_case_override(case=case, actor=hr_a, reason="A second reason that is long enough")
