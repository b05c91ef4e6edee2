"""The learner's pledge pages (their own pledges only) and the public check of a pledge by its code."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lms.accounts.permissions import employee_required
from lms.storage import private_file_response

from ..models import SignedPledge
from ..selectors import pledges_due, signed_pledges_of
from ..services import PledgeAlreadySigned, PledgeRefused
from ..services.signing import pledge_sign, signing_token_issue
from ..services.texts import language_name, languages_offered, pledge_text


def client_ip(request) -> str | None:
    """The signer's address: behind ``MAMORI_TRUSTED_PROXIES`` reverse proxies, the address the
    outermost trusted proxy saw (X-Forwarded-For is otherwise written by the client and ignored)."""
    proxies = getattr(settings, "MAMORI_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


@employee_required
@require_GET
def my_pledges(request):
    """The signed-in employee: the pledges waiting for them, and those they signed, with their PDFs."""
    employee = request.user.employee
    return render(
        request,
        "pledges/mine.html",
        {"due": pledges_due(employee=employee), "signed": signed_pledges_of(employee=employee)},
    )


def _due_for(employee, version_id: int):
    for due in pledges_due(employee=employee):
        if due.version.pk == version_id:
            return due
    return None


@employee_required
@require_http_methods(["GET", "POST"])
def sign(request, version_id: int):
    """The signed-in employee signs a pledge waiting for them: clause by clause in their language beside
    the Japanese, then their password. Anything not waiting for them is sent back to "My pledges"."""
    employee = request.user.employee
    due = _due_for(employee, version_id)
    if due is None:
        messages.info(request, _("This pledge is not waiting for your signature."))
        return redirect("pledges:mine")
    if due.blocked:
        messages.warning(request, due.blocked)
        return redirect("pledges:mine")
    version = due.version
    offered = languages_offered(version)
    wanted = request.POST.get("language") or request.GET.get("language") or employee.preferred_language
    unavailable = wanted if wanted not in offered else ""
    language = (
        wanted
        if wanted in offered
        else (employee.preferred_language if employee.preferred_language in offered else settings.LANGUAGE_CODE)
    )
    error, ticked = "", set()
    if request.method == "POST":
        ticked = {int(n) for n in request.POST.getlist("clause") if n.isdigit()}
        try:
            pledge = pledge_sign(
                user=request.user,
                token=request.POST.get("token", ""),
                acknowledged=ticked,
                password=request.POST.get("password", ""),
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except PledgeAlreadySigned as refusal:
            messages.warning(request, str(refusal))
            return redirect("pledges:mine")
        except PledgeRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Thank you. Your pledge is signed and recorded."))
            return redirect("pledges:signed", code=pledge.verification_code)
    text = pledge_text(version=version, language=language)
    response = render(
        request,
        "pledges/sign.html",
        {
            "version": version,
            "pledge_name": version.pledge_type.display_name(),
            "text": text,
            "token": signing_token_issue(employee=employee, text=text),
            "languages": [(code, language_name(code)) for code in offered],
            "unavailable": language_name(unavailable) if unavailable else "",
            "error": error,
            "ticked": ticked,
            "employee": employee,
        },
        status=400 if error else 200,
    )
    return response


@employee_required
@require_GET
def signed(request, code: str):
    """The signed-in employee: the confirmation of one of their own pledges, with the PDF link."""
    pledge = get_object_or_404(signed_pledges_of(employee=request.user.employee), verification_code=code)
    return render(request, "pledges/signed.html", {"pledge": pledge})


@employee_required
@require_GET
def my_pdf(request, code: str):
    """The signed-in employee: the sealed PDF of one of their own pledges."""
    pledge = get_object_or_404(signed_pledges_of(employee=request.user.employee), verification_code=code)
    if not pledge.pdf:
        raise Http404
    return private_file_response(pledge.pdf, filename=pledge_pdf_name(pledge), content_type="application/pdf")


def pledge_pdf_name(pledge: SignedPledge) -> str:
    return f"pledge-{pledge.pledge_type.code}-v{pledge.version.number}-{pledge.employee_number}.pdf"


@require_GET
@never_cache
def verify(request, code: str):
    """Anyone, without login: whether a pledge is on record and valid. Shows only the name, the pledge,
    its version, the date and the status; an unknown code gets the same page saying so."""
    pledge = (
        SignedPledge.objects.select_related("pledge_type", "version", "withdrawal")
        .filter(verification_code=code)
        .first()
    )
    intact = None
    if pledge is not None:
        from ..services.verification import pledge_integrity_problems

        intact = not pledge_integrity_problems(pledge, check_files=False)
    response = render(request, "pledges/verify.html", {"pledge": pledge, "intact": intact})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
