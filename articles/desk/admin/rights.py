"""Every ModelAdmin of the desk asks the workflow who may do what to which object.

Django's admin checks only model permissions (a group's `change_photo` covers every photo).
`ObjectRights` adds `workflow.may` to each `has_*_permission`, so change forms, delete pages,
bulk actions, "+" and pencil links next to a field and autocompletes all agree with the
rights table in SECURITY.md. The accounts, lockout and partner-key admins of Django and axes get
it too (`guard_registered`): they are the superusers', whatever a group was granted.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models

from articles import workflow


class ObjectRights:
    """The model permission is the upper bound; `workflow.may` decides for the object."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and workflow.may(
            request.user, "view", self.model, obj
        )

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and workflow.may(
            request.user, "add", self.model
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.may(
            request.user, "change", self.model, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.may(
            request.user, "delete", self.model, obj
        )

    def has_module_permission(self, request):
        return super().has_module_permission(request) and workflow.may(
            request.user, "view", self.model
        )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Django lists the pieces that use a photo as objects one lacks the permission to
            # delete ("… doesn't have permission to delete: article") and hides what matters:
            # it is in use, and by which. Those pieces are never deleted with it (PROTECT).
            protecting = {
                str(relation.related_model._meta.verbose_name)
                for relation in self.model._meta.related_objects
                if relation.on_delete is models.PROTECT
            }
            perms_needed = {name for name in perms_needed if str(name) not in protecting}
        return deleted, counts, perms_needed, protected

    def changelist_view(self, request, extra_context=None):
        # Django answers an action the user is not offered with "No action selected", or
        # ignores it when they are offered none; a forged one is refused outright.
        name = request.POST.get("action") if request.method == "POST" else None
        if name and name not in self.get_actions(request):
            known = {action_name for _func, action_name, _label in self._get_base_actions()}
            if name in known:
                raise PermissionDenied
        return super().changelist_view(request, extra_context)


def guard_registered(site=admin.site) -> None:
    """Give the admins other apps registered (users, groups, axes) the same checks.

    Called once ours are registered; INSTALLED_APPS lists auth and axes before articles, so
    theirs are registered by then."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.label_lower not in workflow.SUPERUSERS_ONLY:
            continue
        if isinstance(model_admin, ObjectRights):
            continue
        base = type(model_admin)
        site.unregister(model)
        site.register(model, type(base.__name__, (ObjectRights, base), {"__module__": __name__}))
