from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem
from lms.accounts.selectors import user_has_role
from lms.home.panels import RUNNING_JOBS_HOOK, RunningJob, running_jobs_of
from lms.paper.selectors import PAPER_STAFF

from .models import CertificateZipJob
from .selectors import zip_jobs_visible_to
from .urls import admin_urlpatterns


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [path("mamori/certificates/", include((admin_urlpatterns, "certificates_admin")))]


@hooks.register("register_admin_menu_item")
def register_certificate_menu_item():
    return RoleMenuItem(
        _("Certificates"),
        reverse_lazy("certificates_admin:list"),
        name="certificates",
        icon_name="pick",
        order=730,
        roles=PAPER_STAFF,
    )


@hooks.register(RUNNING_JOBS_HOOK)
def running_zip_jobs(request) -> list[RunningJob]:
    if not user_has_role(request.user, *PAPER_STAFF):
        return []
    jobs = zip_jobs_visible_to(user=request.user).exclude(status__in=CertificateZipJob.FINISHED)
    return running_jobs_of(
        jobs,
        label_for=lambda job: gettext("Certificates ZIP: %(unit)s") % {"unit": job.unit.name},
        url_for=lambda job: reverse("certificates_admin:zip_job", args=[job.pk]),
    )
