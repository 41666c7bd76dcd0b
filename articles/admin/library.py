"""The newsroom's reference material: photos, authors, sections, tags, stories."""

from django.contrib import admin
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Author, Photo, Section, Story, Tag
from ..widgets import PhotoPickerView


def thumbnail(photo: Photo | None, size: int = 80):
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        photo.image.url,
        photo.alt_text,
        size,
        size,
    )


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["preview", "caption", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["preview", "caption"]
    search_fields = ["caption", "credit", "alt_text"]
    fields = ["image", "preview", "caption", "credit", "alt_text"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, photo: Photo):
        return thumbnail(photo)

    @admin.display(description=_("size"))
    def dimensions(self, photo: Photo) -> str:
        return f"{photo.width} × {photo.height}"

    def get_urls(self):
        picker = PhotoPickerView.as_view(admin_site=self.admin_site)
        return [
            path("picker/", self.admin_site.admin_view(picker), name="articles_photo_picker"),
            *super().get_urls(),
        ]

    def save_model(self, request, photo, form, change):
        if not change:
            photo.uploaded_by = request.user
        super().save_model(request, photo, form, change)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_latin", "title", "user"]
    search_fields = ["name", "name_latin", "title"]
    fields = ["name", "name_latin", "slug", "title", "bio", "portrait", "user"]
    autocomplete_fields = ["user"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_ru", "name_kk", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "name_en", "slug"]
    search_fields = ["name_ru", "name_kk", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["working_title", "created_at"]
    search_fields = ["working_title", "articles__headline"]
