from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from lms.i18n.views import switch_language
from lms.reports import audit_log as audit_views
from pledges.views import signing as pledge_views
from sessions.views import check_in as session_check_in


def healthz(request):
    """Anyone: a liveness probe for load balancers."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    # Roster import screens live under the admin but declare their own roles (HR, administrators).
    path("admin/roster/", include("lms.roster.urls")),
    # Wagtail's site history lists log entries by model permission, not by unit: auditors and admins only.
    path("admin/reports/site-history/", audit_views.site_history),
    path("admin/reports/site-history/results/", audit_views.site_history_results),
    path("admin/", include(wagtailadmin_urls)),
    path("healthz", healthz, name="healthz"),
    path("language/", switch_language, name="switch_language"),
    path("verify/pledge/<str:code>/", pledge_views.verify, name="pledge_verify"),
    path("verify/", include("certificates.urls")),
    # The address in a session's QR code: no language prefix, the phone is sent to its person's language.
    path("check-in/<int:pk>/<str:token>/", session_check_in.check_in_entry, name="session_check_in"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("lms.accounts.urls")),
    path("my-training/", include("lms.learning.urls")),
    path("pledges/", include("pledges.urls")),
    path("sessions/", include("sessions.urls")),
    # Wagtail's front-end URLs, its page view finding learner pages through the shared cache.
    path("", include("lms.learning.routing")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL + "images/", document_root=settings.MEDIA_ROOT / "images") + urlpatterns
