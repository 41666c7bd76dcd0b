"""Headlines in any of the three languages give readable Latin slugs."""

import pytest

from articles.media.uploads import readable_filename
from articles.text.slugs import latin_slug


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


KAZAKH_LETTERS = {"ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
                  "һ": "h", "і": "i"}  # fmt: skip
RUSSIAN_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


@pytest.mark.parametrize(("letter", "latin"), {**KAZAKH_LETTERS, **RUSSIAN_LETTERS}.items())
def test_every_cyrillic_letter_has_its_latin_form_in_slugs(letter, latin):
    assert latin_slug(f"x{letter}x") == f"x{latin}x"
    assert latin_slug(f"x{letter.upper()}x") == f"x{latin}x"


def test_kazakh_a_with_diaeresis_never_vanishes():
    assert latin_slug("өнеркәсіптік") == "onerkasiptik"


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Жаңа жыл: Шымкент", "jana-jyl-symkent"),
        ("Өнеркәсіптік орталық іске қосылды", "onerkasiptik-ortalyq-iske-qosyldy"),
        ("Юлия мен Щучинск", "iuliia-men-ssucinsk"),
    ],
)
def test_a_kazakh_slug_uses_the_letters_of_the_latin_edition(headline, slug):
    assert latin_slug(headline, language="kk") == slug


def test_a_kazakh_piece_gets_its_slug_in_the_editions_letters(make_article):
    assert make_article(language="kk", headline="Жастар жиыны").slug == "jastar-jiyny"
    assert make_article(language="ru", headline="Жастар жиыны").slug == "zhastar-zhiyny"
