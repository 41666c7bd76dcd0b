"""Rich text as plain text: for word counts, search documents, diffs and partners' feeds."""

import re

from django.utils.html import strip_tags

_BLOCK_END = re.compile(
    r"</(p|h[2-4]|li|blockquote|figcaption|figure|tr)>|<br\s*/?>", re.IGNORECASE
)


def plain_text(html: str) -> str:
    """Rich text as plain text, one paragraph per line: the words a reader reads, no markup."""
    text = strip_tags(_BLOCK_END.sub("\n", html or ""))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
