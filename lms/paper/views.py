"""Admin screens for HR: recording returned slips, batch printing. HR and administrators only."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.permissions import role_required
from lms.organisation.selectors import units_handled_by
from lms.storage import private_file_response

from .forms import ChecklistForm, ChecklistScopeForm, PrintScopeForm, SlipScanForm
from .models import ExcerptPrintJob, SlipReturn
from .selectors import PAPER_STAFF, print_candidates, print_jobs_visible_to, slip_checklist
from .services import (
    SlipAlreadyRecorded,
    SlipRefused,
    print_job_cancel,
    print_job_create,
    slip_record,
    slip_record_by_token,
)


@role_required(*PAPER_STAFF)
@require_http_methods(["GET", "POST"])
def slip_scan(request):
    """HR and administrators: scan (or type) the code of a returned slip."""
    form = SlipScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            slip = slip_record_by_token(
                token=form.cleaned_data["token"],
                signed_on=form.cleaned_data["signed_on"],
                actor=request.user,
                attachment=form.cleaned_data["attachment"],
            )
        except SlipAlreadyRecorded as error:
            messages.warning(request, str(error))
        except SlipRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Recorded: %(name)s (%(number)s), %(unit)s.")
                % {
                    "name": slip.assignment.employee.full_name,
                    "number": slip.assignment.employee.number,
                    "unit": slip.assignment.employee.unit.name,
                },
            )
        # Keep the date for the next slip of the pile; the code field starts empty and focused.
        return redirect(f"{reverse('paper:slip_scan')}?signed_on={form.cleaned_data['signed_on'].isoformat()}")
    if request.method == "GET" and request.GET.get("signed_on"):
        form = SlipScanForm(initial={"signed_on": request.GET["signed_on"]})
    return render(request, "paper/admin/slip_scan.html", {"form": form, "page_title": _("Record returned slips")})


@role_required(*PAPER_STAFF)
@require_http_methods(["GET", "POST"])
def slip_checklist_view(request):
    """HR and administrators: tick the names of the people whose slips came back."""
    units = units_handled_by(user=request.user)
    scope = ChecklistScopeForm(request.GET or None, units=units)
    people = []
    form = ChecklistForm(request.POST or None)
    if scope.is_valid():
        people = list(
            slip_checklist(user=request.user, campaign=scope.cleaned_data["campaign"], unit=scope.cleaned_data["unit"])
        )
        if request.method == "POST" and form.is_valid():
            chosen = {int(pk) for pk in request.POST.getlist("assignment") if pk.isdigit()}
            recorded, refused = 0, []
            for assignment in people:
                if assignment.pk not in chosen:
                    continue
                try:
                    slip_record(
                        assignment=assignment,
                        signed_on=form.cleaned_data["signed_on"],
                        actor=request.user,
                        via=SlipReturn.Via.CHECKLIST,
                    )
                    recorded += 1
                except SlipRefused as error:
                    refused.append(str(error))
            if recorded:
                messages.success(request, _("%(count)s slips recorded.") % {"count": recorded})
            for message in refused:
                messages.error(request, message)
            return redirect(request.get_full_path())
    return render(
        request,
        "paper/admin/slip_checklist.html",
        {"scope": scope, "form": form, "people": people, "page_title": _("Returned slips by name")},
    )


@role_required(*PAPER_STAFF)
@require_http_methods(["GET", "POST"])
def print_job_new(request):
    """HR and administrators: choose whom to print for, see how many, start the job."""
    units = units_handled_by(user=request.user)
    data = request.POST if request.method == "POST" else (request.GET if "campaign" in request.GET else None)
    form = PrintScopeForm(data, units=units)
    count = None
    if data is not None and form.is_valid():
        scope = {
            "campaign": form.cleaned_data["campaign"],
            "units": form.cleaned_data["units"],
            "categories": form.cleaned_data["categories"],
            "methods": form.cleaned_data["methods"],
        }
        if request.method == "POST":
            job = print_job_create(actor=request.user, **scope)
            return redirect("paper:print_job", pk=job.pk)
        count = print_candidates(user=request.user, **scope).count()
    jobs = print_jobs_visible_to(user=request.user)[:10]
    return render(
        request,
        "paper/admin/print_job_new.html",
        {"form": form, "count": count, "jobs": jobs, "page_title": _("Print excerpts and slips")},
    )


def _job_for(request, pk: int) -> ExcerptPrintJob:
    return get_object_or_404(print_jobs_visible_to(user=request.user), pk=pk)


@role_required(*PAPER_STAFF)
@require_GET
def print_job_detail(request, pk: int):
    """HR who started the job, and administrators: progress and download."""
    job = _job_for(request, pk)
    return render(request, "paper/admin/print_job.html", {"job": job, "page_title": _("Print job")})


@role_required(*PAPER_STAFF)
@require_GET
def print_job_status(request, pk: int):
    """HR who started the job, and administrators: progress as JSON for the live bar."""
    job = _job_for(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.is_finished,
            "download_url": reverse("paper:print_job_download", args=[job.pk]) if job.file else None,
            "error": job.error if job.status == ExcerptPrintJob.Status.FAILED else "",
        }
    )


@role_required(*PAPER_STAFF)
@require_GET
def print_job_download(request, pk: int):
    """HR who started the job, and administrators: the PDF, never from a public URL."""
    job = _job_for(request, pk)
    if job.status != ExcerptPrintJob.Status.DONE or not job.file:
        raise Http404
    return private_file_response(job.file, filename=f"excerpts-{job.pk}.pdf", content_type="application/pdf")


@role_required(*PAPER_STAFF)
@require_POST
def print_job_cancel_view(request, pk: int):
    """HR who started the job, and administrators: stop it."""
    job = _job_for(request, pk)
    if print_job_cancel(job=job, actor=request.user):
        messages.success(request, _("The print job was cancelled."))
    return redirect("paper:print_job", pk=job.pk)
