"""Links to pieces, sections, tags and authors: the shortcut gives exactly what reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from articles.text.links import page_url, slug_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "kk", "en", "kk-latn"])
@pytest.mark.parametrize("view", ["articles:detail", "articles:section", "articles:tag",
                                  "articles:author"])  # fmt: skip
def test_slug_urls_are_what_reverse_gives_in_every_language(view, language):
    with translation.override(language):
        expected = reverse(view, kwargs={"slug": "tsentr-tsentralnaya-aziya-2026"})
    assert slug_url(view, "tsentr-tsentralnaya-aziya-2026", language) == expected
    assert expected.startswith(f"/{language}/")


def test_slug_urls_follow_the_script_prefix_of_a_site_served_under_a_path():
    try:
        set_script_prefix("/newsroom/")
        with translation.override("en"):
            assert slug_url("articles:tag", "energy") == reverse(
                "articles:tag", kwargs={"slug": "energy"}
            )
            assert slug_url("articles:tag", "energy").startswith("/newsroom/en/")
    finally:
        set_script_prefix("/")


def test_a_piece_links_to_its_own_language_and_to_the_latin_edition(make_article):
    article = make_article(language="kk", slug="ortalyq-ashyldy")
    assert article.url_in("kk") == "/kk/news/ortalyq-ashyldy/"
    assert article.url_in("kk-latn") == "/kk-latn/news/ortalyq-ashyldy/"
    with translation.override("kk-latn"):
        assert article.get_absolute_url() == "/kk-latn/news/ortalyq-ashyldy/"


def test_what_is_not_a_slug_is_refused_as_reverse_refuses_it():
    from django.urls import NoReverseMatch

    for bad in ["x/feed/rss", "", "тег", "a b"]:
        with pytest.raises(NoReverseMatch):
            slug_url("articles:tag", bad, "ru")


@pytest.mark.parametrize("language", ["ru", "kk", "en", "kk-latn"])
@pytest.mark.parametrize("view", ["articles:home", "articles:search", "articles:feed_rss",
                                  "articles:feed_atom"])  # fmt: skip
def test_page_urls_are_what_reverse_gives_in_every_language(view, language):
    with translation.override(language):
        expected = reverse(view)
        assert page_url(view) == expected
    assert page_url(view, language) == expected


def test_page_urls_follow_the_script_prefix_of_a_site_served_under_a_path():
    try:
        set_script_prefix("/newsroom/")
        with translation.override("kk"):
            assert page_url("articles:home") == reverse("articles:home") == "/newsroom/kk/"
    finally:
        set_script_prefix("/")
