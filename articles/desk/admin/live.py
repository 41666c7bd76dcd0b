"""Live pages on the desk: posting, editing, pinning, correcting and deleting updates.

"Post an update" on a live piece's change page opens the short add form of `LiveUpdateAdmin`
for that piece; saving returns to the piece, whose change page lists its updates, newest
first, with their edit links. Every save goes through articles/live.py, which asks the
rights table; the form offers only the pieces the user may post to, and the history and
restore views are `GuardedVersionAdmin`'s (versions of the update in the URL only, a restore
is an edit checked like any other).

The text is a plain text box, not CKEditor: an update is typed in seconds, often on a
phone; a blank line starts a paragraph, and a link or bold typed as HTML is kept (then
sanitized, as every body is). A lone link in the "embed link" field becomes an embed.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError

from articles import live, workflow
from articles.desk.admin.base import DeskAdminMixin
from articles.desk.admin.history import GuardedVersionAdmin
from articles.desk.forms import CleanTextFormMixin
from articles.desk.widgets import PhotoPickerWidget
from articles.models import Article, LiveUpdate
from articles.text.paragraphs import html_to_paragraphs, paragraphs_to_html

Status = Article.Status
# What restoring an update's version loads into its form.
RESTORED_FIELDS = ("posted_at", "title", "body", "photo", "embed_url", "is_pinned", "correction")
# Updates listed on a live piece's change page (the newest; the list of updates has all).
LISTED = 50


class LiveUpdateForm(CleanTextFormMixin, forms.ModelForm):
    body = forms.CharField(
        label=capfirst(_("text")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("A blank line starts a new paragraph. Links may be typed as HTML."),
    )

    class Meta:
        model = LiveUpdate
        fields = ["article", "title", "body", "photo", "embed_url", "is_pinned", "authors",
                  "posted_at", "correction"]  # fmt: skip

    # When the update was last saved as this form loaded it: two people editing one update
    # are told, the second one keeps their text in the form (as pieces' forms do).
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    user = None  # set by LiveUpdateAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "body" in self.fields and not self.is_bound:
            self.initial["body"] = html_to_paragraphs(self.initial.get("body", ""))
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_at"] = self.instance.updated_at.isoformat()

    def clean_body(self):
        return paragraphs_to_html(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        if (
            self.instance.pk is None
            and article is not None
            and not workflow.may_post_update(self.user, article)
        ):
            raise ValidationError(_("You may not post updates to this piece now."))
        if self.instance.pk is None and not (
            cleaned.get("body") or cleaned.get("title") or cleaned.get("photo")
            or cleaned.get("embed_url")
        ):  # fmt: skip
            raise ValidationError(_("An update needs a text, a title, a photo or an embed link."))
        if self.instance.pk is not None:
            stored = LiveUpdate.objects.filter(pk=self.instance.pk).values("updated_at").first()
            if stored and stored["updated_at"].isoformat() != cleaned.get("loaded_at"):
                raise ValidationError(
                    _(
                        "Someone saved this update after you opened it. Your text is still "
                        "here: copy what you need, open the update again to see theirs, and "
                        "save once more."
                    )
                )
        return cleaned


def open_to(user):
    """The live pieces `user` may post updates to now."""
    pieces = Article.objects.filter(
        is_live_page=True,
        live_closed_at__isnull=True,
        status=Status.PUBLISHED,
        published_at__isnull=False,
    )
    return pieces if workflow.is_editor(user) else pieces.filter(live_contributors=user)


@admin.register(LiveUpdate)
class LiveUpdateAdmin(DeskAdminMixin, GuardedVersionAdmin):
    form = LiveUpdateForm
    autocomplete_fields = ["photo", "authors"]
    list_display = ["__str__", "article", "posted_at", "is_pinned", "created_by"]
    list_select_related = ["article", "created_by"]
    list_filter = ["is_pinned"]
    search_fields = ["title", "body"]
    show_full_result_count = False
    actions = ["delete_selected"]

    def get_fields(self, request, obj=None):
        quick = ["article", "title", "body", "photo", "embed_url", "is_pinned", "authors"]
        if obj is None:
            # A field the user may not set is left off the short form (a reporter saw a red
            # cross for "Key point" there); on an existing update it stays, read only, as a fact.
            locked = workflow.live_locked_fields(request.user)
            return [name for name in quick if name not in locked]
        return [*quick, "posted_at", "correction", "corrected_at", "loaded_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = ["corrected_at"] + workflow.live_locked_fields(request.user)
        if obj is not None:
            fields.append("article")  # an update never moves to another piece
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        attrs = {"user": request.user}
        version = getattr(request, "newsroom_restoring", None)
        if version is not None and request.method == "GET":
            saved = version.field_dict
            loaded = {
                name: saved.get(LiveUpdate._meta.get_field(name).attname)
                for name in RESTORED_FIELDS
            }
            if (
                loaded.get("photo")
                and not LiveUpdate.photo.field.related_model.objects.filter(
                    pk=loaded["photo"]
                ).exists()
            ):
                loaded.pop("photo")
            loaded["body"] = html_to_paragraphs(loaded.get("body") or "")

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**(kwargs.get("initial") or {}), **loaded}
                form.__init__(self, *args, **kwargs)
                self.initial.update(loaded)

            attrs["__init__"] = __init__
        return type(form.__name__, (form,), attrs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = open_to(request.user)  # a forged id: "Select a valid choice"
        if db_field.name == "photo":
            kwargs["widget"] = PhotoPickerWidget(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = getattr(request.user, "author", None)
        if author is not None and "authors" not in initial:
            initial["authors"] = [author.pk]
        return initial

    # ---- saving: through articles/live.py ---------------------------------------------

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        authors = list(data["authors"]) if "authors" in data else None
        try:
            if change:
                live.live_update_save(update=obj, user=request.user, authors=authors)
                return
            update = live.live_update_post(
                article=obj.article,
                user=request.user,
                title=obj.title,
                body=obj.body,
                photo=obj.photo,
                embed_url=obj.embed_url,
                is_pinned=obj.is_pinned,
                authors=authors,
            )
        except workflow.TransitionError as error:
            raise PermissionDenied(str(error)) from error
        obj.__dict__.update(update.__dict__)  # the saved row, for the admin's log and redirect

    def save_related(self, request, form, formsets, change):
        """The authors were saved with the update (the service), nothing more to save."""

    def delete_model(self, request, obj):
        live.live_update_delete(update=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for update in queryset:
            live.live_update_delete(update=update, user=request.user)

    def _back_to_piece(self, request, obj):
        return redirect(reverse("admin:articles_article_change", args=[obj.article_id]) + "#live")

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, _("The update is on the page."), messages.SUCCESS)
        return self._back_to_piece(request, obj)

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, _("The update is saved."), messages.SUCCESS)
        return self._back_to_piece(request, obj)

    # ---- history: restore is an edit; deleted updates are not recovered here ----------

    def has_recover_permission(self, request) -> bool:
        return False

    def get_urls(self):
        return [
            url
            for url in super().get_urls()
            if getattr(url, "name", None) not in {
                "articles_liveupdate_recoverlist", "articles_liveupdate_recover"}
        ]  # fmt: skip

    def restore_view(self, request, obj, version, extra_context=None):
        try:
            version.field_dict  # noqa: B018 (a version the model can't read is refused)
        except RevertError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:articles_liveupdate_history", obj.pk)
        request.newsroom_restoring = version
        return self.change_view(request, str(obj.pk), "", extra_context)


def contributor_choices():
    """Who an editor may open a live page to: active reporters."""
    return get_user_model().objects.filter(is_active=True, groups__name="Reporters").distinct()


def updates_panel(article: Article, user) -> str:
    """The live piece's updates on its change page, newest first, each with its edit link,
    and the "Post an update" link when the user may post."""
    if article.pk is None or not article.is_live_page:
        return "—"
    updates = LiveUpdate.objects.filter(article=article).order_by("-posted_at", "-id")
    rows = format_html_join(
        "",
        '<li><a href="{}">{} · {}</a>{}</li>',
        (
            (
                reverse("admin:articles_liveupdate_change", args=[update.pk]),
                timezone.localtime(update.posted_at).strftime("%d.%m.%Y %H:%M"),
                str(update),
                format_html(" <strong>{}</strong>", _("key point")) if update.is_pinned else "",
            )
            for update in updates[:LISTED]
        ),
    )
    post = ""
    if workflow.may_post_update(user, article):
        post = format_html(
            '<p><a class="button" href="{}?article={}">{}</a></p>',
            reverse("admin:articles_liveupdate_add"),
            article.pk,
            _("Post an update"),
        )
    elif not article.live_is_open:
        post = format_html("<p>{}</p>", _("Coverage has ended: no new updates."))
    listing = (
        format_html('<ul class="live-updates">{}</ul>', rows)
        if rows
        else format_html("<p>{}</p>", _("No updates yet."))
    )
    return format_html('<div id="live">{}{}</div>', post, listing)
