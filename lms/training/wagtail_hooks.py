"""The Training menu (delivery rules, campaigns, completion records) and the Organisation menu."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.organisation.viewsets import OrganisationViewSetGroup

from .models import Campaign, CompletionRecord, DeliveryRule
from .people import TrainingEmployeeViewSet
from .viewsets import TrainingViewSetGroup, campaign_policy, completion_record_policy, delivery_rule_policy

# Registered at import, before any viewset asks the registry for a fallback policy.
register_permission_policy(DeliveryRule, delivery_rule_policy)
register_permission_policy(Campaign, campaign_policy)
register_permission_policy(CompletionRecord, completion_record_policy)


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    # The Organisation menu, with the employee screen that shows each person's training method.
    return OrganisationViewSetGroup(employee_viewset_class=TrainingEmployeeViewSet)
