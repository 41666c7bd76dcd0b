"""The wire at the desk: the sources the editors configure, and the Wires inbox writers read
and take items from.

What a source sent is read-only for everyone (workflow.READ_ONLY): the inbox shows it as it
came, with what changed between versions; "Take" (workflow.may_take_wire) copies an item into
a new draft through `wire.wire_item_take`. Sources are the editors' (workflow.EDITORS_ONLY);
their keys are written, never shown back. "Poll now" asks the domain
(`wire.wire_source_poll_request`), which the intake hears: the desk never imports distribution.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import wire, workflow
from articles.desk.admin.base import DeskAdminMixin
from articles.models import WireItem, WireSource
from articles.models.wire import wire_body
from articles.text.diffs import field_changes
from articles.text.notes import shown

KEY_SHOWN = 4  # the key's last characters shown, to tell which one is stored


class WireSourceForm(forms.ModelForm):
    """The key is written, never read back: an empty field keeps the stored one."""

    auth_value = forms.CharField(
        label=capfirst(_("key")),
        required=False,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=WireSource._meta.get_field("auth_value").help_text,
    )
    forget_key = forms.BooleanField(label=_("Remove the stored key"), required=False)

    class Meta:
        model = WireSource
        fields = [
            "name",
            "kind",
            "url",
            "folder",
            "auth_header",
            "auth_value",
            "language",
            "credit",
            "source_line",
            "is_active",
            "poll_minutes",
        ]

    def clean_auth_value(self):
        value = self.cleaned_data.get("auth_value", "")
        if not value and self.instance.pk and not self.data.get("forget_key"):
            return self.instance.auth_value
        return value

    def clean(self):
        """The stored key goes only where it was typed for: a source moved to another origin
        (scheme, host or port) needs its key typed again, else anyone who may edit the
        source could read the key by pointing it at their own server."""
        cleaned = super().clean()
        stored = WireSource.objects.filter(pk=self.instance.pk).first()
        typed = self.data.get("auth_value") or self.data.get("forget_key")
        moved = stored and "url" in cleaned and _origin(cleaned["url"]) != _origin(stored.url)
        if moved and stored.auth_value and not typed:
            self.add_error(
                "auth_value",
                _("The address moved to another host: type the key again, or remove it."),
            )
        return cleaned


def _origin(url: str) -> tuple:
    parts = urlsplit(url or "")
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.scheme.lower(), (parts.hostname or "").rstrip("."), port)


@admin.register(WireSource)
class WireSourceAdmin(DeskAdminMixin, admin.ModelAdmin):
    form = WireSourceForm
    list_display = ["name", "kind", "is_active", "last_polled_at", "health", "items_received"]
    list_filter = ["kind", "is_active", "language"]
    search_fields = ["name", "url", "folder"]
    readonly_fields = [
        "stored_key",
        "last_polled_at",
        "last_success_at",
        "poll_report",
        "last_error",
        "items_received",
    ]
    fieldsets = [
        (
            _("Where the news comes from"),
            {"fields": ["name", "kind", "url", "folder"]},
        ),
        (
            _("Access"),
            {"fields": ["auth_header", "auth_value", "stored_key", "forget_key"]},
        ),
        (_("Items"), {"fields": ["language", "credit", "source_line"]}),
        (_("Polling"), {"fields": ["is_active", "poll_minutes"]}),
        (
            _("Status"),
            {
                "fields": [
                    "last_polled_at",
                    "last_success_at",
                    "poll_report",
                    "last_error",
                    "items_received",
                ]
            },
        ),
    ]
    actions = ["poll_now"]
    change_form_template = "admin/articles/wiresource/change_form.html"

    @admin.display(description=_("stored key"))
    def stored_key(self, source: WireSource) -> str:
        if not source.auth_value:
            return gettext("None")
        if len(source.auth_value) < 4 * KEY_SHOWN:
            return "••••"
        return f"••••{source.auth_value[-KEY_SHOWN:]}"

    @admin.display(description=_("status"))
    def health(self, source: WireSource):
        if source.last_polled_at is None:
            return gettext("Not polled yet")
        if source.last_error:
            return format_html(
                '<strong style="color:var(--error-fg)">{}</strong> {}',
                gettext("Error:"),
                source.last_error.splitlines()[0],
            )
        return shown(source.last_report)

    @admin.display(description=WireSource._meta.get_field("last_report").verbose_name)
    def poll_report(self, source: WireSource) -> str:
        """The stored report worded in the reader's language (`articles.text.notes`)."""
        return shown(source.last_report) or "—"

    def response_change(self, request, obj):
        if "_poll" in request.POST:
            self._request_poll(request, [obj])
            return redirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_poll" in request.POST:
            self._request_poll(request, [obj])
            return redirect(reverse("admin:articles_wiresource_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Poll the selected sources now"), permissions=["change"])
    def poll_now(self, request, queryset):
        self._request_poll(request, list(queryset))

    def _request_poll(self, request, sources) -> None:
        for source in sources:
            wire.wire_source_poll_request(source=source, user=request.user)
        self.message_user(
            request,
            ngettext(
                "A poll of %(count)d source is queued; its status shows the result.",
                "Polls of %(count)d sources are queued; their status shows the results.",
                len(sources),
            )
            % {"count": len(sources)},
            messages.SUCCESS,
        )


class LanguageFilter(admin.SimpleListFilter):
    """The languages items came in, as the sources say them ("en", "en-GB", "kk")."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        names = dict(settings.NEWSROOM_CONTENT_LANGUAGES)
        return [(code, names.get(code, code)) for code in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language__istartswith=self.value())
        return queryset


@admin.register(WireItem)
class WireItemAdmin(DeskAdminMixin, admin.ModelAdmin):
    """The Wires inbox: what the sources sent, newest first; read it, then take it."""

    list_display = ["headline_cell", "source", "language", "received_at", "version_cell", "state"]
    list_display_links = ["headline_cell"]
    list_filter = ["source", LanguageFilter, "status", "received_at"]
    date_hierarchy = "received_at"
    search_fields = ["headline", "lead", "body"]
    list_select_related = ["source"]
    list_per_page = 50
    show_full_result_count = False
    fields = [
        "state",
        "source",
        "guid",
        "version",
        "version_created",
        "received_at",
        "updated_at",
        "language",
        "headline",
        "lead",
        "body_as_received",
        "byline",
        "credit",
        "link_as_received",
        "photos_as_received",
        "drafts",
        "changes",
    ]
    readonly_fields = fields
    change_form_template = "admin/articles/wireitem/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def get_urls(self):
        take = self.admin_site.admin_view(self.take_view)
        return [
            path("<path:object_id>/take/", take, name="articles_wireitem_take"),
            *super().get_urls(),
        ]

    # ---- columns and fields -------------------------------------------------------------

    @admin.display(description=_("headline"), ordering="headline")
    def headline_cell(self, item: WireItem):
        if item.is_killed:
            return format_html("<s>{}</s>", item.headline or item.guid)
        return item.headline or item.guid

    @admin.display(description=_("version"), ordering="version")
    def version_cell(self, item: WireItem) -> str:
        return item.version if len(item.version) <= 14 else f"{item.version[:12]}…"

    @admin.display(description=_("status"), ordering="status")
    def state(self, item: WireItem):
        if item.is_killed:
            return format_html(
                '<strong class="wire-killed" style="color:var(--error-fg)">✖ {}</strong>',
                gettext("Killed: do not use"),
            )
        return item.get_status_display()

    @admin.display(description=_("body"))
    def body_as_received(self, item: WireItem):
        # Cleaned on save with the bodies' allow-list (pictures removed), and again here.
        return mark_safe(wire_body(item.body))  # noqa: S308 - sanitized just above

    @admin.display(description=_("link at the source"))
    def link_as_received(self, item: WireItem):
        return _web_link(item.link, item.link)

    @admin.display(description=_("photos as received"))
    def photos_as_received(self, item: WireItem):
        """Links to the partner's files, not pictures: the admin shows no image from another
        origin (its CSP allows our own), and a link does not fetch anything until clicked."""
        photos = [p for p in item.photos if isinstance(p, dict)] if item.photos else []
        if not photos:
            return gettext("None")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {} {}</li>",
                (
                    (
                        _web_link(str(p.get("url", "")), gettext("Photo")),
                        str(p.get("caption", "")),
                        f"({p['credit']})" if p.get("credit") else "",
                    )
                    for p in photos
                ),
            ),
        )

    @admin.display(description=_("drafts taken from it"))
    def drafts(self, item: WireItem):
        taken = list(item.taken_as.only("pk", "headline", "language"))
        if not taken:
            return gettext("None")
        return format_html_join(
            ", ",
            '<a href="{}">{} ({})</a>',
            (
                (reverse("admin:articles_article_change", args=[a.pk]), a.headline, a.language)
                for a in taken
            ),
        )

    @admin.display(description=_("what changed"))
    def changes(self, item: WireItem):
        """Each version against the one before it, newest first, word by word."""
        labels = {"headline": gettext("headline"), "lead": gettext("lead"), "body": gettext("body")}
        versions = [item, *item.versions.all()]
        if len(versions) == 1:
            return gettext("This is the first version received.")
        blocks = []
        for newer, older in zip(versions, versions[1:], strict=False):
            new = {name: getattr(newer, name) for name in labels}
            old = {name: getattr(older, name) for name in labels}
            rows = field_changes(old, new, labels)
            diffs = format_html_join(
                "", "<p><strong>{}:</strong> {}</p>", ((r["label"], r["diff"]) for r in rows)
            )
            status = ""
            if newer.status != older.status:
                status = format_html("<p><strong>{}</strong></p>", newer.get_status_display())
            blocks.append(
                format_html(
                    '<div class="wire-version"><h3>{}</h3>{}{}</div>',
                    gettext("Version %(new)s (was %(old)s)")
                    % {"new": newer.version or "—", "old": older.version or "—"},
                    status,
                    diffs or gettext("No change in the text."),
                )
            )
        return format_html_join("", "{}", ((b,) for b in blocks))

    # ---- the page and Take --------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["may_take"] = workflow.may_take_wire(request.user)
        extra_context["take_languages"] = settings.NEWSROOM_CONTENT_LANGUAGES
        return super().change_view(request, object_id, form_url, extra_context)

    def take_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        item = self.get_object(request, unquote(object_id))
        if item is None or not self.has_view_permission(request, item):
            raise Http404
        change_url = reverse("admin:articles_wireitem_change", args=[item.pk])
        language = request.POST.get("language") or None
        try:
            draft = wire.wire_item_take(item=item, user=request.user, language=language)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(change_url)
        self.message_user(
            request,
            gettext("“%(headline)s” is a draft of yours now; the wire item stays as it came.")
            % {"headline": draft.headline},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:articles_article_change", args=[draft.pk]))


def _web_link(url: str, text: str):
    """An http(s) link opening outside the admin, or the address as text."""
    if not url.lower().startswith(("http://", "https://")):
        return url
    return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', url, text)
