"""Galleries: a piece's ordered library photos, and the groups' rights over them.

A gallery is part of its piece: Reporters and Editors get every permission on its rows (the
admin still lets only who may edit the piece change them: articles/workflow.py). Written out
here, not imported: a migration must not change when the live code does.
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUPS = ("Reporters", "Editors")
ACTIONS = ("add", "change", "delete", "view")


def _permissions(apps):
    for app_config in apps.get_app_configs():  # permissions are made after migrations
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="articles",
        codename__in=[f"{action}_galleryphoto" for action in ACTIONS],
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0023_live_pages'),
    ]

    operations = [
        migrations.CreateModel(
            name='GalleryPhoto',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Readers see the photos from the lowest number up.', verbose_name='order')),
                ('caption', models.CharField(blank=True, help_text="Leave empty to use the photo's own caption.", max_length=300, verbose_name='caption for this story')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='gallery', to='articles.article', verbose_name='article')),
                ('photo', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='in_galleries', to='articles.photo', verbose_name='photo')),
            ],
            options={
                'verbose_name': 'gallery photo',
                'verbose_name_plural': 'gallery photos',
                'ordering': ['position', 'id'],
                'constraints': [models.UniqueConstraint(fields=('article', 'photo'), name='gallery_photo_once')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
