"""Text stored before control characters were refused is cleaned of them.

The same rule as `articles.text.clean.clean_text` (copied here, so that later edits there cannot
change what this migration did): the C0 controls other than tab, line feed and carriage
return, DEL, the C1 controls, U+FFFE and U+FFFF are removed; vertical tab, form feed and NEL
become a space. Only rows that hold such a character are read and written.
"""

import re

from django.db import migrations, models

UNWANTED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
SEPARATORS = frozenset("\x0b\x0c\x85")


def clean(text):
    if not isinstance(text, str):
        return text
    return re.sub(f"[{UNWANTED}\ud800-\udfff]", lambda m: " " * (m.group() in SEPARATORS), text)


def forwards(apps, schema_editor):
    database = schema_editor.connection.alias
    # PostgreSQL cannot store U+0000 at all, nor take it in a pattern.
    unwanted = UNWANTED.replace("\x00", "") if schema_editor.connection.vendor == "postgresql" else UNWANTED
    pattern = f"[{unwanted}]"
    for model in apps.get_app_config("articles").get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        if not fields:
            continue
        dirty = models.Q()
        for name in fields:
            dirty |= models.Q(**{f"{name}__regex": pattern})
        rows = model._base_manager.using(database).filter(dirty).values_list("pk", *fields)
        for pk, *values in list(rows):  # read first: the loop writes to the same table
            changed = {
                name: clean(value)
                for name, value in zip(fields, values, strict=True)
                if clean(value) != value
            }
            if changed:
                model._base_manager.using(database).filter(pk=pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_reencoded_uploads")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
