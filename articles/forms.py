from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from . import workflow
from .diffs import field_changes
from .images import read_embedded_credits
from .models import Article, Photo
from .text import UNWANTED_CHARACTERS, clean_text
from .widgets import NewsroomEditorField

Status = Article.Status

# What a good headline and lead usually measure (characters); the counter turns amber past it.
LENGTH_HINTS = {"headline": (40, 90), "lead": (150, 300)}
COMPARED_FIELDS = {"headline": _("Headline"), "lead": _("Lead"), "body": _("Body")}


def cleaned_post(data):
    """A copy of posted `data` with `clean_text` applied to every value (or `data` itself,
    when nothing in it needs cleaning)."""
    if not any(
        isinstance(value, str) and UNWANTED_CHARACTERS.search(value)
        for _key, values in data.lists()
        for value in values
    ):
        return data
    copy = data.copy()
    for key, values in data.lists():
        copy.setlist(key, [clean_text(v) if isinstance(v, str) else v for v in values])
    return copy


class CleanTextFormMixin:
    """Posted text is cleaned of control characters (`clean_text`) before the fields read it:
    lengths, "required" and uniqueness are checked on what will be stored, and a refused form
    shows the cleaned text. The models clean once more on save, for other ways in."""

    def full_clean(self):
        if self.is_bound and hasattr(self.data, "lists"):
            self.data = cleaned_post(self.data)
        super().full_clean()


def _with_clean_text(form_class):
    if issubclass(form_class, CleanTextFormMixin):
        return form_class
    return type(form_class.__name__, (CleanTextFormMixin, form_class), {})


class CleanTextAdminMixin:
    """For every ModelAdmin and inline of the project: its forms clean posted text."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_clean_text(super().get_form(request, obj, change, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"form": _with_clean_text(formset.form)})

    def get_changelist_form(self, request, **kwargs):
        return _with_clean_text(super().get_changelist_form(request, **kwargs))


class ArticleAdminForm(CleanTextFormMixin, forms.ModelForm):
    """The article form of the admin. `user` is set by ArticleAdmin.get_form."""

    user = None

    workflow_comment = forms.CharField(
        label=_("Comment for the desk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text=_("Required when sending a piece back to draft or withdrawing it."),
    )
    # The article's edit_token when the form was opened (see _check_not_stale).
    loaded_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "language", "headline", "lead", "body", "dateline", "source", "earlier",
            "hero_photo", "hero_caption", "status", "published_at", "section", "tags",
            "is_breaking", "is_featured", "slug", "story", "seo_title", "seo_description",
        ]  # fmt: skip
        field_classes = {"body": NewsroomEditorField}
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "autofocus": True}),
            "lead": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    class Media:
        js = [
            "admin/js/vendor/jquery/jquery.js",
            "admin/js/vendor/select2/select2.full.js",
            "admin/js/jquery.init.js",
            "admin/js/autocomplete.js",
            "newsroom/admin-photo-picker.js",
            "newsroom/admin-length-hints.js",
        ]
        css = {"all": ["newsroom/admin.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.stored_status = self.instance.status if self.instance.pk else Status.DRAFT
        self.fields["loaded_token"].initial = self.instance.edit_token if self.instance.pk else None
        for name, (low, high) in LENGTH_HINTS.items():
            if name not in self.fields:  # read-only view
                continue
            self.fields[name].widget.attrs.update(
                {
                    "data-length-min": low,
                    "data-length-max": high,
                    "data-length-label": _("%(count)s characters; aim for %(low)s–%(high)s")
                    % {"count": "{count}", "low": low, "high": high},
                }
            )
        if "status" in self.fields and self.user is not None:
            # Offer only the moves this user may make; the server checks again on save.
            allowed = workflow.allowed_statuses(self.user, self.instance, self.stored_status)
            self.fields["status"].widget.choices = [(s, Status(s).label) for s in allowed]
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "With status “Published”: leave empty to publish now, or pick a future time "
                "to schedule (Asia/Almaty time)."
            )

    def clean(self):
        cleaned = super().clean()
        self._check_not_stale(cleaned)
        status = cleaned.get("status", self.stored_status)
        try:
            workflow.check_transition(self.stored_status, status)
        except workflow.TransitionError as error:
            self.add_error("status", str(error))
        else:
            needs_comment = (self.stored_status, status) in workflow.COMMENT_REQUIRED
            if needs_comment and not cleaned.get("workflow_comment", "").strip():
                self.add_error(
                    "workflow_comment",
                    _("Say why: the author and the record need to know."),
                )
        return cleaned

    def _check_not_stale(self, cleaned) -> None:
        """Refuse a copy of the piece that someone else has saved over since it was opened.

        The row is locked until this request ends, so two saves cannot both pass. The
        form keeps everything the user typed, shows what the other save changed, and
        carries the new token: saving again, after reading, is a deliberate overwrite.
        """
        if self.instance.pk is None:
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("edit_token", "headline", "lead", "body", "updated_at")
            .first()
        )
        if current is None or cleaned.get("loaded_token") == current["edit_token"]:
            return
        latest = (
            Version.objects.get_for_object_reference(Article, self.instance.pk)
            .select_related("revision__user")
            .first()
        )
        self.conflict = {
            "user": latest.revision.user if latest else None,
            "when": timezone.localtime(current["updated_at"]),
            "changes": field_changes(cleaned, current, COMPARED_FIELDS),
        }
        data = self.data.copy()
        data[self.add_prefix("loaded_token")] = str(current["edit_token"])
        self.data = data
        raise ValidationError(
            _(
                "Someone else saved this piece after you opened it. Your text is still in the "
                "form; the changes they made are shown above. Check them and save again to "
                "keep your version."
            ),
            code="stale",
        )


class PhotoAdminForm(CleanTextFormMixin, forms.ModelForm):
    """A photo upload: caption and credit come from the file's IPTC/EXIF when left empty."""

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "alt_text", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    class Media:
        js = ["newsroom/admin-focal-point.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit"].required = False  # may come from the file; checked in clean()
        self.fields["credit"].help_text = _(
            "Leave empty to take it from the file's IPTC/EXIF (credit, by-line, copyright)."
        )
        self.fields["caption"].help_text = _(
            "Leave empty to take it from the file's IPTC/EXIF caption, if it has one."
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("image")
        if upload and "image" in self.changed_data:
            embedded = read_embedded_credits(upload)
            upload.seek(0)
            limits = {"caption": 300, "credit": 200}
            for name, limit in limits.items():
                if not cleaned.get(name) and embedded.get(name):
                    cleaned[name] = embedded[name][:limit]
        if not cleaned.get("credit"):
            self.add_error(
                "credit",
                _("Say who made the photo or where it comes from: the file does not tell."),
            )
        return cleaned
