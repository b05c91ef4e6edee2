"""Keeping ``CompletionCount`` exact: recompute the rows a write touched.

``completion_counts_rebuild`` deletes and re-inserts the own-people rows of some units and/or some
campaigns (everything when asked for nothing) from one grouped query over the assignments, then the
rows with sub-units of the companies and sites above them, added up from the own-people rows. The
writes call it for what they changed, inside their own transaction where they can:

* a completion recorded or corrected, a learner starting: the person's unit;
* a campaign launched, assignments added: the campaign;
* a roster import: everything it touched (every unit of a changed person);
* an employee created or changed in the admin: the old and new units, on commit
  (``lms.organisation.events.employees_changed``, since organisation sits below training).

A completion's rebuild reads the assignments of one unit and campaign (tens of rows) and the
own-people rows of its site and company (thousands at most); ``manage.py completion_counts_rebuild``
rebuilds everything.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr

from lms.organisation.models import OrgUnit

from .models import Assignment, Campaign, CompletionCount

# The depths whose units keep rows with their sub-units: companies and sites. The group's own
# numbers are the sum of its companies'; a department's, of its own units' rows.
ROLLUP_DEPTHS = (2, 3)


def counted_assignments():
    """Assignments the reports count (``CompletionCount``): not a draft campaign's, and not of a
    person who left before the due date without completing."""
    still_owed = (
        Q(completed_on__isnull=False)
        | Q(employee__leaving_date__isnull=True)
        | Q(employee__leaving_date__gte=F("campaign__due_date"))
    )
    return Assignment.objects.exclude(campaign__status=Campaign.Status.DRAFT).filter(still_owed)


_deferred = threading.local()


@contextmanager
def completion_counts_deferred() -> Iterator[None]:
    """Within the block, rebuilds asked for are gathered and done once at its end (for a batch that
    records hundreds of completions: the demo, a closed session). The counts are stale only inside
    the block; use it inside the batch's transaction."""
    if getattr(_deferred, "asks", None) is not None:
        yield  # already deferring: the outer block rebuilds
        return
    _deferred.asks = asks = []
    try:
        yield
    finally:
        _deferred.asks = None
    whole = [ask for ask in asks if ask == (None, None)]
    if whole:
        completion_counts_rebuild()
        return
    units = {unit for unit_ids, _c in asks if unit_ids is not None for unit in unit_ids}
    campaigns = {campaign for unit_ids, campaign_ids in asks if unit_ids is None for campaign in campaign_ids}
    if campaigns:
        completion_counts_rebuild(campaign_ids=campaigns)
    unit_asks = [(unit_ids, campaign_ids) for unit_ids, campaign_ids in asks if unit_ids is not None]
    if unit_asks:
        any_campaign = any(campaign_ids is None for _u, campaign_ids in unit_asks)
        asked = None if any_campaign else {c for _u, campaign_ids in unit_asks for c in campaign_ids}
        completion_counts_rebuild(unit_ids=units, campaign_ids=asked)


def completion_counts_rebuild(
    *, unit_ids: Iterable[int] | None = None, campaign_ids: Iterable[int] | None = None
) -> int:
    """Recompute the counts of the people of ``unit_ids`` and of the companies and sites above them
    (every unit when None), for ``campaign_ids`` (every campaign when None). Returns the number of
    rows written (0 when deferred: ``completion_counts_deferred``). The caller's transaction holds
    it; without one it runs in its own."""
    unit_ids = None if unit_ids is None else sorted(set(unit_ids))
    campaign_ids = None if campaign_ids is None else sorted(set(campaign_ids))
    if unit_ids == [] or campaign_ids == []:
        return 0
    asks = getattr(_deferred, "asks", None)
    if asks is not None:
        asks.append((unit_ids, campaign_ids))
        return 0
    with transaction.atomic():
        written = _own_counts_rebuild(unit_ids, campaign_ids)
        written += _rollups_rebuild(unit_ids, campaign_ids)
    return written


def _own_counts_rebuild(unit_ids: list[int] | None, campaign_ids: list[int] | None) -> int:
    counts = CompletionCount.objects.filter(with_sub_units=False)
    assignments = counted_assignments()
    if unit_ids is not None:
        counts = counts.filter(unit_id__in=unit_ids)
        assignments = assignments.filter(employee__unit_id__in=unit_ids)
    if campaign_ids is not None:
        counts = counts.filter(campaign_id__in=campaign_ids)
        assignments = assignments.filter(campaign_id__in=campaign_ids)
    groups = (
        assignments.values(
            "campaign_id", "method", unit_id=F("employee__unit_id"), category_id=F("employee__category_id")
        )
        .annotate(
            assigned=Count("pk"),
            completed=Count("completed_on"),
            started=Count("pk", filter=Q(completed_on__isnull=True, started_on__isnull=False)),
        )
        .order_by()
    )
    counts.delete()
    return len(CompletionCount.objects.bulk_create([CompletionCount(**group) for group in groups], batch_size=5000))


def _rollups_rebuild(unit_ids: list[int] | None, campaign_ids: list[int] | None) -> int:
    """The rows with sub-units of the companies and sites (``ROLLUP_DEPTHS``) at or above ``unit_ids``,
    added up from the own-people rows."""
    step = OrgUnit.steplen
    if unit_ids is None:
        rollups = OrgUnit.objects.filter(depth__in=ROLLUP_DEPTHS)
    else:
        paths = OrgUnit.objects.filter(pk__in=unit_ids).values_list("path", flat=True)
        prefixes = {path[: depth * step] for path in paths for depth in ROLLUP_DEPTHS if len(path) >= depth * step}
        rollups = OrgUnit.objects.filter(path__in=prefixes)
    unit_by_path = dict(rollups.values_list("path", "pk"))
    if not unit_by_path:
        return 0
    stale = CompletionCount.objects.filter(with_sub_units=True)
    if unit_ids is not None:
        stale = stale.filter(unit_id__in=list(unit_by_path.values()))
    if campaign_ids is not None:
        stale = stale.filter(campaign_id__in=campaign_ids)
    stale.delete()
    rows = []
    for depth in ROLLUP_DEPTHS:
        own = CompletionCount.objects.filter(with_sub_units=False)
        if campaign_ids is not None:
            own = own.filter(campaign_id__in=campaign_ids)
        if unit_ids is not None:
            level = [path for path in unit_by_path if len(path) == depth * step]
            if not level:
                continue
            condition = Q(pk__in=[])
            for path in level:
                condition |= Q(unit__path__startswith=path)
            own = own.filter(condition)
        sums = (
            own.values("campaign_id", "category_id", "method", prefix=Substr("unit__path", 1, depth * step))
            .annotate(assigned=Sum("assigned"), completed=Sum("completed"), started=Sum("started"))
            .order_by()
        )
        for total in sums:
            unit_id = unit_by_path.get(total.pop("prefix"))
            if unit_id is not None:
                rows.append(CompletionCount(unit_id=unit_id, with_sub_units=True, **total))
    return len(CompletionCount.objects.bulk_create(rows, batch_size=5000))


def employees_changed_receiver(sender, *, unit_ids, **kwargs) -> None:
    """``employees_changed``: an employee was created, moved, re-categorised or given a leaving date."""
    completion_counts_rebuild(unit_ids=unit_ids)
