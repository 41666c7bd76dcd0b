"""Root URLs: the admin, the editor's upload endpoints, and the reader's site per language."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from articles.desk import editor_uploads
from articles.distribution import feed_urls, sitemaps
from articles.media.views import serve_media
from articles.site import reading
from articles.site import urls as site_urls

admin.site.site_header = _("Newsroom desk")
admin.site.site_title = _("Newsroom desk")
admin.site.index_title = _("The desk")
# Refusals under /admin/ get the admin's styled page, elsewhere Django's (admin/forbidden.py).
handler403 = "articles.desk.admin.forbidden.permission_denied"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Names are django-ckeditor's own, so its widget finds our validated views.
    re_path(r"^ckeditor/upload/", editor_uploads.upload, name="ckeditor_upload"),
    re_path(r"^ckeditor/browse/", editor_uploads.browse, name="ckeditor_browse"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("articles.distribution.api.urls")),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemaps.sitemap_index,
        {"sitemaps": sitemaps.sitemaps(), "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": sitemaps.sitemaps(), "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    # The reading beacon (articles/site/reading.py): one language-free address, never cached.
    path("read/<int:pk>/", reading.read_beacon, name="read_beacon"),
]
# The reader's site per language: its pages, then their feeds, under one namespace ("articles").
reader = (site_urls.urlpatterns + feed_urls.urlpatterns, site_urls.app_name)
urlpatterns += i18n_patterns(path("", include(reader)), prefix_default_language=True)

# Media files in development and browser tests only (production: web server, S3 or CDN).
urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_media))
