from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class I18nConfig(AppConfig):
    name = "lms.i18n"
    label = "mamori_i18n"
    verbose_name = _("Languages")
