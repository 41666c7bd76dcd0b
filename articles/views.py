"""The reader's site. Every view starts from `Article.objects.published()`."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .i18n import content_language, editions, home_url, hreflang, language_links
from .models import Article, Section, SlugRedirect


class PublishedInLanguageMixin:
    """Published pieces in the language of the page (the URL's language prefix)."""

    def get_queryset(self):
        return Article.objects.published().in_language(content_language()).for_listing()


class HomeView(PublishedInLanguageMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20


class SectionView(PublishedInLanguageMixin, ListView):
    template_name = "articles/section.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class ArticleDetailView(PublishedInLanguageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            super().get_queryset().select_related("earlier").prefetch_related("tags", "corrections")
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old slug of a published piece: send readers (and search engines) on, for good.
            moved = SlugRedirect.objects.filter(
                language=content_language(), slug=self.kwargs["slug"]
            ).first()
            article = moved and self.get_queryset().filter(pk=moved.article_id).first()
            if not article:
                raise
            return redirect(article, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        versions = {version.language: version for version in [article, *article.translations()]}
        absolute = self.request.build_absolute_uri
        original = versions.get(settings.LANGUAGE_CODE, article)

        def url_for(code: str) -> str:
            version = versions.get(content_language(code))
            return version.url_in(code) if version else home_url(code)

        context.update(
            alternates=[
                {"hreflang": hreflang(code), "url": absolute(version.url_in(code))}
                for version in versions.values()
                for code in editions(version.language)
            ],
            x_default=absolute(original.get_absolute_url()),
            language_links=language_links(url_for),
        )
        return context
