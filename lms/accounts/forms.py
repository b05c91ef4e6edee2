from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Employee number or login ID"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": _(
            "The employee number or password is not correct. If your number is used in several "
            "companies, enter it as COMPANY/NUMBER."
        ),
        "inactive": _("This login is disabled. Ask HR."),
    }
