from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles import workflow
from articles.desk.merging import (
    baseline_of,
    comparable,
    digest,
    opened_values,
    read_baseline,
    stored_rows,
    stored_values,
)
from articles.desk.widgets import NewsroomEditorField
from articles.media.images import read_embedded_credits
from articles.models import Article, Photo
from articles.models.languages import written_in
from articles.text.clean import UNWANTED_CHARACTERS, clean_text
from articles.text.diffs import field_changes, marked_additions, word_diff
from articles.text.plain import plain_text

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
        copy.setlist(key, [_clean_posted(v) if isinstance(v, str) else v for v in values])
    return copy


def _clean_posted(value: str) -> str:
    # U+0000 stays for Django's fields to refuse ("Null characters are not allowed."), as
    # they always did: no keyboard types it, so it is a forged post, not a paste.
    return "\x00".join(clean_text(part) for part in value.split("\x00"))


class CleanTextFormMixin:
    """Posted text is cleaned of control characters (`clean_text`; U+0000 is refused, see
    `_clean_posted`) before the fields read it:
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
    # What the form showed when it was opened, signed (see baseline_of): the merge base.
    baseline = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "language", "headline", "lead", "body", "dateline", "source", "earlier",
            "hero_photo", "hero_caption", "status", "published_at", "section", "tags",
            "is_breaking", "is_featured", "slug", "story", "seo_title", "seo_description",
            "send_early_to_partners",
        ]  # fmt: skip
        field_classes = {"body": NewsroomEditorField}
        widgets = {
            # Two rows: a 90-character headline is seen whole at a laptop's width. It is
            # still one line of text: line breaks become spaces (clean_headline), and the
            # Enter key does not make them (admin-article-form.js).
            "headline": forms.Textarea(
                attrs={"rows": 2, "class": "vLargeTextField headline-box", "autofocus": True}
            ),
            "lead": forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
            "source": forms.TextInput(attrs={"class": "vLargeTextField"}),
        }

    class Media:
        js = [
            "admin/js/vendor/jquery/jquery.js",
            "admin/js/vendor/select2/select2.full.js",
            "admin/js/jquery.init.js",
            "admin/js/autocomplete.js",
            "newsroom/admin-photo-picker.js",
            "newsroom/admin-length-hints.js",
            "newsroom/admin-article-form.js",
        ]
        css = {"all": ["newsroom/admin.css", "newsroom/article-body.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:  # the model's words, with what becomes an embed
            self.fields["body"].help_text = _(
                "Quotes, context and background. A link to a YouTube video, a Telegram, X or "
                "Instagram post or a VK video alone on its line becomes an embed that readers "
                "load with a click. Scripts and inline styles are removed."
            )
        if "published_at" in self.fields:
            # The admin draws date and time as two inputs under one label for the first.
            date, time = self.fields["published_at"].widget.widgets
            date.attrs["aria-label"] = _("Publication date")
            time.attrs["aria-label"] = _("Publication time")
        if "live_closed_at" in self.fields and hasattr(
            self.fields["live_closed_at"].widget, "widgets"
        ):
            date, time = self.fields["live_closed_at"].widget.widgets
            date.attrs["aria-label"] = _("Date coverage ended")
            time.attrs["aria-label"] = _("Time coverage ended")
        self.conflict = None
        self.stored_status = self.instance.status if self.instance.pk else Status.DRAFT
        self.fields["loaded_token"].initial = self.instance.edit_token if self.instance.pk else None
        if self.instance.pk and not self.is_bound:
            self.fields["baseline"].initial = baseline_of(
                self.instance,
                stored_values(self.instance, self.merged_fields),
                stored_rows(self.instance),
            )
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

    def clean_headline(self):
        return " ".join(self.cleaned_data["headline"].split())

    def clean(self):
        cleaned = super().clean()
        self._check_not_stale(cleaned)
        status = cleaned.get("status", self.stored_status)
        try:
            workflow.check_transition(self.stored_status, status)
        except workflow.TransitionError as error:
            self.add_error("status", str(error))
        else:
            needs_comment = workflow.needs_comment(self.stored_status, status)
            if needs_comment and not cleaned.get("workflow_comment", "").strip():
                self.add_error(
                    "workflow_comment",
                    _("Say why: the author and the record need to know."),
                )
        return cleaned

    @property
    def merged_fields(self) -> list[str]:
        """The piece's own fields on this form (an editor's; a reporter's has fewer)."""
        own = {field.name for field in Article._meta.get_fields() if field.concrete}
        return [name for name in self.fields if name in own]

    def _check_not_stale(self, cleaned) -> None:
        """Refuse a copy of the piece that someone else has saved over since it was opened.

        The row is locked until this request ends, so two saves cannot both pass. The form
        comes back merged (see `baseline_of`): what only the other save changed is in it,
        what this editor changed is kept, what both changed is listed. It carries the new
        token and a new baseline: saving again, after reading, writes what the form shows.
        """
        if self.instance.pk is None:
            return
        current = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is None or cleaned.get("loaded_token") == current.edit_token:
            return
        names = self.merged_fields
        saved = stored_values(current, names)
        opened = read_baseline(cleaned.get("baseline"), self.instance)
        taken, conflicts = self._merge(cleaned, saved, opened)
        latest = (
            Version.objects.get_for_object_reference(Article, self.instance.pk)
            .select_related("revision__user")
            .first()
        )
        self.conflict = {
            "user": latest.revision.user if latest else None,
            "when": timezone.localtime(current.updated_at),
            "changes": self._compared_changes(cleaned, current, opened, taken, conflicts),
            "taken": [self.fields[name].label for name in taken],
            "conflicts": [self.fields[name].label for name in conflicts],
        }
        data = self.data.copy()
        for name in taken:
            self._show(data, name, saved[name])
        data[self.add_prefix("loaded_token")] = str(current.edit_token)
        data[self.add_prefix("baseline")] = baseline_of(current, saved, stored_rows(current))
        self.data = data
        raise ValidationError(
            _(
                "Someone else saved this piece after you opened it. Your text is still in the "
                "form; the changes they made are shown above. Check them and save again to "
                "keep your version."
            ),
            code="stale",
        )

    def _compared_changes(self, cleaned, current, opened, taken, conflicts) -> list[dict]:
        """Headline, lead and body, where this copy and the saved piece differ: whose change
        each is, what the other editor changed (a word diff from the text this form was
        opened with), and, where both changed it, this editor's text as kept in the form."""
        differing = [
            change["field"] for change in field_changes(cleaned, vars(current), COMPARED_FIELDS)
        ]
        both = [name for name in differing if name in conflicts]
        base = opened_values(self.instance, opened, both)
        changes = []
        for name in differing:
            mine, theirs = cleaned.get(name) or "", getattr(current, name) or ""
            if name == "body":
                mine, theirs = plain_text(mine), plain_text(theirs)
            change = {"field": name, "label": COMPARED_FIELDS[name], "yours": mine}
            if name in taken:  # theirs only: this copy still held the opened text
                change.update(kind="theirs", diff=word_diff(mine, theirs))
            elif name in both:
                before = base.get(name)
                if before is not None and name == "body":
                    before = plain_text(before)
                change.update(
                    kind="both",
                    diff=word_diff(before, theirs) if before is not None else None,
                    theirs=marked_additions(mine, theirs),
                )
            else:  # this editor's change only: kept
                change.update(kind="yours")
            changes.append(change)
        return changes

    def _merge(self, cleaned, saved: dict, opened: dict | None) -> tuple[list, list]:
        """Fields to take from the saved piece (left alone here) and fields both changed."""
        taken, conflicts = [], []
        for name in self.merged_fields:
            if name not in cleaned:
                continue  # refused anyway: the form shows its error
            field = Article._meta.get_field(name)
            mine = digest(name, comparable(field, cleaned[name]))
            theirs = digest(name, comparable(field, saved[name]))
            base = (opened or {}).get("fields", {}).get(name)
            if mine == theirs or base == theirs:
                continue  # the same, or changed here only: keep it
            if base == mine:
                taken.append(name)  # changed there only
            else:
                conflicts.append(name)  # both (or unknown: a form without its baseline)
        return taken, conflicts

    def _show(self, data, name: str, value) -> None:
        """Put `value` into posted `data` the way the field's widget posts it."""
        field, key = self.fields[name], self.add_prefix(name)
        widget, value = field.widget, field.prepare_value(value)
        widget = getattr(widget, "widget", widget)  # the admin's wrapper with its + link
        if isinstance(widget, forms.MultiWidget):  # the publication date and time
            for suffix, part_widget, part in zip(
                widget.widgets_names, widget.widgets, widget.decompress(value), strict=True
            ):
                data[key + suffix] = part_widget.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            data.setlist(key, ["on"] if value else [])
        elif getattr(widget, "allow_multiple_selected", False):
            data.setlist(key, [str(item) for item in value or []])
        else:
            data[key] = "" if value is None else str(value)


class PhotoAdminForm(CleanTextFormMixin, forms.ModelForm):
    """A photo upload, its texts per language: caption and credit come from the file's
    IPTC/EXIF when left empty in every language (into the language they are written in)."""

    class Meta:
        model = Photo
        fields = [
            "image", "focal_x", "focal_y",
            "caption_ru", "credit_ru", "alt_text_ru",
            "caption_kk", "credit_kk", "alt_text_kk",
            "caption_en", "credit_en", "alt_text_en",
        ]  # fmt: skip
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    class Media:
        js = ["newsroom/admin-focal-point.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "credit_ru" in self.fields:
            self.fields["credit_ru"].help_text = _(
                "Who made the photo or where it was taken from, without “Photo:” (pages add "
                "it in their language). Leave every credit empty to take it from the file's "
                "IPTC/EXIF (credit, by-line, copyright)."
            )
            self.fields["caption_ru"].help_text = _(
                "Leave every caption empty to take it from the file's IPTC/EXIF caption, if "
                "it has one."
            )

    def _languages(self) -> list[str]:
        return [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]

    def clean(self):
        cleaned = super().clean()
        languages = self._languages()
        upload = cleaned.get("image")
        if upload and "image" in self.changed_data:
            embedded = read_embedded_credits(upload)
            upload.seek(0)
            limits = {"caption": 300, "credit": 200}
            for name, limit in limits.items():
                empty = not any(cleaned.get(f"{name}_{code}") for code in languages)
                if empty and embedded.get(name):
                    language = written_in(embedded[name])
                    cleaned[f"{name}_{language}"] = embedded[name][:limit]
        if not any(cleaned.get(f"credit_{code}") for code in languages):
            self.add_error(
                "credit_ru",
                _("Say who made the photo or where it comes from: the file does not tell."),
            )
        if not any(cleaned.get(f"alt_text_{code}") for code in languages):
            self.add_error(
                "alt_text_ru",
                _("Describe the picture for readers who cannot see it, in one language at least."),
            )
        return cleaned
