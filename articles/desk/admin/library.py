"""The newsroom's reference material: photos, authors, sections, tags, stories."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.desk.admin.base import DeskAdminMixin
from articles.desk.forms import PhotoAdminForm
from articles.desk.widgets import PhotoPickerView
from articles.i18n import content_language
from articles.models import Author, Photo, Section, Story, Tag

LANGUAGES = [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]


def thumbnail(photo: Photo | None, size: int = 80):
    if not photo or not photo.image:
        return "—"
    alt = photo.alt_in(get_language())
    return format_html(
        '<img src="{}" alt="{}" lang="{}" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        photo.image.url,
        alt.text,
        alt.language,
        size,
        size,
    )


def language_fieldsets(fields: tuple[str, ...]) -> list:
    """One fieldset per content language: what an editor writes for that language's readers."""
    return [
        (name, {"fields": [f"{field}_{code}" for field in fields]})
        for code, name in settings.NEWSROOM_CONTENT_LANGUAGES
    ]


@admin.display(description=_("missing languages"))
def missing_languages(obj) -> str:
    """The languages some text of `obj` is not written in yet, e.g. “Kazakh, English”;
    their pages leave it out (or mark the stand-in: articles/models/languages.py)."""
    names = dict(settings.NEWSROOM_CONTENT_LANGUAGES)
    missing = obj.missing_languages()
    if not missing:
        return "—"
    return format_html(
        '<span class="missing-languages">{}</span>',
        ", ".join(str(names[code]) for code in missing),
    )


class MissingLanguageFilter(admin.SimpleListFilter):
    """Photos or authors with no text yet in a language: the desk's to-do list."""

    title = _("missing a language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return settings.NEWSROOM_CONTENT_LANGUAGES

    def queryset(self, request, queryset):
        code = self.value()
        if code not in dict(settings.NEWSROOM_CONTENT_LANGUAGES):
            return queryset
        empty = Q()
        for field in queryset.model.LANGUAGE_FIELDS:
            empty |= Q(**{f"{field}_{code}": ""})
        return queryset.filter(empty)


@admin.display(description=_("missing languages"))
def missing_names(obj) -> str:
    """Sections and tags have a name per language; a missing one shows the Russian name."""
    names = dict(settings.NEWSROOM_CONTENT_LANGUAGES)
    missing = [str(names[code]) for code in LANGUAGES if not getattr(obj, f"name_{code}")]
    return ", ".join(missing) or "—"


@admin.register(Photo)
class PhotoAdmin(DeskAdminMixin, admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ["thumb", "label", "dimensions", missing_languages, "uploaded_at"]
    list_display_links = ["thumb", "label"]
    list_filter = [MissingLanguageFilter]
    search_fields = [f"{field}_{code}" for field in Photo.LANGUAGE_FIELDS for code in LANGUAGES]
    fieldsets = [
        (_("Picture"), {"fields": ["image", "focal_point", ("focal_x", "focal_y")]}),
        *language_fieldsets(Photo.LANGUAGE_FIELDS),
    ]
    readonly_fields = ["focal_point"]

    @admin.display(description=_("caption and credit"))
    def label(self, photo: Photo) -> str:
        return str(photo)

    @admin.display(description=_("preview"))
    def thumb(self, photo: Photo):
        return thumbnail(photo)

    @admin.display(description=_("focal point"))
    def focal_point(self, photo: Photo):
        """The picture with a marker; clicking it sets the focal point (see the JS)."""
        if not photo.pk or not photo.image:
            return _("Upload the photo and save; then click on it to set its focal point.")
        return format_html(
            '<div class="focal-picker" style="--x:{}%;--y:{}%">'
            '<img src="{}" alt="{}" width="{}" height="{}"><span class="focal-marker"></span>'
            '</div><p class="help">{}</p>',
            round(photo.focal_x * 100, 1),
            round(photo.focal_y * 100, 1),
            photo.image.url,
            photo.alt_in(get_language()).text,
            photo.width,
            photo.height,
            _("Click the part of the picture that must stay in view when it is cropped."),
        )

    @admin.display(description=_("size"))
    def dimensions(self, photo: Photo) -> str:
        return f"{photo.width} × {photo.height}"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and not self.has_change_permission(request, obj):
            # Shown read-only: no fields, so nothing for PhotoAdminForm to fill from the file.
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def get_urls(self):
        picker = PhotoPickerView.as_view(admin_site=self.admin_site)
        return [
            path("picker/", self.admin_site.admin_view(picker), name="articles_photo_picker"),
            path(
                "<path:object_id>/thumb/",
                self.admin_site.admin_view(self.thumb_view),
                name="articles_photo_thumb",
            ),
            *super().get_urls(),
        ]

    def thumb_view(self, request, object_id):
        """A photo's preview address and alt text, for the article form's hero preview when
        a photo was just uploaded through "+" (static/newsroom/admin-article-form.js)."""
        photo = self.get_object(request, unquote(object_id))
        if photo is None:
            raise Http404
        if not self.has_view_permission(request, photo):
            raise PermissionDenied
        return JsonResponse(
            {
                "thumb": photo.image.url if photo.image else "",
                "alt": photo.alt_in(content_language(get_language())).text,
            },
            headers={"Cache-Control": "private, no-store"},
        )

    def save_model(self, request, photo, form, change):
        services.photo_save(photo=photo, user=request.user)


@admin.register(Author)
class AuthorAdmin(DeskAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_latin", "title_ru", missing_languages, "user"]
    list_filter = [MissingLanguageFilter]
    search_fields = ["name", "name_latin", "title_ru", "title_kk", "title_en"]
    fieldsets = [
        (None, {"fields": ["name", "name_latin", "slug", "portrait", "user"]}),
        *language_fieldsets(Author.LANGUAGE_FIELDS),
    ]
    autocomplete_fields = ["user"]


@admin.register(Section)
class SectionAdmin(DeskAdminMixin, admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "name_en", "slug", "position", missing_names]
    list_editable = ["position"]
    search_fields = ["name_ru", "name_kk", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Tag)
class TagAdmin(DeskAdminMixin, admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "name_en", "slug", missing_names]
    search_fields = ["name_ru", "name_kk", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Story)
class StoryAdmin(DeskAdminMixin, admin.ModelAdmin):
    list_display = ["working_title", "created_at"]
    search_fields = ["working_title", "articles__headline"]
