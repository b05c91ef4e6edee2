"""Reads behind the dashboards, the completion report, its lists of people and their exports.

One definition of who counts and of each person's status, used by every number and every list, so
that a number on a screen and the list behind it always agree:

* **counted**: the assignments of launched (or closed) campaigns, except those of people who left
  before the campaign's due date without completing it (nobody owes training after leaving);
* **status** of a counted assignment on a day: *done* (a current completion), else *overdue* (past
  the due date), else *in progress* (a lesson finished or a final test started), else *not started*.

Scope is applied here: every read takes ``roots``, the units (with their sub-units) whose people
the reader may see, or None for the whole group (``report_roots``). A unit outside the roots is
never counted and never listed, whatever the caller passes.

Every read runs a fixed number of queries whatever the number of units, people or years. Numbers
come from the pre-aggregated ``CompletionCount`` rows (one per campaign, unit, category and method,
kept exact by the writes: ``lms.training.counting``), summed in one grouped query and rolled up the
unit tree in Python through the materialised paths; lists of people read the assignments, using
``Assignment.completed_on`` and ``started_on``, which the same writes keep.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum, TextChoices
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from lms.accounts.models import Role
from lms.accounts.selectors import units_for_roles, user_sees_whole_group
from lms.organisation.models import OrgUnit
from lms.training.counting import ROLLUP_DEPTHS
from lms.training.counting import counted_assignments as training_counted_assignments
from lms.training.models import Assignment, Campaign, CompletionCount

STEP = OrgUnit.steplen


class Status(TextChoices):
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")


# Filters a list of people can take: one status, or every open one.
OPEN = "open"
STATUS_FILTERS = (OPEN, *Status.values)


# --- Scope ---------------------------------------------------------------------------------------


def report_roots(*, user) -> list[OrgUnit] | None:
    """The units whose people ``user`` may see in reports; None for the whole group.

    Trainers, auditors and administrators see the whole group; managers and HR the units of their
    role assignments and everything below them; anyone else nothing (an empty list).
    """
    if user_sees_whole_group(user):
        return None
    units = units_for_roles(user, Role.MANAGER, Role.HR)
    # A unit inside another of the user's units is already covered by that one.
    return sorted(
        {u.pk: u for u in units if not any(o.pk != u.pk and u.is_within(o) for o in units)}.values(),
        key=lambda u: u.path,
    )


def unit_in_roots(unit: OrgUnit, roots: list[OrgUnit] | None) -> bool:
    return roots is None or any(unit.is_within(root) for root in roots)


def _under(roots: list[OrgUnit] | None, prefix: str = "employee__unit__path") -> Q:
    if roots is None:
        return Q()
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{prefix}__startswith": root.path})
    return condition


def report_units(*, roots: list[OrgUnit] | None, within: OrgUnit | None = None) -> list[OrgUnit]:
    """Rows of a report: ``within`` and its children; else the reader's own units, each followed
    by its children; for the whole group its companies, each followed by its sites."""
    if within is not None:
        return [within, *within.get_children()]
    if roots is None:
        return list(OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.COMPANY, OrgUnit.Kind.SITE]).order_by("path"))
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(pk=root.pk) | Q(path__startswith=root.path, depth=root.depth + 1)
    return list(OrgUnit.objects.filter(condition).order_by("path"))


# --- Who counts and their status -----------------------------------------------------------------


def counted_assignments(*, roots: list[OrgUnit] | None) -> QuerySet[Assignment]:
    """The counted assignments (module docstring) of the people under ``roots``."""
    return training_counted_assignments().filter(_under(roots))


def status_condition(status: str, *, on: datetime.date) -> Q:
    """The condition an assignment meets when its status on the day is ``status`` (or any open one)."""
    is_open = Q(completed_on__isnull=True)
    overdue = is_open & Q(campaign__due_date__lt=on)
    not_due = is_open & Q(campaign__due_date__gte=on)
    return {
        Status.DONE: Q(completed_on__isnull=False),
        Status.OVERDUE: overdue,
        Status.IN_PROGRESS: not_due & Q(started_on__isnull=False),
        Status.NOT_STARTED: not_due & Q(started_on__isnull=True),
        OPEN: is_open,
    }[status]


def status_of(assignment: Assignment, *, on: datetime.date) -> Status:
    """Mirrors ``status_condition`` for one assignment (its campaign loaded)."""
    if assignment.completed_on is not None:
        return Status.DONE
    if assignment.campaign.due_date < on:
        return Status.OVERDUE
    return Status.IN_PROGRESS if assignment.started_on is not None else Status.NOT_STARTED


# --- Counting ------------------------------------------------------------------------------------


@dataclass
class Tally:
    assigned: int = 0
    completed: int = 0
    overdue: int = 0

    @property
    def rate(self) -> float | None:
        return self.completed / self.assigned if self.assigned else None

    @property
    def open(self) -> int:
        return self.assigned - self.completed

    def add(self, other: "Tally") -> None:
        self.assigned += other.assigned
        self.completed += other.completed
        self.overdue += other.overdue


@dataclass
class UnitCompletion:
    """The counts of one unit (with its sub-units), or of everything visible when ``unit`` is None,
    per (fiscal year, category id, method)."""

    unit: OrgUnit | None
    cells: dict[tuple[int, int, str], Tally] = field(default_factory=lambda: defaultdict(Tally))

    def tally(self, *, fiscal_year: int, category_id: int | None = None, method: str | None = None) -> Tally:
        """The sum of the cells of a year, narrowed to a category or a method (or both)."""
        sums = self.__dict__.get("_sums")
        if sums is None:
            # Every sum a report asks for, in one pass over the cells.
            sums = defaultdict(Tally)
            for (year, category, way), cell in self.cells.items():
                for key in ((year, None, None), (year, category, None), (year, None, way), (year, category, way)):
                    sums[key].add(cell)
            self.__dict__["_sums"] = sums
        return sums.get((fiscal_year, category_id, method)) or Tally()


@dataclass
class CompletionTable:
    course: Page
    fiscal_years: list[int]  # ascending; the last is the year asked for
    rows: list[UnitCompletion]
    total: UnitCompletion

    @property
    def fiscal_year(self) -> int:
        return self.fiscal_years[-1]

    def methods(self) -> list[str]:
        """The training methods that occur in the year asked for, in the order of ``TrainingMethod``."""
        from lms.training.models import TrainingMethod

        used = {way for (year, _category, way) in self.total.cells if year == self.fiscal_year}
        return [method for method in TrainingMethod.values if method in used]


def _top_units(roots: list[OrgUnit] | None) -> list[OrgUnit]:
    """The units whose numbers add up to everything ``roots`` let through, none inside another."""
    return roots if roots is not None else list(OrgUnit.objects.filter(depth=min(ROLLUP_DEPTHS)))


def _unit_counts(units: list[OrgUnit], campaigns: Q) -> dict[int, list[dict]]:
    """Each unit's counts with everything below it, as rows of campaign, category, method and the
    three numbers. Companies and sites read their rows with sub-units (one query); other units add
    up their own-people rows (one query)."""
    fields = ("campaign_id", "category_id", "method")
    result: dict[int, list[dict]] = {unit.pk: [] for unit in units}
    rolled = [unit.pk for unit in units if unit.depth in ROLLUP_DEPTHS]
    if rolled:
        rows = CompletionCount.objects.filter(campaigns, with_sub_units=True, unit_id__in=rolled).values(
            "unit_id", *fields, "assigned", "completed", "started"
        )
        for row in rows:
            result[row.pop("unit_id")].append(row)
    deep = [unit for unit in units if unit.depth not in ROLLUP_DEPTHS]
    if deep:
        by_path = defaultdict(list)
        for unit in deep:
            by_path[unit.path].append(unit)
        depth = max(unit.depth for unit in deep)
        sums = (
            CompletionCount.objects.filter(campaigns, _under(deep, "unit__path"), with_sub_units=False)
            .values(*fields, prefix=Substr("unit__path", 1, depth * STEP))
            .annotate(assigned=Sum("assigned"), completed=Sum("completed"), started=Sum("started"))
            .order_by()
        )
        for row in sums:
            prefix = row.pop("prefix")
            for end in range(STEP, len(prefix) + 1, STEP):
                for unit in by_path.get(prefix[:end], ()):
                    result[unit.pk].append(row)
    return result


def completion_table(
    *,
    roots: list[OrgUnit] | None,
    course_id: int,
    fiscal_year: int,
    units: list[OrgUnit],
    years: int = 3,
    on: datetime.date | None = None,
) -> CompletionTable:
    """Counts of the course per unit row × category × method × fiscal year (``fiscal_year`` and the
    ``years - 1`` before it), for the people under ``roots``. At most five queries.

    A row counts its unit and every unit below it; the total counts everything ``roots`` let
    through, once. A row outside ``roots`` counts nothing (another plant's row is zero).
    ``overdue`` is open assignments past their due date on ``on`` (today by default).
    """
    on = on or timezone.localdate()
    fiscal_years = list(range(fiscal_year - years + 1, fiscal_year + 1))
    campaigns = {
        campaign.pk: campaign
        for campaign in Campaign.objects.exclude(status=Campaign.Status.DRAFT).filter(
            course_id=course_id, fiscal_year__in=fiscal_years
        )
    }
    rows = [UnitCompletion(unit=unit) for unit in units]
    total = UnitCompletion(unit=None)
    visible = [unit for unit in units if unit_in_roots(unit, roots)]
    tops = _top_units(roots)
    counts = _unit_counts([*visible, *tops], Q(campaign_id__in=list(campaigns))) if campaigns else {}

    def fill(target: UnitCompletion, unit_rows: list[dict]) -> None:
        for row in unit_rows:
            campaign = campaigns[row["campaign_id"]]
            open_count = row["assigned"] - row["completed"]
            cell = Tally(row["assigned"], row["completed"], open_count if campaign.due_date < on else 0)
            target.cells[(campaign.fiscal_year, row["category_id"], row["method"])].add(cell)

    for row in rows:
        fill(row, counts.get(row.unit.pk, []))
    for unit in tops:
        fill(total, counts.get(unit.pk, []))
    course = Page.objects.get(pk=course_id)
    return CompletionTable(course=course, fiscal_years=fiscal_years, rows=rows, total=total)


def report_courses() -> list[Page]:
    """Courses with a launched (or closed) campaign, the most recently launched first."""
    campaigns = Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by("-launched_at", "-pk")
    seen: dict[int, None] = {}
    for course_id in campaigns.values_list("course_id", flat=True):
        seen.setdefault(course_id, None)
    pages = Page.objects.in_bulk(list(seen))
    return [pages[pk].specific_deferred for pk in seen if pk in pages]


def report_fiscal_years(*, course_id: int) -> list[int]:
    """The fiscal years with a launched (or closed) campaign of the course, newest first."""
    return list(
        Campaign.objects.exclude(status=Campaign.Status.DRAFT)
        .filter(course_id=course_id)
        .values_list("fiscal_year", flat=True)
        .distinct()
        .order_by("-fiscal_year")
    )


# --- Lists of people -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeopleFilter:
    """What a list of people is of: one course's year, one unit (with sub-units), and optionally
    one category, one method and one status (or every open assignment)."""

    course_id: int
    fiscal_year: int
    unit: OrgUnit | None = None
    category_id: int | None = None
    method: str | None = None
    status: str | None = None


def people_list(*, roots: list[OrgUnit] | None, people: PeopleFilter, on: datetime.date | None = None):
    """The counted assignments behind a number of the report, with the person, unit, category and
    campaign loaded; ordered by unit, then employee number.

    A unit outside ``roots`` gives an empty list: callers refuse such a URL before asking.
    """
    on = on or timezone.localdate()
    assignments = counted_assignments(roots=roots).filter(
        campaign__course_id=people.course_id, campaign__fiscal_year=people.fiscal_year
    )
    if people.unit is not None:
        assignments = assignments.filter(employee__unit__path__startswith=people.unit.path)
    if people.category_id is not None:
        assignments = assignments.filter(employee__category_id=people.category_id)
    if people.method:
        assignments = assignments.filter(method=people.method)
    if people.status:
        assignments = assignments.filter(status_condition(people.status, on=on))
    return assignments.select_related("employee__unit", "employee__category", "campaign").order_by(
        "employee__unit__path", "employee__number", "pk"
    )


# --- The dashboard -------------------------------------------------------------------------------


@dataclass
class CampaignProgress:
    """One running campaign as a dashboard shows it: its numbers by category and by method, and how
    many open assignments are overdue, in progress or not started."""

    campaign: Campaign
    total: Tally = field(default_factory=Tally)
    by_category: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_method: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    in_progress: int = 0

    @property
    def overdue(self) -> int:
        return self.total.overdue

    @property
    def not_started(self) -> int:
        return self.total.open - self.total.overdue - self.in_progress


def running_campaigns_progress(
    *, roots: list[OrgUnit] | None, on: datetime.date | None = None
) -> list[CampaignProgress]:
    """The launched campaigns with people under ``roots``, the nearest due date first. At most four
    queries."""
    on = on or timezone.localdate()
    campaigns = {
        campaign.pk: campaign
        for campaign in Campaign.objects.filter(status=Campaign.Status.LAUNCHED).select_related("course")
    }
    if not campaigns:
        return []
    tops = _top_units(roots)
    counts = _unit_counts(tops, Q(campaign_id__in=list(campaigns)))
    progress: dict[int, CampaignProgress] = {}
    for unit in tops:
        for row in counts[unit.pk]:
            campaign = campaigns[row["campaign_id"]]
            overdue = campaign.due_date < on
            open_count = row["assigned"] - row["completed"]
            cell = Tally(row["assigned"], row["completed"], open_count if overdue else 0)
            entry = progress.setdefault(campaign.pk, CampaignProgress(campaign=campaign))
            entry.total.add(cell)
            entry.by_category[row["category_id"]].add(cell)
            entry.by_method[row["method"]].add(cell)
            entry.in_progress += 0 if overdue else row["started"]
    return sorted(
        (entry for entry in progress.values() if entry.total.assigned),
        key=lambda p: (p.campaign.due_date, p.campaign.pk),
    )


def people_to_chase(
    *, roots: list[OrgUnit] | None, status: str, limit: int = 10, on: datetime.date | None = None
) -> list[Assignment]:
    """The first ``limit`` open assignments of launched campaigns with ``status`` under ``roots``, by
    due date, unit and number. One query (how many there are comes from ``running_campaigns_progress``)."""
    on = on or timezone.localdate()
    assignments = (
        counted_assignments(roots=roots)
        .filter(campaign__status=Campaign.Status.LAUNCHED)
        .filter(status_condition(status, on=on))
    )
    return list(
        assignments.select_related("employee__unit", "campaign").order_by(
            "campaign__due_date", "employee__unit__path", "employee__number", "pk"
        )[:limit]
    )


@dataclass
class LaggingUnit:
    unit: OrgUnit
    tally: Tally


def lagging_units(*, limit: int = 10, on: datetime.date | None = None) -> list[LaggingUnit]:
    """The sites of the whole group with the lowest completion of the launched campaigns (the most
    people not done first among equals), for the secretariat's and auditors' home. Two queries."""
    on = on or timezone.localdate()
    site_depth = max(ROLLUP_DEPTHS)
    sums = (
        CompletionCount.objects.filter(
            with_sub_units=True, unit__depth=site_depth, campaign__status=Campaign.Status.LAUNCHED
        )
        .values("unit_id", "campaign__due_date")
        .annotate(assigned=Sum("assigned"), completed=Sum("completed"))
        .order_by()
    )
    tallies: dict[int, Tally] = defaultdict(Tally)
    for row in sums:
        open_count = row["assigned"] - row["completed"]
        overdue = open_count if row["campaign__due_date"] < on else 0
        tallies[row["unit_id"]].add(Tally(row["assigned"], row["completed"], overdue))
    ranked = sorted(
        (item for item in tallies.items() if item[1].assigned),
        key=lambda item: (item[1].rate, -item[1].open, item[0]),
    )[:limit]
    units = OrgUnit.objects.in_bulk([pk for pk, _tally in ranked])
    return [LaggingUnit(unit=units[pk], tally=tally) for pk, tally in ranked]
