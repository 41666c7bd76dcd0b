"""Kazakh Cyrillic → Latin, after Kazakhstan's official Latin alphabet (2021 revision).

The 31 letters of the 2021 alphabet are A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü
V Y Z. Note the i-letters: І і → I ı (dotless small), И и and Й й → İ i (dotted capital),
Ы ы → Y y. Letters found only in Russian loanwords (ё ц ч щ ъ ь э ю я) are not in the 31; they
follow the usual 2021 practice: Ç for ч, digraphs for ц щ ё ю я, nothing for ъ ь.

    А а → A a      Ә ә → Ä ä      Б б → B b      В в → V v      Г г → G g
    Ғ ғ → Ğ ğ      Д д → D d      Е е → E e      Ё ё → İo io    Ж ж → J j
    З з → Z z      И и → İ i      Й й → İ i      К к → K k      Қ қ → Q q
    Л л → L l      М м → M m      Н н → N n      Ң ң → Ñ ñ      О о → O o
    Ө ө → Ö ö      П п → P p      Р р → R r      С с → S s      Т т → T t
    У у → U u      Ұ ұ → Ū ū      Ү ү → Ü ü      Ф ф → F f      Х х → H h
    Һ һ → H h      Ц ц → Ts ts    Ч ч → Ç ç      Ш ш → Ş ş      Щ щ → Şş şş
    Ъ ъ → (none)   Ы ы → Y y      І і → I ı      Ь ь → (none)   Э э → E e
    Ю ю → İu iu    Я я → İa ia

A capital that becomes two letters is title case ("Юлия" → "İuliia") unless the word around it
is in capitals ("ЮНЕСКО" → "İUNESKO"). Capitals are written out here rather than made with
str.upper(), which knows nothing of Turkic dotted and dotless i: by this alphabet the capital
of i is İ and the capital of ı is I.
"""

import re

_LOWER: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

_TURKIC_CAPITAL = {"i": "İ", "ı": "I"}


def _capital(latin: str) -> str:
    """The title-case form of a Latin letter or digraph, with Turkic i and ı."""
    head = latin[:1]
    return _TURKIC_CAPITAL.get(head, head.upper()) + latin[1:]


CYRILLIC_TO_LATIN: dict[str, str] = {
    **_LOWER,
    **{cyrillic.upper(): _capital(latin) for cyrillic, latin in _LOWER.items()},
}


def _in_capitals(text: str, index: int) -> bool:
    """Whether the capital at text[index] stands in an all-caps run: the next letter decides,
    or, at the end of a word, the letter before."""
    after = text[index + 1 : index + 2]
    if after.isupper() or after.islower():
        return after.isupper()
    return text[index - 1 : index].isupper() if index else False


def to_latin(text: str) -> str:
    """Transliterate Kazakh Cyrillic in text; anything else is kept as it is."""
    out: list[str] = []
    for index, char in enumerate(text):
        latin = CYRILLIC_TO_LATIN.get(char)
        if latin is None:
            out.append(char)
        elif len(latin) > 1 and char.isupper() and _in_capitals(text, index):
            out.append(latin[0] + latin[1:].upper())
        else:
            out.append(latin)
    return "".join(out)


# Comments, doctypes, processing instructions and the whole of <script> and <style> elements
# are kept as they are; other tags are kept except for the values of alt and title.
_HTML_TOKEN = re.compile(
    r"""<!--.*?-->
      | <(?P<raw>script|style)\b.*?</(?P=raw)\s*>
      | <[!?][^>]*>
      | </?[a-zA-Z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>""",
    re.DOTALL | re.IGNORECASE | re.VERBOSE,
)
_TAG_NAME = re.compile(r"</?[^\s/>]+")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_TRANSLATED_ATTRIBUTES = frozenset({"alt", "title"})


def _attribute(match: re.Match[str]) -> str:
    name, equals, value = match.groups()
    if name.lower() in _TRANSLATED_ATTRIBUTES:
        value = to_latin(value)
    return name + equals + value


def _tag(tag: str) -> str:
    """A start or end tag with its name kept and only alt and title values transliterated."""
    name = _TAG_NAME.match(tag)
    if name is None:
        return tag
    return name.group() + _ATTRIBUTE.sub(_attribute, tag[name.end() :])


def to_latin_html(html: str) -> str:
    """Transliterate the text of an HTML fragment and its alt and title values only.

    Tag and attribute names, other attribute values (href, src, class, data-*), comments,
    scripts and styles stay byte for byte. Entities survive: they are ASCII, which
    transliteration never changes.
    """
    out: list[str] = []
    position = 0
    for match in _HTML_TOKEN.finditer(html):
        out.append(to_latin(html[position : match.start()]))
        token = match.group()
        out.append(token if match.group("raw") or token[1] in "!?" else _tag(token))
        position = match.end()
    out.append(to_latin(html[position:]))
    return "".join(out)
