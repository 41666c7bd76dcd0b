"""Word-level differences between two versions of a text, for people to read."""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.text.plain import plain_text


def _word_changes(old: str, new: str) -> tuple[list[str], list[str], list[tuple]]:
    """The words (and the spaces between them) of `old` and `new`, and difflib's opcodes
    turning the one into the other."""
    old_words = re.split(r"(\s+)", old or "")
    new_words = re.split(r"(\s+)", new or "")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    return old_words, new_words, matcher.get_opcodes()


def word_diff(old: str, new: str) -> SafeString:
    """`old` → `new` with removed words in <del> and added words in <ins> (escaped)."""
    old_words, new_words, opcodes = _word_changes(old, new)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in opcodes:
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every piece escaped


def marked_additions(old: str, new: str) -> SafeString:
    """`new` with the words that are not in `old` in <ins> (escaped); nothing struck out."""
    _old_words, new_words, opcodes = _word_changes(old, new)
    parts: list[str] = []
    for op, _a1, _a2, b1, b2 in opcodes:
        words = escape("".join(new_words[b1:b2]))
        parts.append(words if op == "equal" or not words.strip() else f"<ins>{words}</ins>")
    marked = re.sub(r"</ins>(\s+)<ins>", r"\1", "".join(parts))
    return mark_safe(marked.replace("\n", "<br>"))  # noqa: S308 - every piece escaped


def field_changes(old: dict, new: dict, labels: dict[str, str]) -> list[dict]:
    """For each field in `labels` that differs: its label and a word diff (body as text)."""
    changes = []
    for name, label in labels.items():
        before, after = old.get(name) or "", new.get(name) or ""
        if name == "body":
            before, after = plain_text(before), plain_text(after)
        if before != after:
            changes.append({"field": name, "label": label, "diff": word_diff(before, after)})
    return changes
