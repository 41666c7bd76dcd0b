from django.conf import settings
from django.urls import translate_url

from articles.cache import fragments
from articles.i18n import home_url, language_links
from articles.models import Section


def site(request):
    """What every public page's header needs; computed only if a template asks."""

    def switcher():
        # The same page in each language (a section, the home page...); article pages
        # replace this with their translations (ArticleDetailView).
        def url_for(code: str) -> str:
            translated = translate_url(request.path, code)
            return translated if translated != request.path else home_url(code)

        return language_links(url_for)

    fragments.expect("nav", [None])  # read with the page's other fragments
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": Section.objects.all,
        "language_links": switcher,
    }
