"""Walk the desk like a user, and read each screen in Kazakh, Russian and English.

`walk(client)` follows every /admin/ link from the index (one page per URL name: every app
index, changelist, add and change form, delete confirmation, history, password change and
the desk's own views) and returns the pages. `untranslated(pages)` compares each Kazakh
page with the same page in Russian and English and lists what the Kazakh reader would see
that is not Kazakh:

- English: a text in the Kazakh page that the English page has too, with a Latin word in it
  that is not data (a username, a slug) nor a technical name (URL, SEO);
- Russian: a text the Russian page has and the English page does not (a translated string
  that Kazakh falls back on), unless the Kazakh catalogue has it too (Kazakh writes it so);
- a `repr`: "Article_tags object (3)", "object (12)" in any language.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import trans_real

LANGUAGES = ("kk", "ru", "en")
# Never followed: leaving the desk, or views that are not a screen in the desk's language.
SKIPPED_URL_NAMES = {
    "logout",
    "jsi18n",
    "autocomplete",
    "view_on_site",
    "articles_article_preview",  # the reader's page, in the piece's own language
}
# Words of no language, or names the desk writes in Latin in every language.
TECHNICAL = {
    "ID", "URL", "SEO", "API", "IP", "HTML", "JPEG", "PNG", "WebP", "UTC", "CKEditor",
    "ninjs", "Django", "SHA", "pbkdf2_sha256", "Ctrl", "Latin", "Cmd",
}  # fmt: skip
REPR = re.compile(r"\b\w+ object \(\d+\)|\b[A-Z]\w*_\w+ object\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
HIDDEN_TAGS = {"script", "style", "textarea", "template", "noscript"}
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class VisibleText(HTMLParser):
    """The texts a user reads or hears: text nodes, tooltips, labels, button captions.

    Left out: the language switcher (it names each language in that language) and the
    admin's rows of hidden fields (class "hidden": never shown)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.hidden: list[str] = []  # tags whose content is skipped, innermost last

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if self.hidden:
            if tag == self.hidden[0]:
                self.hidden.append(tag)
            return
        classes = (attrs.get("class") or "").split()
        if tag in HIDDEN_TAGS or {"admin-language", "hidden"} & set(classes):
            self.hidden.append(tag)
            return
        for name in SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.add(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.add(attrs["value"])

    def handle_endtag(self, tag):
        if self.hidden and tag == self.hidden[-1]:
            self.hidden.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.add(data)

    def add(self, text):
        text = " ".join(text.split())
        if text and re.search(r"\w", text) and "****" not in text:  # not a masked hash
            self.texts.append(text)


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


def url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def walk(client, start="/admin/", extra=()) -> dict[str, dict[str, str]]:
    """{path: {language: html}} of every desk screen reachable from `start`, one per URL
    name, and of each of `extra` (read first, every one of them even where several share a
    URL name: a killed wire item's page and a usable one's); pages that are not a 200 are
    left out."""
    pages: dict[str, dict[str, str]] = {}
    seen_names: set[str] = set()
    chosen, read_paths = {urlsplit(path).path for path in extra}, set()
    queue = deque([*extra, start])
    while queue:
        path = urlsplit(queue.popleft()).path
        name = url_name(path)
        if not path.startswith("/admin/") or name in SKIPPED_URL_NAMES or path in read_paths:
            continue
        if name in seen_names and path not in chosen:
            continue
        seen_names.add(name)
        read_paths.add(path)
        html = {}
        for language in LANGUAGES:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code != 200:
                break
            html[language] = response.content.decode()
        else:
            pages[path] = html
            queue.extend(read(html["en"]).links)
    return pages


def untranslated(pages, data_words: set[str]) -> list[str]:
    """Lines "path: kind: text" for each text of a Kazakh page that is not Kazakh."""
    found = []
    for path, html in sorted(pages.items()):
        kk, ru, en = (set(read(html[language]).texts) for language in LANGUAGES)
        for text in sorted(kk):
            if REPR.search(text):
                found.append(f"{path}: repr: {text}")
            elif text in en and english_words(text, data_words):
                found.append(f"{path}: English: {text}")
            elif (
                text in ru
                and text not in en
                and CYRILLIC.search(text)
                and not same(text, data_words)
            ):
                found.append(f"{path}: Russian: {text}")
    return found


WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def kazakh_words() -> frozenset[str]:
    """Every word of the desk's Kazakh translations: a Russian-looking text made only of
    them (and of data) is Kazakh written as Russian is ("1 автор", "Лид:"), not a fallback."""
    catalogue = trans_real.translation("kk")._catalog
    return frozenset(
        word.lower() for _key, value in catalogue.items() for word in WORD.findall(value)
    )


def same(text: str, data_words: set[str]) -> bool:
    return all(
        word.lower() in kazakh_words() or word.lower() in data_words
        for word in WORD.findall(text)
        if CYRILLIC.search(word)
    )


def summary(found: list[str]) -> str:
    """The findings once per text, with the screens showing it: what to translate or fix."""
    screens: dict[str, list[str]] = {}
    for line in found:
        path, what = line.split(": ", 1)
        what = re.sub(r"\(\d+\)", "(N)", what)  # one line for all the reprs of a kind
        screens.setdefault(what, []).append(path)
    lines = [
        f"{what}    [{paths[0]}{f' and {len(paths) - 1} more' if len(paths) > 1 else ''}]"
        for what, paths in sorted(screens.items())
    ]
    return "Not in Kazakh on the desk (" + str(len(lines)) + "):\n  " + "\n  ".join(lines)


def english_words(text: str, data_words: set[str]) -> list[str]:
    return [
        word
        for word in LATIN_WORD.findall(text)
        if word not in TECHNICAL and word.lower() not in data_words
    ]
