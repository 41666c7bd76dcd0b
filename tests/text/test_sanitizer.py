"""What editors post is cleaned before it is stored; Russian typography comes through intact."""

import pytest

from articles.text.sanitize import sanitize_body

HOSTILE = [
    '<script>alert("x")</script><p>ok</p>',
    '<p onclick="alert(1)">ok</p>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">ok</a>',
    '<a href="JaVaScRiPt:alert(1)">ok</a>',
    '<a href="jav&#x09;ascript:alert(1)">ok</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ok</a>',
    '<a href="vbscript:msgbox(1)">ok</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">ok</p>',
    "<style>body{display:none}</style><p>ok</p>",
    "<object data=\"x.swf\"></object><embed src='x.swf'>",
    '<form action="https://evil.example"><input name="q"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<<script>script>alert(1)<</script>/script>",
]
FORBIDDEN = [
    "<script", "onerror", "onclick", "javascript:", "vbscript:", "data:", "<iframe",
    "<style", "style=", "<object", "<embed", "<form", "<input", "<svg", "<math",
]  # fmt: skip


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_markup_is_made_harmless(html):
    cleaned = sanitize_body(html).lower()
    for marker in FORBIDDEN:
        assert marker not in cleaned, f"{marker!r} survived in {cleaned!r}"


def test_russian_typography_survives_byte_for_byte():
    text = (
        "<p>— Центр «Центральная Азия» — это шанс, — считает Рысмамбетов. "
        "Қазақстан, Өзбекстан: ә ғ қ ң ө ұ ү һ і. “Quotes” and ‘single’ … №5</p>"
    )
    assert sanitize_body(text) == text


def test_entities_from_the_editor_become_the_characters_themselves():
    assert sanitize_body("<p>&laquo;Да&raquo; &mdash; ответил он</p>") == "<p>«Да» — ответил он</p>"


def test_news_markup_survives():
    html = (
        "<h2>Подзаголовок</h2><p><strong>Жирный</strong> и <em>курсив</em><br>строка</p>"
        "<ul><li>один</li></ul><ol><li>два</li></ol><blockquote><p>Цитата</p></blockquote>"
        '<figure><img src="/media/uploads/a.jpg" alt="Фото" width="640" height="360">'
        "<figcaption>Подпись</figcaption></figure>"
        "<table><thead><tr><th>Год</th></tr></thead><tbody><tr><td>2025</td></tr></tbody></table>"
    )
    assert sanitize_body(html) == html


def test_links_keep_http_and_mailto_and_get_safe_rel():
    cleaned = sanitize_body(
        '<p><a href="https://kazinform.example/news">ссылка</a> '
        '<a href="mailto:desk@example.kz">почта</a></p>'
    )
    assert 'href="https://kazinform.example/news"' in cleaned
    assert 'href="mailto:desk@example.kz"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_headings_outside_h2_to_h4_are_dropped_but_their_text_stays():
    assert sanitize_body("<h1>Заголовок</h1>") == "Заголовок"


def test_body_is_cleaned_when_an_article_is_saved(make_article):
    article = make_article(body='<p onclick="x()">Текст<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Текст</p>"
