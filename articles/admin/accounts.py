"""Django's own user and group admins, with the project's checks of posted ids."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from ..safe_ids import SafeChoicesMixin

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(SafeChoicesMixin, UserAdmin):
    pass


@admin.register(Group)
class GroupOfStaffAdmin(SafeChoicesMixin, GroupAdmin):
    pass
