"""Writes for training: deciding methods, launching campaigns, recording completions."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log, audit_log_many, audited_create, audited_update
from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from lms.organisation.models import Employee

from .counting import completion_counts_rebuild
from .events import completion_corrected, completion_recorded, publish_on_commit
from .models import Assignment, Campaign, CompletionRecord, DeliveryRule, EvidenceKind, TrainingMethod
from .selectors import campaign_people


class TrainingError(Exception):
    """A training operation refused, with a message for the user."""


class AlreadyCompleted(TrainingError):
    def __init__(self, record: CompletionRecord):
        super().__init__(
            _("This training was already recorded as completed on %(date)s.") % {"date": record.completed_on}
        )
        self.record = record


@dataclass(frozen=True)
class MethodDecision:
    method: str
    rule: DeliveryRule | None

    @property
    def rule_name(self) -> str:
        return self.rule.name if self.rule else ""


def delivery_rules_load() -> list[DeliveryRule]:
    """Active rules in order, categories prefetched (two queries)."""
    return list(DeliveryRule.objects.filter(is_active=True).prefetch_related("categories"))


# When no rule matches (the rule list has no catch-all), site HR decides by hand.
FALLBACK_METHOD = TrainingMethod.HR_HANDOUT


def delivery_method_decide(*, employee: Employee, rules: Sequence[DeliveryRule], fiscal_year: int) -> MethodDecision:
    start, end = fiscal_year_bounds(fiscal_year)
    hired_in_year = start <= employee.hire_date <= end
    for rule in rules:
        if rule.matches(employee, hired_in_fiscal_year=hired_in_year):
            return MethodDecision(rule.method, rule)
    return MethodDecision(FALLBACK_METHOD, None)


def _assignments_build(campaign: Campaign, employees: Iterable[Employee], rules) -> list[Assignment]:
    assignments = []
    for employee in employees:
        decision = delivery_method_decide(employee=employee, rules=rules, fiscal_year=campaign.fiscal_year)
        assignments.append(
            Assignment(
                campaign=campaign,
                employee=employee,
                method=decision.method,
                rule=decision.rule,
                rule_name=decision.rule_name,
            )
        )
    return assignments


def campaign_launch(*, campaign: Campaign, actor, on: datetime.date | None = None) -> int:
    """Create an assignment for every active employee in scope. Returns how many.

    Launching twice is refused; the row lock makes two simultaneous clicks safe.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.DRAFT:
            raise TrainingError(_("This campaign has already been launched."))
        rules = delivery_rules_load()
        employees = campaign_people(campaign=campaign, on=on).exclude(assignments__campaign=campaign)
        assignments = _assignments_build(campaign, employees.only(*DECISION_FIELDS), rules)
        Assignment.objects.bulk_create(assignments, batch_size=1000)
        campaign.status = Campaign.Status.LAUNCHED
        campaign.launched_at = timezone.now()
        campaign.launched_by = actor if actor and actor.is_authenticated else None
        campaign.save(update_fields=["status", "launched_at", "launched_by"])
        completion_counts_rebuild(campaign_ids=[campaign.pk])
        audit_log(
            actor=actor, action="mamori.campaign.launch", instance=campaign, data={"assignments": len(assignments)}
        )
    return len(assignments)


def campaign_close(*, campaign: Campaign, actor) -> None:
    """Close a launched campaign: its year is over. Reports keep counting it; learners keep their
    records; nobody is reminded of it any more. Only a launched campaign can be closed."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.LAUNCHED:
            raise TrainingError(_("Only a launched campaign can be closed."))
        campaign.status = Campaign.Status.CLOSED
        campaign.save(update_fields=["status"])
        audit_log(actor=actor, action="mamori.campaign.close", instance=campaign, data={})


DECISION_FIELDS = (
    "id",
    "category_id",
    "is_key_person",
    "has_pc",
    "reads_japanese",
    "joined_via",
    "hire_date",
)


def assignments_create_for_new_employees(
    *, employees: Sequence[Employee], actor, on: datetime.date | None = None
) -> int:
    """Give people who joined after a launch their assignment in each open campaign covering them."""
    on = on or timezone.localdate()
    if not employees:
        return 0
    campaigns = Campaign.objects.filter(status=Campaign.Status.LAUNCHED, fiscal_year=fiscal_year_of(on))
    rules = None
    created: list[Assignment] = []
    ids = [e.pk for e in employees]
    for campaign in campaigns.prefetch_related("units"):
        candidates = (
            campaign_people(campaign=campaign, on=on).filter(pk__in=ids).exclude(assignments__campaign=campaign)
        )
        candidates = list(candidates.only(*DECISION_FIELDS))
        if not candidates:
            continue
        rules = rules if rules is not None else delivery_rules_load()
        batch = _assignments_build(campaign, candidates, rules)
        Assignment.objects.bulk_create(batch, batch_size=1000)
        created.extend(batch)
    if created:
        completion_counts_rebuild(unit_ids={e.unit_id for e in Employee.objects.filter(pk__in=ids).only("unit_id")})
        saved = Assignment.objects.filter(employee_id__in=ids, campaign__in=campaigns).select_related(
            "campaign", "employee"
        )
        new_keys = {(a.campaign_id, a.employee_id) for a in created}
        audit_log_many(
            actor=actor,
            action="mamori.assignment.create",
            instances=[a for a in saved if (a.campaign_id, a.employee_id) in new_keys],
            data_for=lambda a: {"method": a.method, "rule": a.rule_name},
        )
    return len(created)


def completion_record(
    *,
    assignment: Assignment,
    method: str,
    completed_on: datetime.date,
    recorded_by,
    evidence_kind: str,
    evidence=None,
    evidence_note: str = "",
) -> CompletionRecord:
    """Record that an assignment is complete. The only way to mark completion.

    Raises ``AlreadyCompleted`` when a current completion exists, so a
    double submission or a second scan changes nothing.
    """
    if evidence_kind not in EvidenceKind.values or evidence_kind == EvidenceKind.CORRECTION:
        raise ValueError(f"Not an evidence kind for a completion: {evidence_kind!r}")
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("employee").get(pk=assignment.pk)
        existing = CompletionRecord.objects.current().filter(assignment=assignment).first()
        if existing is not None:
            raise AlreadyCompleted(existing)
        try:
            with transaction.atomic():
                record = CompletionRecord.objects.create(
                    assignment=assignment,
                    method=method,
                    completed_on=completed_on,
                    recorded_by=recorded_by if recorded_by and recorded_by.is_authenticated else None,
                    evidence_kind=evidence_kind,
                    evidence_type=ContentType.objects.get_for_model(evidence) if evidence is not None else None,
                    evidence_id=evidence.pk if evidence is not None else None,
                    evidence_note=evidence_note,
                )
        except IntegrityError:
            # An original record exists but was voided by a correction: record
            # the new completion as a correction of the latest record in the chain.
            latest = _latest_in_chain(assignment)
            record = CompletionRecord.objects.create(
                assignment=assignment,
                method=method,
                completed_on=completed_on,
                recorded_by=recorded_by if recorded_by and recorded_by.is_authenticated else None,
                evidence_kind=evidence_kind,
                evidence_type=ContentType.objects.get_for_model(evidence) if evidence is not None else None,
                evidence_id=evidence.pk if evidence is not None else None,
                evidence_note=evidence_note,
                corrects=latest,
            )
        Assignment.objects.filter(pk=assignment.pk).update(completed_on=completed_on)
        completion_counts_rebuild(unit_ids=[assignment.employee.unit_id], campaign_ids=[assignment.campaign_id])
        audit_log(
            actor=recorded_by,
            action="mamori.completion.record",
            instance=record,
            data={
                "assignment": assignment.pk,
                "method": method,
                "completed_on": completed_on,
                "evidence": evidence_kind,
            },
        )
        # Announced after commit, so a rolled-back completion never gets a certificate.
        publish_on_commit(completion_recorded, sender=CompletionRecord, completion_id=record.pk)
    return record


def _latest_in_chain(assignment: Assignment) -> CompletionRecord:
    return CompletionRecord.objects.filter(assignment=assignment, corrected_by__isnull=True).get()


def completion_correct(
    *,
    record: CompletionRecord,
    actor,
    reason: str,
    completed_on: datetime.date | None = None,
    void: bool = False,
) -> CompletionRecord:
    """Replace a completion record by a new one (a changed date, or a withdrawal)."""
    if not reason.strip():
        raise TrainingError(_("A correction needs a reason."))
    with transaction.atomic():
        record = CompletionRecord.objects.select_for_update().get(pk=record.pk)
        if CompletionRecord.objects.filter(corrects=record).exists():
            raise TrainingError(_("This record has already been corrected."))
        correction = CompletionRecord.objects.create(
            assignment_id=record.assignment_id,
            method=record.method,
            completed_on=completed_on or record.completed_on,
            recorded_by=actor,
            evidence_kind=EvidenceKind.CORRECTION,
            evidence_note=reason[:500],
            corrects=record,
            is_void=void,
        )
        Assignment.objects.filter(pk=record.assignment_id).update(
            completed_on=None if void else correction.completed_on
        )
        assignment = Assignment.objects.select_related("employee").get(pk=record.assignment_id)
        completion_counts_rebuild(unit_ids=[assignment.employee.unit_id], campaign_ids=[assignment.campaign_id])
        audit_log(
            actor=actor,
            action="mamori.completion.correct",
            instance=correction,
            data={"corrects": record.pk, "void": void, "reason": reason, "completed_on": correction.completed_on},
        )
        publish_on_commit(
            completion_corrected,
            sender=CompletionRecord,
            correction_id=correction.pk,
            corrected_id=record.pk,
            void=void,
            reason=reason.strip(),
            actor_id=getattr(actor, "pk", None),
        )
    return correction


# --- Configuration by the secretariat: delivery rules and campaigns ----------------------

RULE_FIELDS = (
    "position",
    "name",
    "method",
    "key_person",
    "has_pc",
    "reads_japanese",
    "joined_via",
    "hired_in_fiscal_year",
    "is_active",
)
CAMPAIGN_FIELDS = ("name", "course", "fiscal_year", "due_date")


def delivery_rule_create(*, actor, categories: Iterable = (), **values) -> DeliveryRule:
    return audited_create(
        DeliveryRule,
        actor=actor,
        action="mamori.rule.create",
        values=values,
        fields=RULE_FIELDS,
        m2m={"categories": categories},
    )


def delivery_rule_update(*, rule: DeliveryRule, actor, categories: Iterable | None = None, **values) -> dict:
    """Apply changed fields and categories; returns {field: [old, new]}."""
    return audited_update(
        rule,
        actor=actor,
        action="mamori.rule.update",
        values=values,
        fields=RULE_FIELDS,
        m2m={"categories": categories} if categories is not None else None,
    )


def delivery_rule_delete(*, rule: DeliveryRule, actor) -> None:
    """Assignments keep the rule's name, so deleting a rule leaves the evidence readable."""
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="mamori.rule.delete",
            instance=rule,
            data={"name": rule.name, "method": rule.method, "position": rule.position},
        )
        rule.delete()


def campaign_create(*, actor, units: Iterable = (), **values) -> Campaign:
    """A draft campaign (the model's default status); it leaves the draft state only by ``campaign_launch``."""
    return audited_create(
        Campaign,
        actor=actor,
        action="mamori.campaign.create",
        values=values,
        fields=CAMPAIGN_FIELDS,
        m2m={"units": units},
    )


def campaign_update(*, campaign: Campaign, actor, units: Iterable | None = None, **values) -> dict:
    """Change a draft campaign; a launched campaign is frozen."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.DRAFT:
            raise TrainingError(_("Only a draft campaign can be changed."))
        return audited_update(
            campaign,
            actor=actor,
            action="mamori.campaign.update",
            values=values,
            fields=CAMPAIGN_FIELDS,
            m2m={"units": units} if units is not None else None,
        )
