"""Django groups behind the roles: they open the Wagtail admin and carry model permissions.

Scope (which units) lives in RoleAssignment; the group only says what kind of
thing the role may do. ``lms.accounts.services.role_grant`` keeps both in step.
"""

from django.db import migrations

GROUPS = {
    "Managers": ["view_employee", "view_orgunit", "view_campaign", "view_assignment", "view_completionrecord"],
    "HR": [
        "view_employee", "add_employee", "change_employee", "view_orgunit", "view_campaign",
        "view_assignment", "view_completionrecord", "add_completionrecord", "view_employeecategory",
    ],
    "Secretariat": [
        "view_employee", "view_orgunit", "view_campaign", "add_campaign", "change_campaign",
        "view_assignment", "view_completionrecord", "view_deliveryrule", "add_deliveryrule",
        "change_deliveryrule", "delete_deliveryrule", "view_employeecategory", "add_employeecategory",
        "change_employeecategory",
    ],
    "Auditors": [
        "view_employee", "view_orgunit", "view_campaign", "view_assignment", "view_completionrecord",
        "view_deliveryrule", "view_employeecategory",
    ],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(
            Permission.objects.filter(
                codename__in=codenames,
                content_type__app_label__in=["organisation", "training"],
            )
        )
        group.permissions.add(access_admin, *permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("organisation", "0002_seed_categories"),
        ("training", "0002_seed_delivery_rules"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
