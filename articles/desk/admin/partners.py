"""Partner API keys: issue one (shown once), see who uses theirs, revoke."""

from django.contrib import admin, messages
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.desk.admin.base import DeskAdminMixin
from articles.models.partners import PartnerKey, partner_key_issue, partner_key_revoke


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(PartnerKey)
class PartnerKeyAdmin(DeskAdminMixin, admin.ModelAdmin):
    """The superusers' (workflow.SUPERUSERS_ONLY): a key is access that outlives a password."""

    list_display = ["name", "prefix", "created_at", "last_used_at", "status"]
    list_filter = [StatusFilter]
    search_fields = ["name", "prefix"]
    readonly_fields = [
        "prefix",
        "key_hash",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        # Adding asks only whose key it is; the key is made by partner_key_issue.
        return ["name"] if obj is None else ["name", *self.readonly_fields]

    @admin.display(description=_("status"), ordering="revoked_at")
    def status(self, key: PartnerKey):
        if key.is_active:
            return _("Active")
        return format_html('<strong style="color:var(--error-fg)">{}</strong>', _("Revoked"))

    def save_model(self, request, obj, form, change):
        if change:  # only the partner's name can change; the key never does
            obj.save(update_fields=["name"])
            return
        issued, raw = partner_key_issue(name=obj.name, user=request.user)
        obj.pk = issued.pk
        obj.refresh_from_db()
        obj._state.adding = False
        self.message_user(
            request,
            format_html(
                gettext(
                    "The key for “{name}” is <code>{key}</code>. Copy it now and give it to "
                    "the partner: it is not stored and will not be shown again."
                ),
                name=obj.name,
                key=raw,
            ),
            messages.SUCCESS,
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the row keeps who had access, and until when

    @admin.action(description=_("Revoke selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        with translation.override(None):  # the log keeps field names untranslated, as Django's
            field = str(PartnerKey._meta.get_field("revoked_at").verbose_name)
        for key in keys:
            partner_key_revoke(key=key, user=request.user)
            self.log_change(request, key, [{"changed": {"fields": [field]}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d key revoked; requests with it are refused from now on.",
                "%(count)d keys revoked; requests with them are refused from now on.",
                len(keys),
            )
            % {"count": len(keys)},
            messages.SUCCESS,
        )
