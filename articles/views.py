"""The reader's site. Every view starts from `Article.objects.published()`."""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from .models import Article, Section


class PublishedInLanguageMixin:
    """Published pieces in the language of the page (the URL's language prefix)."""

    def get_queryset(self):
        return Article.objects.published().in_language(get_language()).for_listing()


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
        return super().get_queryset().select_related("earlier").prefetch_related("tags")
