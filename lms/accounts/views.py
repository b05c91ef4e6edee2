from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils import translation

from lms.home.landing import landing_url
from lms.i18n.languages import normalise_language, url_in_language

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    """Anyone may open it. After login the employee's preferred language becomes the site language."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Without a safe ``next``: My training for employees, the admin for the other logins."""
        return landing_url(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        employee = getattr(form.get_user(), "employee", None)
        if employee is None:
            return response
        language = normalise_language(employee.preferred_language)
        response = HttpResponseRedirect(url_in_language(response.url, language))
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (CSRF-protected), for any logged-in user."""
