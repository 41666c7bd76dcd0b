"""Partners who are sent our pieces as they change, and the log of what each was sent.

Subscriptions are the superusers' (workflow.SUPERUSERS_ONLY): one sends embargoed and
scheduled pieces to whatever address it names. The log is the editors' to read, and to send
a piece again from (workflow.may_see_deliveries); nobody edits it.
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.desk.admin.base import DeskAdminMixin
from articles.desk.forms import CleanTextAdminMixin
from articles.desk.safe_ids import SafeChoicesMixin
from articles.models import Delivery, DeliveryAttempt, PartnerSubscription
from articles.models.deliveries import (
    delivery_resend,
    error_display,
    subscription_create,
    subscription_languages,
    subscription_new_secret,
)


class SubscriptionForm(forms.ModelForm):
    endpoint = forms.URLField(
        label=capfirst(_("endpoint")),
        max_length=500,
        assume_scheme="https",
        help_text=_("The partner's address that receives each piece by HTTPS POST."),
    )
    languages = forms.MultipleChoiceField(
        label=capfirst(_("languages")),
        choices=subscription_languages,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages of the pieces it receives."),
    )

    class Meta:
        model = PartnerSubscription
        fields = [
            "name",
            "endpoint",
            "languages",
            "sections",
            "is_active",
            "receives_embargoed",
            "signature_header",
        ]


def _show_secret(model_admin, request, subscription, raw: str) -> None:
    model_admin.message_user(
        request,
        format_html(
            gettext(
                "The signing secret for “{name}” is <code>{secret}</code>. Copy it now and "
                "give it to the partner: it will not be shown again."
            ),
            name=subscription.name,
            secret=raw,
        ),
        messages.SUCCESS,
    )


@admin.register(PartnerSubscription)
class PartnerSubscriptionAdmin(DeskAdminMixin, admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "endpoint", "language_list", "is_active", "receives_embargoed"]
    list_filter = ["is_active", "receives_embargoed"]
    search_fields = ["name", "endpoint"]
    filter_horizontal = ["sections"]
    readonly_fields = ["secret_prefix", "secret_made_at", "created_at", "created_by"]
    actions = ["new_secret"]

    @admin.display(description=_("languages"))
    def language_list(self, subscription):
        """The languages by their names, in the reader's language ("ru" is data to a
        partner, not to the desk)."""
        names = {code: str(name) for code, name in subscription_languages()}
        return ", ".join(names.get(code, code) for code in subscription.languages or ())

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        _show_secret(self, request, obj, subscription_create(subscription=obj, user=request.user))

    @admin.action(description=_("Make a new signing secret"), permissions=["change"])
    def new_secret(self, request, queryset):
        for subscription in queryset:
            raw = subscription_new_secret(subscription=subscription, user=request.user)
            _show_secret(self, request, subscription, raw)


class AttemptInline(SafeChoicesMixin, CleanTextAdminMixin, admin.TabularInline):
    model = DeliveryAttempt
    fields = [
        "number",
        "started_at",
        "kind",
        "version",
        "status_code",
        "error_shown",
        "response_ms",
        "next_retry_at",
        "payload_digest",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("error"))
    def error_shown(self, attempt):
        return error_display(attempt.error, attempt.status_code)


class SubscriptionFilter(admin.RelatedFieldListFilter):
    """Partners by name; the list shows none of their settings."""


@admin.register(Delivery)
class DeliveryAdmin(DeskAdminMixin, admin.ModelAdmin):
    # What it was sent as ("kind") is on the delivery's page: ten columns did not fit at 1280 px.
    list_display = [
        "created_at",
        "subscription",
        "piece",
        "reason",
        "state",
        "attempts",
        "last_answer",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "reason", ("subscription", SubscriptionFilter)]
    search_fields = ["=article_ref", "=uuid"]
    list_select_related = ["subscription", "article"]
    show_full_result_count = False
    fields = [
        "uuid",
        "subscription",
        "piece",
        "edition",
        "reason",
        "state",
        "kind",
        "version",
        "payload_digest",
        "attempts",
        "last_answer",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["send_again"]

    @admin.display(description=_("piece"), ordering="article_ref")
    def piece(self, delivery):
        """The piece's number and headline, a link to its form while it exists (from the log
        straight to what was sent)."""
        if not delivery.article_id:
            return format_html("{} · {}", delivery.article_ref, gettext("(deleted)"))
        return format_html(
            '<a href="{}">{} · {}</a>',
            reverse("admin:articles_article_change", args=[delivery.article_id]),
            delivery.article_ref,
            delivery.article.headline,
        )

    @admin.display(description=_("last answer"), ordering="last_status")
    def last_answer(self, delivery):
        return error_display(delivery.last_status)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and workflow.may_see_deliveries(
            request.user
        )

    def has_module_permission(self, request):
        return super().has_module_permission(request) and workflow.may_see_deliveries(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log is a record: prune it by age, not by hand

    def has_resend_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Send again to the partner"), permissions=["resend"])
    def send_again(self, request, queryset):
        sent = [
            d
            for d in queryset.select_related("subscription")
            if delivery_resend(delivery=d, user=request.user)
        ]
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again, with the piece as it stands now.",
                "%(count)d deliveries queued again, with the pieces as they stand now.",
                len(sent),
            )
            % {"count": len(sent)},
            messages.SUCCESS,
        )
