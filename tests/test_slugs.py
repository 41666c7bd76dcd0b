"""Headlines in any of the three languages give readable Latin slugs."""

import pytest

from articles.text import latin_slug
from articles.uploads import readable_filename


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Центр «Центральная Азия»: что он даст", "tsentr-tsentralnaya-aziya-chto-on-dast"),
        ("Өнеркәсіптік орталық іске қосылды", "onerkasiptik-ortalyq-iske-qosyldy"),
        ("Ғалым, ұстаз, үміт, һауа, ң", "galym-ustaz-umit-haua-n"),
        ("New “Central Asia” centre opens", "new-central-asia-centre-opens"),
    ],
)
def test_headline_becomes_a_readable_latin_slug(headline, slug):
    assert latin_slug(headline) == slug


def test_two_articles_with_one_headline_get_distinct_slugs(make_article):
    first = make_article(headline="Итоги дня")
    second = make_article(headline="Итоги дня")
    assert first.slug == "itogi-dnya"
    assert second.slug == "itogi-dnya-2"


def test_same_headline_in_another_language_may_reuse_the_slug(make_article):
    assert make_article(headline="Astana", language="ru").slug == "astana"
    assert make_article(headline="Astana", language="en").slug == "astana"


def test_upload_names_keep_a_readable_transliteration():
    assert readable_filename("Рысмамбетов Өнер.JPG") == "rysmambetov-oner.jpg"
    assert readable_filename("!!!.png").endswith(".png")
    assert len(readable_filename("!!!.png")) > len(".png")
