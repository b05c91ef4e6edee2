"""Reads for certificates. HR see their units' certificates, administrators all."""

from django.db.models import QuerySet

from lms.organisation.models import OrgUnit
from lms.organisation.selectors import employees_editable_by

from .models import Certificate, CertificateZipJob


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(employee__in=employees_editable_by(user=user)).select_related("employee__unit")


def certificates_for_unit(*, user, unit: OrgUnit) -> QuerySet[Certificate]:
    return (
        certificates_visible_to(user=user)
        .filter(employee__unit__path__startswith=unit.path)
        .order_by("employee__unit__path", "employee__number", "issued_at")
    )


def certificate_for_verification(*, code: str) -> Certificate | None:
    """The public lookup: by the unguessable code only."""
    if not code or len(code) > 32:
        return None
    return (
        Certificate.objects.filter(verification_code=code)
        .only("employee_name", "course_title", "completed_on", "revoked_at", "language")
        .first()
    )


def zip_jobs_visible_to(*, user) -> QuerySet[CertificateZipJob]:
    from lms.accounts.models import Role
    from lms.accounts.selectors import user_has_role

    qs = CertificateZipJob.objects.select_related("unit")
    return qs if user_has_role(user, Role.ADMIN) else qs.filter(created_by=user)
