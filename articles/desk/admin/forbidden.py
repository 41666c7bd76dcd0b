"""The desk's 403: a refusal under /admin/ is the admin's own page, in the desk's language.

Django's default answer to PermissionDenied is a bare "403 Forbidden". On the desk (any
path under the admin, for a signed-in staff user) it is `admin/403.html` instead: what was
refused and why (the workflow's reason, when it gave one), and the way back. Anywhere
else the answer stays Django's (the public site has no admin chrome to show).
"""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults


def permission_denied(request, exception=None):
    on_desk = request.path.startswith(reverse("admin:index"))
    user = getattr(request, "user", None)
    if not (on_desk and user is not None and user.is_active and user.is_staff):
        return defaults.permission_denied(request, exception)
    reason = str(exception or "").strip()
    context = {
        **admin.site.each_context(request),
        "title": _("You may not do this"),
        "reason": reason,
        "articles_url": reverse("admin:articles_article_changelist"),
    }
    response = TemplateResponse(request, "admin/403.html", context, status=403)
    return response.render()
