"""The demo's pledges (誓約書): signed hire pledges, leaving cases and people who have not signed yet.

Everything goes through the pledges services, as HR and the learners would: the learners sign in
the browser's way (a signing token, every clause acknowledged, the password re-entered), HR record
paper pledges with a scan, settle checklist items and record a leaving pledge.

Idempotent: every step first looks for what an earlier run left (a valid signed pledge, a settled
leaving case, a case opened ahead of its leaving date) and does nothing when it finds it. Nothing is
signed twice; people are chosen from the database, not by employee number, because the generated
roster depends on the day it was first built.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.db.models.functions import TruncDate

from lms.accounts.models import User
from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from lms.organisation.models import Employee, OrgUnit
from lms.organisation.selectors import employees_editable_by
from lms.organisation.services import employee_update
from lms.pdf.rendering import render_pdf
from pledges.models import LeavingCase, LeavingCaseItem, PledgePurpose, PledgeVersion, SignedPledge
from pledges.seeding import pledges_seed
from pledges.selectors import published_version
from pledges.services.leaving import leaving_cases_sync, leaving_item_settle
from pledges.services.signing import pledge_record_paper, pledge_sign, signing_token_issue
from pledges.services.texts import SOURCE_LANGUAGE, languages_offered, pledge_text

from .group import PLANT_CODE

# Logins that signed their hire pledge online; demo-learner is left to sign it during the demo.
ONLINE_SIGNERS = ("demo-learner-vi", "demo-learner-pt", "demo-manager", "demo-hr", "demo-trainer")
PAPER_HIRES = 3  # this fiscal year's hires whose paper pledge HR recorded
MIN_MISSING = 5  # this fiscal year's hires left without a hire pledge, for "Pledges missing"
DEMO_IP = "127.0.0.1"
DEMO_USER_AGENT = "Mamori demo"
PAPER_NOTE = "Demo: signed on paper at the plant office"
LEAVING_NOTE = "Demo: leaving pledge signed on paper at the exit interview"
LEFT_DAYS_AGO = 14
LEAVING_IN_DAYS = 21
# How each return checklist item of the settled leaver was settled (other kinds: returned).
_R, _NA = LeavingCaseItem.State.RETURNED, LeavingCaseItem.State.NOT_APPLICABLE
SETTLED = {"documents": _R, "storage_media": _NA, "devices": _R, "accounts": _R, "other": _NA}
OPEN_CASE_SETTLED = 2  # items already settled in the upcoming leaver's checklist


def demo_pledges_seed(*, group: OrgUnit, users: dict[str, User], password: str, today: datetime.date) -> dict[str, int]:
    """Load the seed pledges and give the demo group its signed pledges and leaving cases.

    ``users`` are the demo logins by username (demo-hr and demo-admin record, the learners sign);
    ``password`` is theirs. Returns what was created on this run (all zero on a second run).
    """
    counts = {
        "pledge_versions": pledges_seed()["versions"],
        "signed_online": 0,
        "signed_on_paper": 0,
        "leaving_cases_opened": 0,
        "checklist_items_settled": 0,
        "leaving_pledges": 0,
    }
    hire = published_version(purpose=PledgePurpose.HIRE)
    leaving = published_version(purpose=PledgePurpose.LEAVING)
    if hire is None or leaving is None:
        return counts  # the secretariat retired the seed pledges: nothing to sign
    people = Employee.objects.in_units([group])
    admin, hr = users["demo-admin"], users["demo-hr"]
    hr_scope = set(employees_editable_by(user=hr).filter(pk__in=people).values_list("pk", flat=True))

    def recorder(employee: Employee) -> User:
        return hr if employee.pk in hr_scope else admin

    # Leaving dates of the generated roster were bulk-created: open their cases as a date set in the admin would.
    with_dates = list(people.filter(leaving_date__isnull=False).values_list("pk", flat=True))
    counts["leaving_cases_opened"] += leaving_cases_sync(employee_ids=with_dates, actor=admin)["opened"]

    counts["signed_online"] = _hire_pledges_online(users=users, version=hire, password=password)
    counts["signed_on_paper"] = _hire_pledges_on_paper(
        people=people, version=hire, recorder=recorder, hr_scope=hr_scope, today=today
    )
    leaver = _settled_leaver(people=people, hr_scope=hr_scope, today=today, counts=counts, recorder=recorder)
    if leaver is not None:
        counts["leaving_pledges"] += _leaving_pledge_on_paper(
            employee=leaver, version=leaving, actor=recorder(leaver), today=today
        )
    _upcoming_leaver(people=people, hr_scope=hr_scope, today=today, counts=counts, recorder=recorder)
    return counts


def _has_valid(employee: Employee, purpose: str) -> bool:
    return SignedPledge.objects.valid().filter(employee=employee, pledge_type__purpose=purpose).exists()


def _language(employee: Employee, version: PledgeVersion) -> str:
    offered = languages_offered(version)
    return employee.preferred_language if employee.preferred_language in offered else SOURCE_LANGUAGE


def _hire_pledges_online(*, users: dict[str, User], version: PledgeVersion, password: str) -> int:
    signed = 0
    for username in ONLINE_SIGNERS:
        user = users.get(username)
        employee = Employee.objects.filter(user=user).first() if user else None
        if employee is None or _has_valid(employee, PledgePurpose.HIRE):
            continue
        text = pledge_text(version=version, language=_language(employee, version))
        pledge_sign(
            user=user,
            token=signing_token_issue(employee=employee, text=text),
            acknowledged={clause.number for clause in text.clauses},
            password=password,
            ip_address=DEMO_IP,
            user_agent=DEMO_USER_AGENT,
        )
        signed += 1
    return signed


def _demo_scan(*, employee: Employee, version: PledgeVersion, signed_on: datetime.date) -> SimpleUploadedFile:
    """A one-page PDF standing in for the scan of the signed paper."""
    data = render_pdf(
        "pdf/internal_document.html",
        {
            "document_title": "Demo scan of a signed pledge",
            "sections": [
                {
                    "heading": version.title,
                    "paragraphs": [
                        f"{employee.full_name} ({employee.number})",
                        f"Signed by hand on {signed_on.isoformat()}.",
                        "This page stands in for the scan of the signed paper in the Mamori demo.",
                    ],
                }
            ],
        },
        language="en",
    )
    return SimpleUploadedFile(f"demo-scan-{employee.number}.pdf", data, content_type="application/pdf")


def _record_paper(*, employee, version, actor, signed_on, note) -> None:
    pledge_record_paper(
        actor=actor,
        employee=employee,
        version=version,
        language=_language(employee, version),
        signed_on=signed_on,
        scan=_demo_scan(employee=employee, version=version, signed_on=signed_on),
        note=note,
    )


def _hire_pledges_on_paper(*, people: QuerySet, version, recorder, hr_scope: set[int], today) -> int:
    """Paper hire pledges for a few of this fiscal year's hires without a login, in different languages;
    at least ``MIN_MISSING`` hires stay without one."""
    recorded = (
        SignedPledge.objects.valid()
        .filter(employee__in=people, pledge_type__purpose=PledgePurpose.HIRE, method=SignedPledge.Method.PAPER)
        .count()
    )
    fy_start, _end = fiscal_year_bounds(fiscal_year_of(today))
    unsigned = list(
        people.filter(hire_date__gte=fy_start, hire_date__lte=today, user__isnull=True, leaving_date__isnull=True)
        .exclude(signed_pledges__in=SignedPledge.objects.valid().filter(pledge_type__purpose=PledgePurpose.HIRE))
        .order_by("number")
    )
    wanted = min(PAPER_HIRES - recorded, len(unsigned) - MIN_MISSING)
    if wanted <= 0:
        return 0
    # HR's own company first; one person per language before a second of the same.
    unsigned.sort(key=lambda e: e.pk not in hr_scope)
    chosen, languages = [], set()
    for employee in unsigned:
        if employee.preferred_language not in languages:
            chosen.append(employee)
            languages.add(employee.preferred_language)
    chosen += [e for e in unsigned if e not in chosen]
    for employee in chosen[:wanted]:
        _record_paper(
            employee=employee, version=version, actor=recorder(employee), signed_on=employee.hire_date, note=PAPER_NOTE
        )
    return wanted


def _settled_leaver(*, people: QuerySet, hr_scope, today, counts, recorder) -> Employee | None:
    """Someone who left two weeks ago with every checklist item settled; None once their pledge is signed."""
    signed = SignedPledge.objects.valid().filter(
        employee__in=people, pledge_type__purpose=PledgePurpose.LEAVING, leaving_case__isnull=False
    )
    if signed.exists():
        return None
    left_on = today - datetime.timedelta(days=LEFT_DAYS_AGO)
    # A leaver of the generated roster (they have no training assignment), moved to two weeks ago.
    candidates = list(people.filter(leaving_date__lt=today, user__isnull=True, hire_date__lt=left_on))
    if not candidates:
        candidates = list(
            people.active(today).filter(leaving_date__isnull=True, user__isnull=True, hire_date__lt=left_on)
        )
    if not candidates:
        return None
    candidates.sort(key=lambda e: (e.pk not in hr_scope, abs((e.leaving_date or left_on) - left_on), e.number))
    leaver = candidates[0]
    case = _leaving_date_set(employee=leaver, leaving_date=left_on, actor=recorder(leaver), counts=counts)
    hr_name, manager_name = _staff_names(people)
    for item in case.items.select_related("kind").order_by("kind__position", "kind__code"):
        state = SETTLED.get(item.kind.code, LeavingCaseItem.State.RETURNED)
        # Accounts are closed on the last day; things are handed back in the last days before it.
        days_before = 0 if item.kind.code == "accounts" else 2
        counts["checklist_items_settled"] += _settle(
            item=item,
            actor=recorder(leaver),
            state=state,
            checked_by_name=hr_name if item.kind.code == "accounts" else manager_name,
            checked_on=left_on - datetime.timedelta(days=days_before),
        )
    return leaver


def _leaving_pledge_on_paper(*, employee: Employee, version, actor, today) -> int:
    _record_paper(
        employee=employee,
        version=version,
        actor=actor,
        signed_on=min(employee.leaving_date, today),
        note=LEAVING_NOTE,
    )
    return 1


def _upcoming_leaver(*, people: QuerySet, hr_scope, today, counts, recorder) -> None:
    """Someone leaving in three weeks whose checklist is open: two items settled, the rest pending.

    Found again on a later run as the demo's case opened ahead of its leaving date.
    """
    if LeavingCase.objects.filter(employee__in=people, leaving_date__gt=TruncDate("opened_at")).exists():
        return
    fy_start, _end = fiscal_year_bounds(fiscal_year_of(today))
    candidates = list(
        people.active(today)
        .filter(leaving_date__isnull=True, user__isnull=True, hire_date__lt=fy_start)
        .select_related("unit")
    )
    if not candidates:
        return
    plant = OrgUnit.objects.filter(code=PLANT_CODE).first()
    candidates.sort(key=lambda e: (e.pk not in hr_scope, not (plant and e.unit.path.startswith(plant.path)), e.number))
    leaver = candidates[0]
    case = _leaving_date_set(
        employee=leaver,
        leaving_date=today + datetime.timedelta(days=LEAVING_IN_DAYS),
        actor=recorder(leaver),
        counts=counts,
    )
    _hr_name, manager_name = _staff_names(people)
    items = case.items.select_related("kind").order_by("kind__position", "kind__code")[:OPEN_CASE_SETTLED]
    for item in items:
        counts["checklist_items_settled"] += _settle(
            item=item,
            actor=recorder(leaver),
            state=SETTLED.get(item.kind.code, LeavingCaseItem.State.RETURNED),
            checked_by_name=manager_name,
            checked_on=today - datetime.timedelta(days=1),
        )


def _leaving_date_set(*, employee: Employee, leaving_date, actor, counts) -> LeavingCase:
    """Set the leaving date as HR would, and open (or move) the case now rather than after commit."""
    if employee.leaving_date != leaving_date:
        employee_update(employee=employee, actor=actor, leaving_date=leaving_date)
    counts["leaving_cases_opened"] += leaving_cases_sync(employee_ids=[employee.pk], actor=actor)["opened"]
    return LeavingCase.objects.open().get(employee=employee)


def _settle(*, item: LeavingCaseItem, actor, state: str, checked_by_name: str, checked_on) -> int:
    before = item.state
    leaving_item_settle(item=item, actor=actor, state=state, checked_by_name=checked_by_name, checked_on=checked_on)
    return int(before != state)


def _staff_names(people: QuerySet) -> tuple[str, str]:
    """The names HR and the line manager sign checklists with: the demo's HR and manager people."""
    names = dict(
        people.filter(user__username__in=("demo-hr", "demo-manager")).values_list("user__username", "full_name")
    )
    return names.get("demo-hr", "人事部"), names.get("demo-manager", "所属長")
