"""Server-side cleaning of rich text with an nh3 (Ammonia) allow-list.

CKEditor 4 is end-of-life, so nothing it posts is trusted: every body is cleaned on
save, and only the markup below reaches readers. Text itself (Cyrillic, « », —) is
never rewritten.
"""

import nh3

from articles.text import embeds

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4",
    "strong", "em", "b", "i", "s", "sub", "sup",
    "ul", "ol", "li",
    "a", "img", "figure", "figcaption", "blockquote", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}

URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_body(html: str) -> str:
    """Return `html` with everything outside the allow-list removed.

    Scripts, styles and event handlers go; so do `javascript:`, `data:` and other URL
    schemes, and inline styles. `<script>`/`<style>` lose their content too. A link to a
    video or post alone on its line becomes an embed block (articles/text/embeds.py): the
    only markup with `class` or `data-*` attributes, made here from the link, never kept
    from what was posted.
    """
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return embeds.make_blocks(cleaned).strip()
