"""The desk's two roles as Django groups: Reporters write, Editors decide."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTERS = {
    "article": ["add", "change", "view"],
    "byline": ["add", "change", "delete", "view"],
    "photo": ["add", "change", "view"],
    "author": ["view"],
    "section": ["view"],
    "tag": ["view"],
    "story": ["view"],
}
EDITORS = {
    "article": ["add", "change", "view", "publish"],
    "byline": ["add", "change", "delete", "view"],
    "correction": ["add", "change", "view"],
    "photo": ["add", "change", "delete", "view"],
    "author": ["add", "change", "view"],
    "section": ["add", "change", "view"],
    "tag": ["add", "change", "view"],
    "story": ["add", "change", "view"],
}


def codenames(table):
    for model, actions in table.items():
        for action in actions:
            yield model, f"{action}_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)  # restored: may be the live registry
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, table in (("Reporters", REPORTERS), ("Editors", EDITORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for model, codename in codenames(table):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="articles", codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporters", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
