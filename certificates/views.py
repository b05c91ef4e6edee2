"""The public verification page and HR's certificate screens."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.permissions import role_required
from lms.organisation.selectors import units_handled_by
from lms.paper.selectors import PAPER_STAFF
from lms.storage import private_file_response

from .selectors import certificate_for_verification, certificates_visible_to, zip_jobs_visible_to
from .services import CertificateError, certificate_pdf, certificate_revoke, certificate_zip_job_create
from .tasks import verify_url_for


@require_GET
@never_cache
def verify(request, code: str):
    """Anyone, without login: whether a certificate is valid. Shows name, course and date only.

    Never cached, by the browser or a proxy: a certificate revoked a second ago must read "revoked".
    An unknown code gets the same page saying so (a 404 here would be redirected by the
    locale middleware to the page tree's 404, which does not explain anything).
    """
    certificate = certificate_for_verification(code=code)
    response = render(request, "certificates/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ZipForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Unit"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


@role_required(*PAPER_STAFF)
@require_http_methods(["GET", "POST"])
def certificate_list(request):
    """HR (their units) and administrators: certificates, revoke, ZIP per unit."""
    units = units_handled_by(user=request.user)
    zip_form = ZipForm(request.POST or None, units=units)
    if request.method == "POST" and zip_form.is_valid():
        job = certificate_zip_job_create(actor=request.user, unit=zip_form.cleaned_data["unit"])
        return redirect("certificates_admin:zip_job", pk=job.pk)
    certificates = certificates_visible_to(user=request.user).order_by("-issued_at")[:200]
    return render(
        request,
        "certificates/admin/list.html",
        {
            "certificates": certificates,
            "zip_form": zip_form,
            "revoke_form": RevokeForm(),
            "jobs": zip_jobs_visible_to(user=request.user)[:5],
            "page_title": _("Certificates"),
        },
    )


@role_required(*PAPER_STAFF)
@require_POST
def certificate_revoke_view(request, pk: int):
    """HR (their units) and administrators: revoke with a reason."""
    certificate = get_object_or_404(certificates_visible_to(user=request.user), pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            certificate_revoke(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The certificate was revoked."))
        except CertificateError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Revoking a certificate needs a reason."))
    return redirect("certificates_admin:list")


@role_required(*PAPER_STAFF)
@require_GET
def certificate_download(request, pk: int):
    """HR (their units) and administrators: one certificate as PDF."""
    certificate = get_object_or_404(certificates_visible_to(user=request.user), pk=pk)
    data = certificate_pdf(certificate=certificate, verify_url=verify_url_for(certificate))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.pk}.pdf"'
    return response


@role_required(*PAPER_STAFF)
@require_GET
def zip_job(request, pk: int):
    """HR who asked for the ZIP, and administrators: progress and download (refreshes itself)."""
    job = get_object_or_404(zip_jobs_visible_to(user=request.user), pk=pk)
    if request.GET.get("download") == "1":
        if job.status != job.Status.DONE or not job.file:
            raise Http404
        return private_file_response(
            job.file, filename=f"certificates-{job.unit.code}.zip", content_type="application/zip"
        )
    return render(request, "certificates/admin/zip_job.html", {"job": job, "page_title": _("Certificate download")})
