from django import forms

from .models import ReminderSettings
from .services import SETTINGS_FIELDS


class ReminderSettingsForm(forms.ModelForm):
    """Validates the settings (the model's ``clean`` included); ``reminder_settings_update`` saves them."""

    class Meta:
        model = ReminderSettings
        fields = list(SETTINGS_FIELDS)

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}
