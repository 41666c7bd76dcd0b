"""Each reading query (articles/selectors.py) lists the published pieces of its scope, newest
first, and nothing else: not a scheduled piece, a draft, a withdrawn piece, a piece in another
language or one outside its scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import selectors
from articles.models import Article, Byline

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def scope(make_article):
    """`scope(section=..., tags=[...], author=...)`: two live Russian pieces of the scope,
    newest first; alongside them a scheduled piece, a draft, a withdrawn piece and an English
    piece of the same scope, and a live Russian piece outside it."""

    def make(author=None, **fields):
        def piece(**extra):
            article = make_article(**{**fields, **extra})
            if author is not None:
                Byline.objects.create(article=article, author=author)
            return article

        now = timezone.now()
        older, newer = piece(published_at=now - 3 * HOUR), piece(published_at=now - 2 * HOUR)
        piece(published_at=now + HOUR)  # scheduled
        piece(status=Article.Status.DRAFT, published_at=None)
        piece(status=Article.Status.WITHDRAWN, published_at=now - HOUR)
        piece(language="en", published_at=now - HOUR)
        if fields or author:
            make_article(published_at=now - HOUR)  # live, Russian, outside the scope
        return [newer, older]

    return make


@pytest.mark.parametrize(
    "select",
    [
        selectors.archive_pieces,
        selectors.search_pieces,
        selectors.feed_pieces,
        selectors.sitemap_pieces,
        selectors.partner_pieces,
    ],
    ids=lambda select: select.__name__,
)
def test_a_language_lists_its_published_pieces(scope, select):
    expected = scope()
    assert list(select(language="ru")) == expected


def test_home_pieces(scope):
    newer, older = scope()
    Article.objects.filter(pk=older.pk).update(is_featured=True, is_breaking=True)
    latest, featured, breaking = selectors.home_pieces(language="ru", latest=12, breaking=3)
    assert (latest, featured, breaking) == ([newer, older], older, [older])


def test_section_pieces(scope, section):
    expected = scope(section=section)
    assert list(selectors.section_pieces(section=section, language="ru")) == expected
    assert list(selectors.feed_pieces(section=section, language="ru")) == expected
    assert list(selectors.partner_pieces(section=section, language="ru")) == expected


def test_tag_pieces(scope, tag):
    expected = scope(tags=[tag])
    assert list(selectors.tag_pieces(tag=tag, language="ru")) == expected
    assert list(selectors.feed_pieces(tag=tag, language="ru")) == expected


def test_author_pieces(scope, author):
    expected = scope(author=author)
    assert list(selectors.author_pieces(author=author, language="ru")) == expected
    assert list(selectors.feed_pieces(author=author, language="ru")) == expected


def test_news_pieces_are_of_every_language(scope):
    newer, older = scope()
    english = Article.objects.get(language="en")
    since = timezone.now() - 48 * HOUR
    assert list(selectors.news_pieces(since=since)) == [english, newer, older]


def test_related_pieces_share_a_tag(scope, make_article, tag):
    expected = scope(tags=[tag])
    article = make_article(tags=[tag])
    assert selectors.related_pieces(article=article) == expected


def test_related_pieces_fill_up_from_the_section(scope, make_article, section):
    expected = scope(section=section)
    article = make_article(section=section)
    assert selectors.related_pieces(article=article) == expected


def test_article_versions_are_the_published_ones(make_article):
    russian = make_article()
    english = make_article(story=russian.story, language="en")
    make_article(story=russian.story, language="kk", status=Article.Status.DRAFT)
    found = selectors.article_versions(language="en", slug=english.slug)
    assert sorted(found, key=lambda article: article.pk) == [russian, english]


def test_an_earlier_piece_withdrawn_is_not_named(make_article):
    earlier = make_article(status=Article.Status.WITHDRAWN)
    assert selectors.earlier_piece(article=make_article(earlier=earlier)) is None
    earlier.status = Article.Status.PUBLISHED
    earlier.save()
    assert selectors.earlier_piece(article=make_article(earlier=earlier)) == earlier


def test_tags_know_the_languages_they_are_listed_in(scope, tag):
    scope(tags=[tag])  # the English piece is live, the Kazakh ones do not exist
    listed = selectors.tags_with_languages().get(pk=tag.pk)
    assert (listed.lists_ru, listed.lists_en, listed.lists_kk) == (True, True, False)


def test_withdrawn_pieces_are_only_the_withdrawn(scope):
    scope()
    withdrawn = Article.objects.get(status=Article.Status.WITHDRAWN)
    assert list(selectors.withdrawn_pieces(language="ru")) == [withdrawn]
