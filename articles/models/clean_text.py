"""Every text column of the newsroom's models is stored without control characters (the
strings inside JSON columns too).

Forms clean what people type; this covers everything else that saves a model: services,
`loaddata`, a shell's `Model.objects.create`, imports. (`QuerySet.update` and `bulk_create`
send no signal: the feeds and sitemaps clean their text once more as they write it.)
"""

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver

from articles.text.clean import clean_text, cleaned


def text_fields(model) -> list[models.Field]:
    """The model's stored text columns: CharField (slugs included) and TextField (the body)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    ]


@receiver(pre_save, dispatch_uid="articles.clean_text_fields")
def _clean_text_fields(sender, instance, **kwargs):
    if sender._meta.app_label != "articles":
        return
    for field in text_fields(sender):
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, clean_text(value))
    # JSON columns hold text too (what a wire source sent about its photos): every string
    # in them, at any depth. Keys are left as they are: they are ours, never shown.
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.JSONField):
            setattr(instance, field.attname, cleaned(getattr(instance, field.attname)))
