"""Every vector of the XSS corpus comes out of the sanitizer as harmless markup.

The checks look at what a browser would treat as markup: the tags, their attributes and
the URLs in them, parsed back from the sanitizer's output. Text is allowed to *read* like
an attack (`&lt;img src=x onerror=…&gt;` shown as text, or “javascript:” in a sentence):
it is escaped, and a newspaper may well print it.
"""

import base64
import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from articles.text.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_body
from tests.text.xss_vectors import CLASSES, LEGITIMATE, VECTORS

# What the brief forbids, looked for in the markup (tags and attributes), case-insensitively.
FORBIDDEN_MARKUP = [
    "<script", "javascript:", "vbscript:", "data:", "<iframe", "<svg", "<math", "<style",
    "style=", "<object", "<embed", "<form", "<base", "<meta", "<link",
]  # fmt: skip
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
TEXT_ATTRIBUTES = {"title", "alt"}  # their values are text to read, never a URL or code
URL_ATTRIBUTES = {"href", "src"}
# nh3 (ammonia) keeps `lang` and `title` on every tag unless `generic_attributes` says
# otherwise; sanitize.py does not, so they pass on <p>, <td>... too. Both are inert.
GENERIC_ATTRIBUTES = {"lang", "title"}
SAFE_SCHEMES = {"http", "https", "mailto"}
# What a browser ignores inside a URL's scheme: ASCII whitespace and C0 controls.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


class Markup(HTMLParser):
    """The parts of sanitized HTML that are markup: tags, attributes, comments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []
        self.other: list[str] = []  # comments, doctypes, processing instructions

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.other.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.other.append(f"<![{data}]>")

    def skeleton(self) -> str:
        """The tags again, with URL values as a browser reads them and text values blanked."""
        parts = []
        for tag, attrs in self.tags:
            rendered = []
            for name, value in attrs:
                if name in TEXT_ATTRIBUTES:
                    value = "…"
                elif name in URL_ATTRIBUTES:
                    value = IGNORED_IN_URL.sub("", value)
                rendered.append(f'{name}="{value}"')
            parts.append(f"<{tag} {' '.join(rendered)}>")
        return "".join(parts + self.other)


def markup_of(cleaned: str) -> Markup:
    parser = Markup()
    parser.feed(cleaned)
    parser.close()
    return parser


def scheme(url: str) -> str | None:
    match = re.match(r"([a-z][a-z0-9+.-]*):", IGNORED_IN_URL.sub("", url).lower())
    return match.group(1) if match else None


def problems_in(cleaned: str) -> list[str]:
    markup = markup_of(cleaned)
    skeleton = markup.skeleton().lower()
    found = [f"{marker!r} in markup" for marker in FORBIDDEN_MARKUP if marker in skeleton]
    found += [f"event handler {m.group().strip()!r}" for m in EVENT_HANDLER.finditer(skeleton)]
    found += [f"comment or declaration {other!r}" for other in markup.other]
    for tag, attrs in markup.tags:
        if tag not in ALLOWED_TAGS:
            found.append(f"tag <{tag}> outside the allow-list")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES
        if tag == "a":
            allowed = allowed | {"rel"}  # rel="noopener noreferrer", added by the sanitizer
        for name, value in attrs:
            if name not in allowed:
                found.append(f"attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and scheme(value) not in {None, *SAFE_SCHEMES}:
                found.append(f"URL scheme {scheme(value)!r} in {name}={value!r}")
    return found


def mentions_its_index(index: int, vector: str) -> bool:
    """The payload `__xss__(index)` is there, literally or behind one layer of encoding."""
    wanted = f"__xss__({index})"
    readings = [vector, html.unescape(vector), unquote(vector), unquote(html.unescape(vector))]
    for chunk in re.findall(r"base64,([A-Za-z0-9+/=]+)", vector):
        readings.append(base64.b64decode(chunk).decode())
    return any(wanted in reading for reading in readings)


def test_the_corpus_is_large_and_every_vector_names_itself():
    assert len(VECTORS) >= 100
    assert len(VECTORS) == len(set(VECTORS)), "duplicate vectors"
    assert sum(len(indices) for indices in CLASSES.values()) == len(VECTORS)
    unnamed = [i for i, vector in enumerate(VECTORS) if not mentions_its_index(i, vector)]
    assert not unnamed, f"vectors that would not report themselves: {unnamed}"


@pytest.mark.parametrize(("index", "vector"), list(enumerate(VECTORS)))
def test_vector_is_made_harmless(index, vector):
    cleaned = sanitize_body(vector)
    assert not problems_in(cleaned), (
        f"vector {index} {vector!r}\nsanitized to {cleaned!r}\n{problems_in(cleaned)}"
    )


@pytest.mark.parametrize(("index", "vector"), list(enumerate(VECTORS)))
def test_cleaning_is_stable(index, vector):
    """Cleaning the clean output changes nothing: no markup appears on a second parse."""
    cleaned = sanitize_body(vector)
    assert sanitize_body(cleaned) == cleaned, f"vector {index} {vector!r} mutates: {cleaned!r}"


def test_all_vectors_together_are_made_harmless():
    """One body holding the whole corpus, as a batch of the browser test is."""
    cleaned = sanitize_body("\n".join(VECTORS))
    assert not problems_in(cleaned), problems_in(cleaned)


def test_the_checker_would_notice_hostile_markup():
    assert problems_in('<img src="x" onerror="__xss__(1)">')
    assert problems_in('<a href="java\tscript:__xss__(1)">x</a>')
    assert problems_in('<a href=" &#14;javascript:__xss__(1)">x</a>')
    assert problems_in("<svg><style>p{}</style></svg>")
    assert problems_in('<p style="color:red">x</p>')
    assert problems_in("<!--[if IE]><p>x</p><![endif]-->")
    assert not problems_in('<p>&lt;img src=x onerror="__xss__(1)"&gt; javascript: data:</p>')
    assert not problems_in('<a href="https://x.kz/" title="&lt;svg onload=x&gt;">x</a>')


def test_legitimate_body_survives():
    cleaned = sanitize_body(LEGITIMATE)
    assert not problems_in(cleaned)
    for part in [
        '<a href="https://kazinform.example/news/centr-ca" title="Казинформ"',
        '<a href="mailto:desk@newsroom.example"',
        '<img src="/media/uploads/2025/11/astana-border.jpg" alt="Пограничный пункт '
        '«Атамекен» на рассвете" width="640" height="360">',
        '<th scope="col">Год</th>',
        "<td>2025</td><td>5,1</td>",
        "<thead>",
        "<tbody>",
        "<caption>Казахстан — Узбекистан</caption>",
        "<blockquote><p>«Это шанс для малого бизнеса обеих стран», — сказал министр.</p>",
        "<h2>Центр «Центральная Азия»: что он даст казахстанцам</h2>",
        "<h3>Что уже известно</h3>",
        "<h4>Товарооборот, млрд долларов</h4>",
        '<ol start="2">',
        "<li>Площадь центра — <strong>200 гектаров</strong>;</li>",
        "<figcaption>Пункт пропуска «Атамекен». Фото: пресс-служба</figcaption></figure>",
    ]:
        assert part in cleaned, part
