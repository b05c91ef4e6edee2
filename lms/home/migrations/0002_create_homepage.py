"""Replace Wagtail's welcome page with Mamori's home page, create a locale per
language, and let the secretariat edit and publish pages under it."""

from django.conf import settings
from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("home", "HomePage")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    source_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="Mamori",
        draft_title="Mamori",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=source_locale,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Mamori")

    page_content_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    secretariat = Group.objects.get(name="Secretariat")
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type=page_content_type, codename=codename)
        GroupPagePermission.objects.get_or_create(group=secretariat, page=home, permission=permission)


class Migration(migrations.Migration):
    run_before = []
    dependencies = [
        ("home", "0001_initial"),
        ("accounts", "0003_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
