"""List pages (home, section, tag, author) tell search engines and link previews what they
are: a canonical address, their versions in other languages, OpenGraph tags. Read from the
<head> as a crawler reads it."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from articles import services
from articles.models import Author, Byline

pytestmark = pytest.mark.django_db
BASE = "https://news.example.kz"


class Head(HTMLParser):
    """The <link> and <meta> tags of a page's <head>."""

    def __init__(self, html: str):
        super().__init__()
        self.links, self.meta, self.in_head = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif self.in_head and tag == "link":
            self.links.append(dict(attrs))
        elif self.in_head and tag == "meta":
            self.meta.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False

    def canonical(self) -> list[str]:
        return [link["href"] for link in self.links if link.get("rel") == "canonical"]

    def alternates(self) -> dict[str, str]:
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }

    def og(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("property") == f"og:{name}"]

    def description(self) -> str:
        [content] = [m["content"] for m in self.meta if m.get("name") == "description"]
        return content


def head(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.text)


EVERY_LANGUAGE = {"ru", "kk", "en", "kk-Latn", "x-default"}


def test_the_home_page_names_its_address_its_languages_and_its_card(client, make_article):
    make_article(headline="Новость дня")
    page = head(client, "/ru/")
    assert page.canonical() == [f"{BASE}/ru/"]
    assert page.alternates() == {
        "ru": f"{BASE}/ru/",
        "kk": f"{BASE}/kk/",
        "en": f"{BASE}/en/",
        "kk-Latn": f"{BASE}/kk-latn/",
        "x-default": f"{BASE}/ru/",
    }
    assert page.og("type") == ["website"]
    assert page.og("url") == [f"{BASE}/ru/"]
    assert page.og("locale") == ["ru_RU"]
    assert set(page.og("locale:alternate")) == {"kk_KZ", "en_US"}
    assert page.og("title") == ["Newsroom — Последние новости"]
    assert page.og("description") == [page.description()]


def test_a_section_page_in_kazakh_is_canonical_in_kazakh(client, make_article, section):
    section.name_kk = "Экономика"
    section.save()
    make_article(language="kk", headline="Жаңалық", section=section)
    page = head(client, "/kk/section/economy/")
    assert page.canonical() == [f"{BASE}/kk/section/economy/"]
    assert set(page.alternates()) == EVERY_LANGUAGE
    assert page.alternates()["ru"] == f"{BASE}/ru/section/economy/"
    assert page.og("url") == [f"{BASE}/kk/section/economy/"]
    assert page.og("locale") == ["kk_KZ"]
    assert page.og("title") == ["Экономика"]


def test_a_later_page_of_a_list_is_its_own_canonical_and_names_no_alternates(
    client, make_article, section
):
    for number in range(25):
        make_article(headline=f"Экономика {number}", section=section)
    second = head(client, "/ru/section/economy/?page=2")
    assert second.canonical() == [f"{BASE}/ru/section/economy/?page=2"]
    assert second.og("url") == [f"{BASE}/ru/section/economy/?page=2"]
    assert second.alternates() == {}
    first = head(client, "/ru/section/economy/?page=1")
    assert first.canonical() == [f"{BASE}/ru/section/economy/"]  # one address for page 1


def test_a_tag_page_names_only_the_languages_it_has_pieces_in(client, make_article, tag):
    make_article(headline="Центральная Азия", tags=[tag])
    make_article(language="en", headline="Central Asia", tags=[tag])
    make_article(language="kk", headline="Жоба", tags=[tag], status="draft", published_at=None)
    page = head(client, "/ru/tag/central-asia/")
    assert page.canonical() == [f"{BASE}/ru/tag/central-asia/"]
    assert page.alternates() == {
        "ru": f"{BASE}/ru/tag/central-asia/",
        "en": f"{BASE}/en/tag/central-asia/",
        "x-default": f"{BASE}/ru/tag/central-asia/",
    }
    assert page.og("locale:alternate") == ["en_US"]
    assert page.og("type") == ["website"]


def test_an_author_page_gains_a_language_when_a_piece_in_it_is_published(make_article, admin_user):
    author = Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    Byline.objects.create(article=make_article(headline="Репортаж"), author=author)
    kazakh = make_article(language="kk", headline="Репортаж", status="draft", published_at=None)
    Byline.objects.create(article=kazakh, author=author)
    reader = Client()
    before = head(reader, author.get_absolute_url())  # cached for readers
    assert set(before.alternates()) == {"ru", "x-default"}
    assert before.og("title") == ["Данира Искакова"]
    assert before.description() == "Материалы автора: Данира Искакова."
    assert before.og("description") == [before.description()]

    services.article_publish(article=kazakh, user=admin_user)

    after = head(reader, author.get_absolute_url())
    assert set(after.alternates()) == {"ru", "kk", "kk-Latn", "x-default"}
    assert set(after.og("locale:alternate")) == {"kk_KZ"}


def test_an_english_author_page_previews_the_latin_name(client, make_article):
    author = Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    Byline.objects.create(article=make_article(language="en"), author=author)
    page = head(client, author.get_absolute_url().replace("/ru/", "/en/"))
    assert page.og("title") == ["Danira Iskakova"]
    assert page.og("locale") == ["en_US"]


def test_an_english_author_page_names_the_author_in_latin_letters_everywhere(client, make_article):
    author = Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    Byline.objects.create(article=make_article(language="en"), author=author)
    page = client.get(author.get_absolute_url().replace("/ru/", "/en/")).text
    assert "<title>Danira Iskakova — " in page
    assert 'content="Articles by Danira Iskakova.' in page
    assert "Данира" not in page
