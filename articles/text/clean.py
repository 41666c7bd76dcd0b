"""Text cleaned of the characters that break output (XML feeds, HTML pages)."""

import re

# Characters no text of ours may hold (see `clean_text`): the C0 controls other than tab, line
# feed and carriage return; DEL and the C1 controls; lone surrogates; U+FFFE and U+FFFF.
UNWANTED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Of those, the ones that separate lines or pages (Word pastes U+000B for a line break): a
# space keeps the words on either side apart.
_SEPARATORS = frozenset("\x0b\x0c\x85")


def _replacement(match: re.Match) -> str:
    return " " if match.group() in _SEPARATORS else ""


def clean_text(text: str) -> str:
    """`text` without the characters that XML 1.0 forbids or that no browser can type.

    XML 1.0 refuses the C0 controls except tab, newline and carriage return (Django's feed
    writer answers them with an exception), U+FFFE, U+FFFF and lone surrogates (which no
    UTF-8 encoder writes either). DEL and the C1 controls are allowed by XML but are parse
    errors in HTML and only ever come from a broken copy and paste. Vertical tab, form feed
    and NEL become a space, the rest is dropped.
    """
    if not text or UNWANTED_CHARACTERS.search(text) is None:
        return text
    return UNWANTED_CHARACTERS.sub(_replacement, text)


def cleaned(value):
    """`value` with `clean_text` applied to every string in it (lists, tuples, dicts too)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: cleaned(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(cleaned(item) for item in value)
    return value
