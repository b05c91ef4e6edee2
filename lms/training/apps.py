from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "lms.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from lms.organisation.events import employees_changed

        from .counting import employees_changed_receiver

        employees_changed.connect(employees_changed_receiver, dispatch_uid="training_counts_employees_changed")
