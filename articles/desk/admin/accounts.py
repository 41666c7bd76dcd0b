"""Django's own user and group admins, with the project's checks of posted ids and
permissions named in the desk's language (labels.py)."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from articles.desk.admin.labels import PermissionLabelsMixin
from articles.desk.safe_ids import SafeChoicesMixin

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(PermissionLabelsMixin, SafeChoicesMixin, UserAdmin):
    pass


@admin.register(Group)
class GroupOfStaffAdmin(PermissionLabelsMixin, SafeChoicesMixin, GroupAdmin):
    pass
