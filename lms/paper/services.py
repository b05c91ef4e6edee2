"""Writes for paper training: recording returned slips, starting and cancelling print jobs."""

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log
from lms.organisation.models import EmployeeCategory, OrgUnit
from lms.training.models import Assignment, Campaign, EvidenceKind
from lms.training.services import AlreadyCompleted, completion_record

from .models import ExcerptPrintJob, SlipReturn
from .scans import ScanRefused, scan_type
from .selectors import PAPER_METHODS, assignments_in_paper_scope, print_candidates
from .tokens import BadSlipToken, slip_token_read


class SlipRefused(Exception):
    """A slip that cannot be recorded, with a message for HR."""


class SlipAlreadyRecorded(SlipRefused):
    def __init__(self, assignment: Assignment, completed_on: datetime.date):
        super().__init__(
            _("The slip of %(name)s was already recorded (completed on %(date)s). Nothing was changed.")
            % {"name": assignment.employee.full_name, "date": completed_on}
        )
        self.assignment = assignment


def attachment_check(upload: UploadedFile) -> str:
    """The MIME type of an accepted slip scan; ``SlipRefused`` otherwise."""
    try:
        return scan_type(upload)
    except ScanRefused as error:
        raise SlipRefused(str(error)) from error


def slip_assignment_from_token(*, token: str, actor) -> Assignment:
    """The assignment a scanned token names, checked against the actor's scope and the campaign."""
    try:
        assignment_id, campaign_id = slip_token_read(token)
    except BadSlipToken as error:
        raise SlipRefused(_("This code was not printed by Mamori or is damaged. Nothing was recorded.")) from error
    assignment = (
        assignments_in_paper_scope(user=actor)
        .select_related("campaign", "employee__unit")
        .filter(pk=assignment_id, campaign_id=campaign_id)
        .first()
    )
    if assignment is None:
        raise SlipRefused(_("This slip belongs to nobody in your units. Nothing was recorded."))
    return assignment


def slip_record(
    *,
    assignment: Assignment,
    signed_on: datetime.date,
    actor,
    via: str,
    attachment: UploadedFile | None = None,
) -> SlipReturn:
    """Record a returned slip and, through ``completion_record``, the completion it proves.

    All or nothing: if the assignment is already complete, nothing is written
    and ``SlipAlreadyRecorded`` says so.
    """
    if not assignments_in_paper_scope(user=actor).filter(pk=assignment.pk).exists():
        raise SlipRefused(_("This slip belongs to nobody in your units. Nothing was recorded."))
    campaign = assignment.campaign
    if campaign.status != Campaign.Status.LAUNCHED:
        raise SlipRefused(
            _("The campaign %(campaign)s is not open; its slips can no longer be recorded.") % {"campaign": campaign}
        )
    if assignment.method not in PAPER_METHODS:
        raise SlipRefused(
            _("%(name)s is trained by %(method)s, not on paper. Nothing was recorded.")
            % {"name": assignment.employee.full_name, "method": assignment.get_method_display()}
        )
    if signed_on > timezone.localdate():
        raise SlipRefused(_("The date on the slip is in the future."))
    mime = attachment_check(attachment) if attachment else ""
    slip = None
    try:
        with transaction.atomic():
            slip = SlipReturn(
                assignment=assignment,
                campaign=campaign,
                signed_on=signed_on,
                via=via,
                recorded_by=actor,
                attachment_type=mime,
            )
            if attachment:
                slip.attachment.save(f"slip-{assignment.pk}.{mime.split('/')[1]}", attachment, save=False)
            slip.save()
            completion_record(
                assignment=assignment,
                method=assignment.method,
                completed_on=signed_on,
                recorded_by=actor,
                evidence_kind=EvidenceKind.SLIP,
                evidence=slip,
            )
            audit_log(
                actor=actor,
                action="mamori.slip.record",
                instance=slip,
                data={"assignment": assignment.pk, "signed_on": signed_on, "via": via, "attachment": bool(attachment)},
            )
    except AlreadyCompleted as error:
        _attachment_discard(slip)
        raise SlipAlreadyRecorded(assignment, error.record.completed_on) from error
    except Exception:
        _attachment_discard(slip)
        raise
    return slip


def _attachment_discard(slip: SlipReturn | None) -> None:
    """The row was rolled back; its file must not stay behind."""
    if slip is not None and slip.attachment:
        slip.attachment.delete(save=False)


def slip_record_by_token(
    *, token: str, signed_on: datetime.date, actor, attachment: UploadedFile | None = None
) -> SlipReturn:
    assignment = slip_assignment_from_token(token=token, actor=actor)
    return slip_record(
        assignment=assignment, signed_on=signed_on, actor=actor, via=SlipReturn.Via.SCAN, attachment=attachment
    )


def print_job_create(
    *,
    actor,
    campaign: Campaign,
    units: Iterable[OrgUnit] = (),
    categories: Iterable[EmployeeCategory] = (),
    methods: Iterable[str],
) -> ExcerptPrintJob:
    """Freeze the people to print and queue the task that builds the PDF (after commit)."""
    from .tasks import excerpt_print_job_run

    units, categories, methods = list(units), list(categories), list(methods)
    ids = list(
        print_candidates(
            user=actor, campaign=campaign, units=units, categories=categories, methods=methods
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        job = ExcerptPrintJob.objects.create(
            campaign=campaign,
            assignment_ids=ids,
            total=len(ids),
            created_by=actor,
            scope={
                "units": [u.code for u in units],
                "categories": [c.code for c in categories],
                "methods": methods,
            },
        )
        audit_log(actor=actor, action="mamori.print_job.create", instance=job, data={"people": len(ids), **job.scope})
        transaction.on_commit(lambda: excerpt_print_job_run.delay(job.pk))
    return job


def print_job_cancel(*, job: ExcerptPrintJob, actor) -> bool:
    """Ask a queued or running job to stop; the task sees it at its next progress save."""
    with transaction.atomic():
        updated = ExcerptPrintJob.objects.filter(
            pk=job.pk, status__in=[ExcerptPrintJob.Status.QUEUED, ExcerptPrintJob.Status.RUNNING]
        ).update(status=ExcerptPrintJob.Status.CANCELLED, finished_at=timezone.now())
        if updated:
            audit_log(actor=actor, action="mamori.print_job.cancel", instance=job)
    return bool(updated)
