"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from django.contrib import admin, messages
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .admin_widgets import PhotoPickerView, PhotoPickerWidget
from .forms import ArticleAdminForm
from .models import Article, Author, Byline, Photo, Section, Story, Tag


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


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = _("byline")
    verbose_name_plural = _("Bylines (in the order readers see them)")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline]
    # Bylines are drawn right after the "Attribution" fieldset (see the change form template).
    inlines_after_fieldset = 2
    fieldsets = [
        (_("Story"), {"fields": ["language", "headline", "lead", "body"]}),
        (_("Attribution"), {"fields": ["dateline", "source", "earlier"]}),
        (_("Media"), {"fields": ["hero_photo", "hero_preview", "hero_caption"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "section", "tags", "is_breaking", "is_featured"]},
        ),
        (
            _("Links and search engines"),
            {"fields": ["slug", "story", "seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]
    readonly_fields = ["hero_preview"]
    autocomplete_fields = ["hero_photo", "section", "tags", "earlier", "story"]
    list_display = [
        "headline",
        "language",
        "state",
        "published_at",
        "section",
        "byline_names",
        "updated_at",
    ]
    list_filter = ["status", "language", "section", "is_breaking", "is_featured"]
    search_fields = ["headline", "lead", "slug"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    list_per_page = 50
    actions = ["publish_now"]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hero_photo":
            kwargs["widget"] = PhotoPickerWidget(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("status"), ordering="status")
    def state(self, article: Article):
        if article.is_scheduled:
            when = timezone.localtime(article.published_at).strftime("%d.%m.%Y %H:%M")
            return format_html("⏰ {} {}", _("Scheduled for"), when)
        if article.is_live:
            return format_html("● {}", _("Live"))
        return article.get_status_display()

    @admin.display(description=_("bylines"))
    def byline_names(self, article: Article) -> str:
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description=_("preview"))
    def hero_preview(self, article: Article):
        return thumbnail(article.hero_photo, size=240)

    def view_on_site(self, article: Article):
        return article.get_absolute_url() if article.is_live else None

    def save_model(self, request, article, form, change):
        if not change:
            article.created_by = request.user
        if article.status == Article.Status.PUBLISHED:
            services.article_publish(article=article, user=request.user, when=article.published_at)
        else:
            article.save()

    @admin.action(description=_("Publish now"))
    def publish_now(self, request, queryset):
        count = 0
        for article in queryset:
            services.article_publish(article=article, user=request.user, when=timezone.now())
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count)
            % {"count": count},
            messages.SUCCESS,
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
