"""The groups' model permissions as SECURITY.md's rights table has them.

A model permission is the upper bound of a role; what depends on the object (whose photo,
which piece uses it) is decided by `articles.workflow.may` in the admin. Reporters may now
delete photos (their own ones that nothing uses: the admin checks). Both groups get exactly
the permissions below, so one added by hand (say `change_user`, with which an editor could
make themselves a superuser) is taken away; the reverse puts back migration 0003's lists.
Written out here, not imported: a migration must not change when the live code does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTERS = {
    "article": ["add", "change", "view"],
    "byline": ["add", "change", "delete", "view"],
    "photo": ["add", "change", "delete", "view"],
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
# Migration 0003's lists, for the way back.
REPORTERS_BEFORE = {**REPORTERS, "photo": ["add", "change", "view"]}
EDITORS_BEFORE = EDITORS


def set_groups(apps, tables):
    for app_config in apps.get_app_configs():  # permissions are made after migrations
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, table in tables.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            Permission.objects.get(
                content_type__app_label="articles", codename=f"{action}_{model}"
            )
            for model, actions in table.items()
            for action in actions
        ]
        group.permissions.set(wanted)


def forwards(apps, schema_editor):
    set_groups(apps, {"Reporters": REPORTERS, "Editors": EDITORS})


def backwards(apps, schema_editor):
    set_groups(apps, {"Reporters": REPORTERS_BEFORE, "Editors": EDITORS_BEFORE})


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_search_tables_per_language")]

    operations = [migrations.RunPython(forwards, backwards)]
