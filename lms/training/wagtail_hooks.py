"""The Training menu: delivery rules, campaigns and completion records."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Campaign, CompletionRecord, DeliveryRule
from .viewsets import TrainingViewSetGroup, campaign_policy, completion_record_policy, delivery_rule_policy

# Registered at import, before any viewset asks the registry for a fallback policy.
register_permission_policy(DeliveryRule, delivery_rule_policy)
register_permission_policy(Campaign, campaign_policy)
register_permission_policy(CompletionRecord, completion_record_policy)


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()
