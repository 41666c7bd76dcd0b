"""What the desk calls things it did not name itself, in the desk's language.

Django and the apps it runs (auth, axes) show a few names no catalogue can translate:

- the link tables Django makes for many-to-many fields (an article's tags, a group's
  permissions) are "Article-tag relationships", each row "Article_tags object (3)", on every
  delete confirmation;
- axes has no application name ("Axes") and describes its rows in English f-strings
  ("Attempted Access: 2025-11-16 14:30:00.123+00:00");
- permissions are rows whose names were written in English when the table was filled
  ("Can add article"), in the group and user forms;
- the admin's yes/no icons say "True" and "False" to screen readers, in every language.

`name_everything()` (called once, when the desk's admin is loaded) gives each a translated
name; `PermissionLabelsMixin` makes the permission pickers read them.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Permission codenames Django makes for every model, and how the desk says them.
BUILT_IN_ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


# Apps that ship no translation of their names, whose permissions the group and user forms
# list (a superuser's): named in the desk's words. Their models keep their own Meta (a
# change there would be a migration of theirs); `permission_label` names them from here.
APP_NAMES = {"django_tasks_database": _("Background tasks")}
MODEL_NAMES = {"django_tasks_database.dbtaskresult": _("task result")}


def name_everything() -> None:
    name_link_tables()
    name_lockouts()
    apps.get_app_config("reversion").verbose_name = _("Version history")
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    # Django's list and read-only fields import this function from admin_list when they
    # draw a yes/no value; its alt text is the Python value's repr.
    admin_list._boolean_icon = boolean_icon


YES_NO = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}


def boolean_icon(value):
    """Django's yes/no icon, its alt text in the desk's language."""
    icon, text = YES_NO[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def name_link_tables() -> None:
    """ "Article – tag link: Central Asia" instead of "Article_tags object (3)"."""
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            target = field.remote_field.model
            names = {"model": model._meta.verbose_name, "target": target._meta.verbose_name}
            through._meta.verbose_name = format_lazy(_("{model} – {target} link"), **names)
            through._meta.verbose_name_plural = format_lazy(_("{model} – {target} links"), **names)
            through.__str__ = _link_str(field.m2m_reverse_field_name(), target)


def _link_str(target_field: str, target):
    """A link row named by what it links to: a permission in the desk's words (its row's
    name is English, written when the table was filled), anything else by its own name."""
    if target is Permission:

        def __str__(self) -> str:
            return permission_label(getattr(self, target_field))

    else:

        def __str__(self) -> str:
            return str(getattr(self, target_field))

    return __str__


def when(moment) -> str:
    """A stored time as the desk shows times elsewhere: local, in the language's format."""
    if moment is None:
        return "—"
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def name_lockouts() -> None:
    """The login-lockout tables (django-axes) under a name, rows described in words."""
    apps.get_app_config("axes").verbose_name = _("Login lockouts")
    AccessAttempt.__str__ = lambda self: (
        gettext("Failed logins as %(username)s, %(when)s")
        % {
            "username": self.username or "—",
            "when": when(self.attempt_time),
        }
    )
    AccessFailureLog.__str__ = lambda self: (
        gettext("Failed login as %(username)s from %(address)s, %(when)s")
        % {
            "username": self.username or "—",
            "address": self.ip_address or "—",
            "when": when(self.attempt_time),
        }
    )
    AccessLog.__str__ = lambda self: (
        gettext("Login as %(username)s, %(when)s")
        % {
            "username": self.username or "—",
            "when": when(self.attempt_time),
        }
    )


def permission_label(permission: Permission) -> str:
    """ "Newsroom | article | may add" rather than "Редакция | материал | Can add article"."""
    action, _sep, model_name = permission.codename.partition("_")
    content_type = permission.content_type
    if action in BUILT_IN_ACTIONS and model_name == content_type.model:
        what = BUILT_IN_ACTIONS[action]
    else:
        what = gettext(permission.name)  # a custom permission's name is one of our msgids
    return f"{content_type_label(content_type)} | {what}"


def content_type_label(content_type) -> str:
    """ "App | model" as ContentType says it, with the names of `MODEL_NAMES` translated."""
    name = MODEL_NAMES.get(f"{content_type.app_label}.{content_type.model}")
    if name is None:
        return str(content_type)
    return f"{apps.get_app_config(content_type.app_label).verbose_name} | {name}"


class PermissionLabelsMixin:
    """For the user and group admins: their permission pickers name each in words."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.remote_field.model is Permission:
            formfield.label_from_instance = permission_label
        return formfield
