"""Plain paragraphs typed in a text box, to and from the simple HTML of a body.

A blank line starts a paragraph, a single line break is a `<br>`; inline markup an editor
types (a link, bold) is kept as typed, for the sanitizer to check. Text already made of
block elements (`<p>`, a list, a quote...) is left as it is.
"""

import re

BLOCK_START = re.compile(r"^\s*<(p|h[2-4]|ul|ol|blockquote|figure|table|hr)\b", re.I)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs_to_html(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or BLOCK_START.match(text):
        return text
    blocks = [block.strip() for block in PARAGRAPH_BREAK.split(text) if block.strip()]
    return "".join("<p>" + block.replace("\n", "<br>") + "</p>" for block in blocks)


def html_to_paragraphs(html: str) -> str:
    """The inverse for the simple bodies `paragraphs_to_html` makes: paragraphs as blank
    lines; anything richer is shown as its HTML."""
    html = (html or "").strip()
    simple = re.fullmatch(r"(<p>(?:(?!</?p\b).)*</p>)+", html, re.S)
    if not simple:
        return html
    blocks = re.findall(r"<p>(.*?)</p>", html, re.S)
    return "\n\n".join(re.sub(r"<br\s*/?>", "\n", block) for block in blocks)
