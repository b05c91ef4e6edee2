from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation

from lms.i18n.languages import normalise_language

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    """Anyone may open it. After login the employee's preferred language becomes the site language."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        employee = getattr(form.get_user(), "employee", None)
        if employee is None:
            return response
        language = normalise_language(employee.preferred_language)
        translation.activate(language)
        target = translate_url(response.url, language)
        response = HttpResponseRedirect(target)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (CSRF-protected), for any logged-in user."""
