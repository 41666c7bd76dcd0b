"""The article desk: write, attribute, review, publish, correct; with history and preview."""

import json
from contextlib import contextmanager

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError

from articles import reading, services, wire, workflow
from articles.desk import language_gaps
from articles.desk.admin.base import DeskAdminMixin
from articles.desk.admin.history import GuardedVersionAdmin, change_message
from articles.desk.admin.library import thumbnail
from articles.desk.admin.live import contributor_choices, updates_panel
from articles.desk.forms import COMPARED_FIELDS, ArticleAdminForm, CleanTextAdminMixin
from articles.desk.merging import MergingInlineFormSet
from articles.desk.safe_ids import SafeChoicesMixin
from articles.desk.widgets import PhotoPickerWidget
from articles.models import Article, Byline, Correction, GalleryPhoto, Photo, Tag, WireItem
from articles.text import notes
from articles.text.diffs import field_changes, word_diff
from articles.text.notes import shown
from articles.text.sanitize import sanitize_body

Status = Article.Status
# The piece whose language gaps were just listed ("Translate into"), so that the form it
# opens does not list them twice.
NOTES_SHOWN = "newsroom_language_notes_shown"


class LabelledInlineFormSet(helpers.InlineAdminFormSet):
    """An inline whose "add another" link says what it adds, as a sentence.

    Django writes "Add another %(verbose_name)s" with the name in the nominative: "Добавить
    еще один Автор в подписи". An inline with an `add_another_label` says that instead."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = str(self.opts.add_another_label)
        return json.dumps(data)


class NamedCellsMixin:
    """A tabular inline's inputs sit under column headers, with no label of their own: each
    gets its column's name (aria-label), so that a screen reader says what it is for."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class NamedCells(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    if not field.label or field.widget.is_hidden:
                        continue
                    # A related-object wrapper draws its inner widget, whose attrs are the
                    # form's own copy (the wrapper's `attrs` are the class's).
                    widget = getattr(field.widget, "widget", field.widget)
                    widget.attrs.setdefault("aria-label", capfirst(field.label))

        return NamedCells


class BylineInline(NamedCellsMixin, SafeChoicesMixin, CleanTextAdminMixin, admin.TabularInline):
    model = Byline
    formset = MergingInlineFormSet
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = _("byline")
    verbose_name_plural = _("Bylines (in the order readers see them)")
    add_another_label = _("Add another author")


class CorrectionInline(NamedCellsMixin, SafeChoicesMixin, CleanTextAdminMixin, admin.TabularInline):
    """Dated notes under a published piece. Added through `article_add_correction`."""

    model = Correction
    formset = MergingInlineFormSet
    extra = 1
    can_delete = False
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    verbose_name_plural = _("Corrections and updates (readers see them under the piece)")
    add_another_label = _("Add a correction or an update")


class GalleryPhotoInline(
    NamedCellsMixin, SafeChoicesMixin, CleanTextAdminMixin, admin.TabularInline
):
    """The piece's gallery: library photos, picked as the hero photo is, in the order of
    their numbers. Part of the piece: whoever may edit the piece may edit its gallery (and a
    forged POST by anyone else is refused with the piece's form)."""

    model = GalleryPhoto
    formset = MergingInlineFormSet
    extra = 1
    autocomplete_fields = ["photo"]
    fields = ["photo", "preview", "position", "caption"]
    readonly_fields = ["preview"]
    verbose_name = _("gallery photo")
    verbose_name_plural = _("Gallery (photos in the order of their numbers)")
    add_another_label = _("Add a photo to the gallery")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["widget"] = PhotoPickerWidget(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo", "article")

    @admin.display(description=_("preview"))
    def preview(self, row: GalleryPhoto):
        return thumbnail(row.photo if row.photo_id else None, size=120)

    # The gallery is the piece's: the workflow's rule for the piece decides (articles/workflow.py).
    def _may_edit_piece(self, request, article) -> bool:
        return article is None or workflow.can_edit(request.user, article)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit_piece(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit_piece(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit_piece(request, obj)


class QueueFilter(admin.SimpleListFilter):
    """Where a piece stands for the desk; "waiting for review" first."""

    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("review", _("Waiting for review")),
            ("draft", _("Drafts")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
            ("withdrawn", _("Withdrawn")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "review":
                return queryset.filter(status=Status.REVIEW)
            case "draft":
                return queryset.filter(status=Status.DRAFT)
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
            case "withdrawn":
                return queryset.filter(status=Status.WITHDRAWN)
        return queryset


class ReadsChangeList(ChangeList):
    """The article list, with each row's reads of the last 24 hours read for the whole page
    at once (articles/reading.py: one query, or one Redis round trip), never per row."""

    def get_results(self, request):
        super().get_results(request)
        rows = list(self.result_list)
        reads = reading.read_counts(rows)
        for row in rows:
            row.reads_24h = reads[row.pk]


# The name of the "Translate into" buttons of the article form; their value is the language.
TRANSLATE_BUTTON = "_translate"

# Django's own message, translated by Django's catalogues (a variable, so that makemessages
# does not copy it into ours).
CHECKBOX_LABEL = "Select this object for an action - {}"


@admin.register(Article)
class ArticleAdmin(DeskAdminMixin, GuardedVersionAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline, GalleryPhotoInline, CorrectionInline]
    # Bylines are drawn right after the "Attribution" fieldset, the gallery after "Media"
    # (see the change form template).
    inlines_after_fieldset = 2
    gallery_after_fieldset = 3
    fieldsets = [
        (_("Story"), {"fields": ["language", "language_versions", "headline", "lead", "body"]}),
        (_("Attribution"), {"fields": ["dateline", "source", "earlier"]}),
        (_("Media"), {"fields": ["hero_photo", "hero_preview", "hero_caption"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "workflow_comment",
                    "published_at",
                    "send_early_to_partners",
                    "desk_log",
                    "section",
                    "tags",
                    ("is_breaking", "is_featured"),
                    "loaded_token",
                    "baseline",
                ]
            },
        ),
        (
            _("Live page"),
            {
                "fields": [
                    ("is_live_page", "live_closed_at"),
                    "live_contributors",
                ],
                "classes": ["live-page-fields"],
            },
        ),
        (
            _("Links and search engines"),
            {"fields": ["slug", "story", "seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]
    readonly_fields = [
        "hero_preview",
        "desk_log",
        "language_versions",
        "body_as_read",
    ]
    # What restoring a version loads into the form. Never the status, the publication time,
    # the story, the language or the author: a restore is an edit of the text, not a move.
    restored_fields = [
        "headline", "lead", "body", "dateline", "source", "hero_photo", "hero_caption",
        "section", "tags", "seo_title", "seo_description",
    ]  # fmt: skip
    autocomplete_fields = ["hero_photo", "section", "tags", "earlier", "story"]
    list_display = [
        "headline",
        "language_code",
        "state",
        "section",
        "byline_names",
        "created_by",
        "updated",
        "reads",
    ]
    list_filter = [
        QueueFilter,
        "language",
        "section",
        "bylines__author",
        "created_by",
        "is_breaking",
    ]
    search_fields = ["headline", "lead"]
    show_full_result_count = False  # no second COUNT(*) of the whole archive per page view
    list_select_related = ["section", "created_by"]
    list_per_page = 50
    actions = ["publish_now", "send_for_review", "withdraw"]
    save_on_top = True
    object_history_template = "admin/articles/article/object_history.html"

    # ---- permissions: the workflow decides, the admin only asks (view, change and delete
    # through ObjectRights) -------------------------------------------------------------

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # A read-only view has nothing to post: drop the form-only fields. The body is shown
        # as readers will see it, not as its HTML source (see `body_as_read`).
        form_only = {"workflow_comment", "loaded_token", "baseline"}
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "body_as_read" if f == "body" else f
                        for f in options["fields"]
                        if f not in form_only
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        fields += workflow.locked_fields(request.user)  # read-only, so a forged POST is ignored
        if restoring(request) is not None:
            fields += [f for f in ("status", "published_at") if f not in fields]
        return fields

    def get_inlines(self, request, obj):
        live_piece = obj is not None and obj.status == Status.PUBLISHED
        # A restore brings back the version's gallery itself (services.article_restore).
        gallery = [] if restoring(request) is not None else [GalleryPhotoInline]
        if live_piece and workflow.may_correct(request.user):
            return [BylineInline, *gallery, CorrectionInline]
        return [BylineInline, *gallery]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        attrs = {"user": request.user}
        version = restoring(request)
        if version is not None and request.method == "GET":
            # The version's text as the form's starting values; the instance stays the
            # stored row, so what the user then posts is their edit of it.
            loaded = self.restored_initial(version)

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**loaded, **(kwargs.get("initial") or {})}
                form.__init__(self, *args, **kwargs)

            attrs["__init__"] = __init__
        return type(form.__name__, (form,), attrs)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            if hasattr(inline_formset.opts, "add_another_label"):
                inline_formset.__class__ = LabelledInlineFormSet
        return inline_formsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hero_photo":
            kwargs["widget"] = PhotoPickerWidget(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "live_contributors":
            kwargs["queryset"] = contributor_choices()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        # `wire_killed`: taken from a wire item its source has killed since (a subquery,
        # not a join of the item's text).
        killed = WireItem.objects.filter(pk=OuterRef("wire_item_id"), status=WireItem.Status.KILLED)
        return (
            super()
            .get_queryset(request)
            .defer("body", "lead")
            .prefetch_related("bylines__author")
            .annotate(wire_killed=Exists(killed))
        )

    # ---- list columns -------------------------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return ReadsChangeList

    @admin.display(description=_("Reads (24 h)"))
    def reads(self, article: Article):
        """Readers counted in the last 24 hours (one per reader per hour: articles/reading.py).
        Not sortable: with Redis the counts are not in the database."""
        return formats.number_format(getattr(article, "reads_24h", 0), force_grouping=True)

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, article: Article):
        """Django's row checkbox, same markup, without rendering a form widget's template
        per row, which cost a noticeable share of the list page (docs/benchmarks.md)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            article.pk,
            format_html(gettext(CHECKBOX_LABEL), str(article)),
        )

    @admin.display(description=_("status"), ordering="published_at")
    def state(self, article: Article):
        if getattr(article, "wire_killed", False):
            return format_html(
                '{}<br><strong class="state state--wire-killed" style="color:var(--error-fg)">'
                "✖ {}</strong>",
                self.workflow_state(article),
                _("Wire item killed"),
            )
        return self.workflow_state(article)

    def workflow_state(self, article: Article):
        if article.is_scheduled:
            # An icon shipped with the project (an emoji is an empty box without an emoji
            # font); decorative, since the words beside it say the same.
            when = timezone.localtime(article.published_at).strftime("%d.%m.%Y %H:%M")
            return format_html(
                '<span class="state state--scheduled"><img src="{}" alt="" width="12" '
                'height="12" class="state__icon"> {} {}</span>',
                static("newsroom/icons/clock.svg"),
                _("Scheduled for"),
                when,
            )
        if article.is_live:
            when = timezone.localtime(article.published_at).strftime("%d.%m.%Y %H:%M")
            marker = ""
            if article.is_live_page:
                marker = format_html(
                    ' <span class="state state--live-page">{}</span>',
                    _("live page") if article.live_is_open else _("coverage ended"),
                )
            return format_html(
                '<span class="state state--live">● {} {}</span>{}', _("Live"), when, marker
            )
        return format_html(
            '<span class="state state--{}">{}</span>', article.status, article.get_status_display()
        )

    @admin.display(description=_("lang."), ordering="language")
    def language_code(self, article: Article):
        """ "RU", "KK", "EN": the list's narrowest column; the name is in the tooltip."""
        return format_html(
            '<abbr title="{}">{}</abbr>', article.get_language_display(), article.language.upper()
        )

    @admin.display(description=Article._meta.get_field("updated_at").verbose_name,
                   ordering="updated_at")  # fmt: skip
    def updated(self, article: Article):
        """Date over time, in figures: Django's long format ("3 декабря 2026 г. 20:39") made
        the column the widest of the list."""
        when = timezone.localtime(article.updated_at)
        return format_html(
            '<time datetime="{}">{}<br>{}</time>',
            when.isoformat(timespec="minutes"),
            when.strftime("%d.%m.%Y"),
            when.strftime("%H:%M"),
        )

    @admin.display(description=_("bylines"))
    def byline_names(self, article: Article) -> str:
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description=_("preview"))
    def hero_preview(self, article: Article):
        return thumbnail(article.hero_photo, size=240)

    @admin.display(description=_("body"))
    def body_as_read(self, article: Article):
        """The body as the article page shows it. Sanitized on save, and again here: only
        the sanitizer's output is ever marked safe."""
        return format_html(
            '<div class="story__body desk-body">{}</div>',
            mark_safe(sanitize_body(article.body)),  # noqa: S308 - the allow-list's output
        )

    @admin.display(description=_("desk history"))
    def desk_log(self, article: Article):
        events = article.events.select_related("user")[:10] if article.pk else []
        if not events:
            return "—"
        return format_html(
            '<ul class="desk-log">{}</ul>',
            format_html_join(
                "",
                "<li><time>{}</time> <strong>{}</strong>: {}{}</li>",
                (
                    (
                        timezone.localtime(event.created_at).strftime("%d.%m.%Y %H:%M"),
                        event.user or "—",
                        self._event_move(event),
                        format_html(" — <q>{}</q>", shown(event.comment)) if event.comment else "",
                    )
                    for event in events
                ),
            ),
        )

    @staticmethod
    def _event_move(event) -> str:
        """A step as "Draft → In review"; one that kept the status (a restore) names it once."""
        to_label = Status(event.to_status).label
        if event.from_status == event.to_status:
            return to_label
        from_label = Status(event.from_status).label if event.from_status else "—"
        return f"{from_label} → {to_label}"

    @admin.display(description=_("language versions"))
    def language_versions(self, article: Article):
        """The story's other versions, and buttons to start the missing ones."""
        if article.pk is None:
            return _("Save the piece first; then you can start its translations here.")
        versions = article.story.articles.exclude(pk=article.pk).order_by("language")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> — {} <span class="state state--{}">{}</span></li>',
            (
                (
                    reverse("admin:articles_article_change", args=[version.pk]),
                    version.get_language_display(),
                    version.headline,
                    version.status,
                    version.get_status_display(),
                )
                for version in versions
            ),
        )
        present = {article.language, *(version.language for version in versions)}
        # They submit the article form itself: the piece is saved first (what the editor
        # typed is never lost), then the translation is started (`response_change`). On a
        # read-only view there is nothing to save (`change_view`).
        buttons = format_html_join(
            " ",
            '<button type="submit" class="button" name="{}" value="{}">{}</button>',
            (
                (
                    TRANSLATE_BUTTON,
                    code,
                    _("Translate into: %(language)s") % {"language": name},
                )
                for code, name in settings.NEWSROOM_CONTENT_LANGUAGES
                if code not in present
            ),
        )
        return format_html('<ul class="language-versions">{}</ul>{}', items, buttons)

    def view_on_site(self, article: Article):
        return article.get_absolute_url() if article.is_live else None

    # ---- saving: everything goes through the services -----------------------------------

    def save_model(self, request, article, form, change):
        version = restoring(request)
        if version is not None:
            services.article_restore(
                article=article,
                user=request.user,
                version=version,
                comment=form.cleaned_data.get("workflow_comment", ""),
            )
            return
        services.article_save(
            article=article,
            user=request.user,
            to_status=form.cleaned_data.get("status", article.status),
            when=form.cleaned_data.get("published_at"),
            comment=form.cleaned_data.get("workflow_comment", ""),
        )

    def construct_change_message(self, request, form, formsets, add=False):
        version = restoring(request)
        if version is not None:
            return services.restore_note(version)  # also the revision's comment (log_change)
        return change_message(form, formsets, add, describe=self.describe_row)

    @staticmethod
    def describe_row(row) -> str:
        """An inline row as the history names it: a byline by its author, a correction by
        its first words."""
        if isinstance(row, Byline):
            return str(row.author)
        if isinstance(row, Correction):
            return row.text[:60]
        if isinstance(row, GalleryPhoto):
            return str(row.photo)
        return str(row)

    # ---- what the desk says after a save ------------------------------------------------

    def response_add(self, request, obj, post_url_continue=None):
        with self.saying_where_it_is(request, obj):
            return super().response_add(request, obj, post_url_continue)

    @contextmanager
    def saying_where_it_is(self, request, article: Article):
        """Django's "was changed successfully" becomes, for a piece on the site or about to
        be, where readers find it and when."""
        request.newsroom_saved_message = published_message(article)
        try:
            yield
        finally:
            request.newsroom_saved_message = None

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        saved = getattr(request, "newsroom_saved_message", None)
        if saved is not None and level == messages.SUCCESS:
            message, request.newsroom_saved_message = saved, None
        return super().message_user(request, message, level, *args, **kwargs)

    def delete_model(self, request, article):
        services.article_delete(articles=article, user=request.user)

    def delete_queryset(self, request, queryset):
        services.article_delete(articles=queryset, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk is None:
                services.article_add_correction(
                    article=form.instance, user=request.user, text=correction.text,
                    kind=correction.kind,
                )  # fmt: skip
            else:
                correction.save()

    def changelist_view(self, request, extra_context=None):
        # The desk's main screen: at a laptop's width the admin's app menu left the list too
        # little room (headlines over five lines, columns cut off). The breadcrumbs and the
        # site's index still lead everywhere; every other page keeps the menu.
        context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, context)

    def response_change(self, request, article):
        language = request.POST.get(TRANSLATE_BUTTON)
        if language:
            self.message_user(
                request,
                _("Your changes to “%(headline)s” are saved.") % {"headline": article.headline},
                messages.SUCCESS,
            )
            return self.start_translation(request, article, language)
        with self.saying_where_it_is(request, article):
            return super().response_change(request, article)

    def get_object(self, request, object_id, from_field=None):
        """The piece with its lead and body: the list defers them (get_queryset), and the
        form shows both, which then cost a query each. The change form of a GET takes the
        row `change_view` has just read: a GET writes nothing in between. A POST reads it
        again inside the saving transaction."""
        shown = getattr(request, "_newsroom_change_form_article", None)
        if request.method == "GET" and from_field is None and shown and shown[0] == object_id:
            return shown[1]
        queryset = self.get_queryset(request).defer(None)
        field = Article._meta.pk if from_field is None else Article._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Article.DoesNotExist, ValidationError, ValueError):
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if request.method == "GET":
            request._newsroom_change_form_article = (unquote(object_id), article)
        language = request.POST.get(TRANSLATE_BUTTON) if request.method == "POST" else None
        if language and article is not None and not self.has_change_permission(request, article):
            # "Translate into" on a read-only view: nothing of this piece to save.
            return self.translate_view(request, object_id, language)
        if request.method == "GET" and article is not None and article.status == Status.DRAFT:
            sent_back = article.events.filter(to_status=Status.DRAFT).exclude(comment="").first()
            if sent_back and sent_back.from_status == Status.REVIEW:
                self.message_user(
                    request,
                    _("Sent back by %(user)s: %(comment)s")
                    % {"user": sent_back.user, "comment": shown(sent_back.comment)},
                    messages.WARNING,
                )
        if article is not None and article.is_live_page:
            extra_context = {"live_panel": updates_panel(article, request.user),
                             **(extra_context or {})}  # fmt: skip
        if request.method == "GET" and article is not None and article.wire_item_id:
            warning = wire.kill_warning(article)
            if warning:
                self.message_user(request, warning, messages.ERROR)
        listed = request.session.pop(NOTES_SHOWN, None) if request.method == "GET" else None
        if request.method == "GET" and article is not None and listed != article.pk:
            self.warn_language_gaps(request, article)
        return super().change_view(request, object_id, form_url, extra_context)

    # ---- actions ------------------------------------------------------------------------

    def _apply(self, request, queryset, move, done_message):
        done = 0
        for article in queryset:
            try:
                move(article)
            except (PermissionDenied, workflow.TransitionError) as error:
                self.message_user(request, f"«{article.headline}»: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        self._apply(
            request,
            queryset,
            lambda a: services.article_publish(article=a, user=request.user, when=now),
            lambda n: ngettext("%(count)d article published.", "%(count)d articles published.", n),
        )

    @admin.action(description=_("Send for review"), permissions=["change"])
    def send_for_review(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.article_submit(article=a, user=request.user),
            lambda n: ngettext(
                "%(count)d article sent for review.", "%(count)d articles sent for review.", n
            ),
        )

    @admin.action(description=_("Withdraw from the site"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.article_withdraw(
                article=a,
                user=request.user,
                # Worded for each reader of the desk log, not in this editor's language.
                reason=notes.note(gettext_noop("Withdrawn from the list of articles.")),
            ),
            lambda n: ngettext("%(count)d article withdrawn.", "%(count)d articles withdrawn.", n),
        )

    # ---- preview and comparison ---------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/translate/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The piece exactly as readers will see it, whatever its status; never cached."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        with translation.override(article.language):
            earlier = Article.objects.published().filter(pk=article.earlier_id).first()
            parts = article.page_parts()
            response = TemplateResponse(
                request,
                "articles/article_detail.html",
                {"article": article, "preview": True, "earlier": earlier,
                 "has_gallery": bool(parts["gallery"]), **parts},
            )  # fmt: skip
            response.render()
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def translate_view(self, request, object_id, language):
        """Start (or open) the version of this story in `language`."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or language not in dict(settings.NEWSROOM_CONTENT_LANGUAGES):
            raise Http404
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return self.start_translation(request, article, language)

    def start_translation(self, request, article: Article, language: str):
        """Open the story's version in `language`, started now if it has none yet."""
        if language not in dict(settings.NEWSROOM_CONTENT_LANGUAGES):
            raise Http404
        if not workflow.may_translate(request.user, article):
            raise PermissionDenied
        translation = services.article_start_translation(
            article=article, user=request.user, language=language
        )
        self.message_user(
            request,
            _("The %(language)s version: translate the headline, lead and body, then save.")
            % {"language": translation.get_language_display()},
            messages.SUCCESS,
        )
        # Every field still in the source language, and what the photo and authors lack.
        self.warn_language_gaps(request, translation)
        request.session[NOTES_SHOWN] = translation.pk  # not again on the page it opens
        return redirect("admin:articles_article_change", translation.pk)

    def warn_language_gaps(self, request, article: Article) -> None:
        for note in language_gaps.desk_notes(article):
            self.message_user(request, note, messages.WARNING)

    def compare_view(self, request, object_id):
        """What changed in headline, lead and body between two saved versions."""
        article = self.get_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        older = self.get_version_or_404(article, request.GET.get("from"))
        newer = self.get_version_or_404(article, request.GET.get("to"))
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        try:
            changes = field_changes(older.field_dict, newer.field_dict, COMPARED_FIELDS)
        except RevertError:
            raise Http404 from None  # a version the current model can no longer read
        before, after = gallery_text(older), gallery_text(newer)
        if before != after:
            changes.append({"field": "gallery", "label": _("Gallery"),
                            "diff": word_diff(before, after)})  # fmt: skip
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Changes to “%(headline)s”") % {"headline": article.headline},
            "older": older,
            "newer": newer,
            "changes": changes,
            "can_restore": self.has_change_permission(request, article),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    # ---- restore and recovery: edits through the workflow, never a revert in place -------

    def restored_initial(self, version) -> dict:
        """The form's starting values from `version`: its text, and what it pointed to that
        still exists (a deleted photo or section keeps the current one)."""
        saved = version.field_dict
        initial = {}
        for name in self.restored_fields:
            field = Article._meta.get_field(name)
            if field.attname not in saved:
                continue
            value = saved[field.attname]
            if name == "tags":
                value = list(Tag.objects.filter(pk__in=value or []).values_list("pk", flat=True))
            elif value is not None and field.is_relation:
                gone = not field.related_model.objects.filter(pk=value).exists()
                if gone:
                    continue
            initial[name] = value
        return initial

    def restore_view(self, request, article, version, extra_context=None):
        """The change form, holding `version`'s text: a new, unsaved edit by this user.

        GET changes nothing. The POST is the ordinary save (`services.article_restore`),
        checked by the workflow against the stored row.
        """
        try:
            version.field_dict  # noqa: B018 (read once: a version the model can't read is refused)
        except RevertError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:articles_article_history", article.pk)
        request.newsroom_restoring = version
        labels = [str(Article._meta.get_field(name).verbose_name) for name in self.restored_fields]
        labels.append(str(_("gallery")))
        context = {
            "restoring": version,
            "restored_labels": ", ".join(labels),
            "title": _("Restore an earlier version of “%(headline)s”")
            % {"headline": article.headline},
            **(extra_context or {}),
        }
        return self.change_view(request, str(article.pk), "", context)

    def recover_deleted(self, request, version, extra_context=None):
        """A deleted piece, shown; POST brings it back as a draft (`article_recover`)."""
        if request.method == "POST":
            try:
                article = services.article_recover(version=version, user=request.user)
            except workflow.TransitionError as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect("admin:articles_article_recoverlist")
            self.message_user(
                request,
                _("“%(headline)s” is back, as a draft: check it, then publish it again.")
                % {"headline": article.headline},
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_change", article.pk)
        try:
            saved = version.field_dict
        except RevertError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:articles_article_recoverlist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Recover “%(headline)s”") % {"headline": version.object_repr},
            "version": version,
            "saved": saved,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/recover_form.html", context)


def gallery_text(version) -> str:
    """A version's gallery as the comparison reads it: its photos, numbered, in order."""
    rows = services.version_gallery(version)
    photos = Photo.objects.in_bulk([row["photo_id"] for row in rows])
    names = [row["caption"] or str(photos.get(row["photo_id"], "—")) for row in rows]
    return "\n".join(f"{number}. {name}" for number, name in enumerate(names, start=1))


def published_message(article: Article):
    """What the desk says when a save leaves `article` live or scheduled (None otherwise)."""
    if article.is_live:
        return format_html(
            gettext('“{headline}” is published: <a href="{url}">open it on the site</a>.'),
            headline=article.headline,
            url=article.get_absolute_url(),
        )
    if article.is_scheduled:
        when = timezone.localtime(article.published_at)
        return format_html(
            gettext("“{headline}” is scheduled: it appears on the site on {date} at {time}."),
            headline=article.headline,
            date=formats.date_format(when, "DATE_FORMAT"),
            time=formats.time_format(when, "TIME_FORMAT"),
        )
    return None


def restoring(request):
    """The version whose text this request loads into the article form, if any."""
    return getattr(request, "newsroom_restoring", None)
