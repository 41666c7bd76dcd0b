"""django-axes' admins for failed logins, with columns named and counted in the desk's words.

axes writes "2 Attempt Remaining" (one form for every number) under an English "Status"
header; here the count is a plural and the column has a name. The rows' own names are in
`labels.name_lockouts`.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class LockoutAttemptAdmin(AccessAttemptAdmin):
    @admin.display(description=_("status"))
    def status(self, attempt: AccessAttempt) -> str:
        left = settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
        if left <= 0:
            return gettext("Locked out")
        return ngettext("%(count)d attempt left", "%(count)d attempts left", left) % {"count": left}

    @admin.display(description=_("expires"))
    def expiration(self, attempt: AccessAttempt):
        return super().expiration(attempt)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, LockoutAttemptAdmin)
