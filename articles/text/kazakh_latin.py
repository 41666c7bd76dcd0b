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


# The letters of the alphabet with a diacritic, as their base letter: what slugs and the search
# index of the Latin edition spell (a reader types "Ozbekstan" as often as "Özbekstan").
_ASCII_FOLD = str.maketrans(
    {"ä": "a", "Ä": "A", "ğ": "g", "Ğ": "G", "ñ": "n", "Ñ": "N", "ö": "o", "Ö": "O",
     "ū": "u", "Ū": "U", "ü": "u", "Ü": "U", "ş": "s", "Ş": "S", "ç": "c", "Ç": "C",
     "ı": "i", "İ": "I"}
)  # fmt: skip


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


def to_ascii_latin(text: str) -> str:
    """`to_latin`, with the letters that carry a diacritic as their base letter (ä → a,
    ş → s, ı → i): "Өнеркәсіптік" gives "Onerkasiptik". Other Latin text is kept as it is."""
    return to_latin(text).translate(_ASCII_FOLD)


# Comments, doctypes, processing instructions and the whole of <script> and <style> elements
# are kept as they are, but for the strings of JSON-LD; other tags are kept except for the
# values of the attributes readers see or hear (alt, title...), of a <meta>'s content and an
# <input>'s value and of data-* attributes (not addresses), and a Kazakh `lang`, which becomes
# kk-Latn.
_HTML_TOKEN = re.compile(
    r"""<!--.*?-->
      | <(?P<raw>script|style)\b(?P<open>(?:"[^"]*"|'[^']*'|[^'">])*)>.*?</(?P=raw)\s*>
      | <[!?][^>]*>
      | </?[a-zA-Z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>""",
    re.DOTALL | re.IGNORECASE | re.VERBOSE,
)
_TAG_NAME = re.compile(r"</?[^\s/>]+")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_TRANSLATED_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "label"})
# Every data-* value but an address is text too: scripts show some to readers (live.js's
# "New updates: 3 — show them" from data-live-new), and the rest are ids, numbers and
# names in ASCII, which transliteration leaves as they are. All of them rather than a list
# or a naming convention, so that a new attribute cannot be forgotten.
_DATA_ATTRIBUTE = "data-"
# Values that are text in these elements only (<meta name="description" content="...">).
_TRANSLATED_IN = {"meta": "content", "input": "value"}
_LATIN_LANG = {"kk": "kk-Latn"}
_JSON_LD = re.compile(r"""\btype\s*=\s*["']?application/ld\+json""", re.IGNORECASE)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_ADDRESS = re.compile(r"""["']?(?:https?:|mailto:|tel:|/)""", re.IGNORECASE)


def _json_string(match: re.Match[str]) -> str:
    """A JSON string in Latin, unless it is an address (a URL or a path)."""
    string = match.group()
    return string if _ADDRESS.match(string) else to_latin(string)


def _tag(tag: str) -> str:
    """A start or end tag with its name kept and only the text of its attributes (see
    _HTML_TOKEN) transliterated."""
    name = _TAG_NAME.match(tag)
    if name is None:
        return tag
    element = name.group().lstrip("</").lower()

    def attribute(match: re.Match[str]) -> str:
        attribute_name, equals, value = match.groups()
        attribute_name = attribute_name.lower()
        if attribute_name == "lang":
            unquoted = value.strip("'\"")
            if unquoted in _LATIN_LANG:
                value = value.replace(unquoted, _LATIN_LANG[unquoted])
        elif attribute_name in _TRANSLATED_ATTRIBUTES or (
            (
                _TRANSLATED_IN.get(element) == attribute_name
                or attribute_name.startswith(_DATA_ATTRIBUTE)
            )
            and not _ADDRESS.match(value)
        ):
            value = to_latin(value)
        return match.group(1) + equals + value

    return name.group() + _ATTRIBUTE.sub(attribute, tag[name.end() :])


def _raw(match: re.Match[str]) -> str:
    """A script or style kept as it is, but for the strings of JSON-LD."""
    token = match.group()
    if match.group("raw").lower() != "script" or not _JSON_LD.search(match.group("open")):
        return token
    body = match.end("open") + 1 - match.start()  # after the start tag's ">"
    return token[:body] + _JSON_STRING.sub(_json_string, token[body:])


def to_latin_html(html: str) -> str:
    """Transliterate the text of an HTML fragment, the attributes readers see, <meta> content,
    data-* values (scripts show them) and JSON-LD strings; a Kazakh `lang` becomes kk-Latn.

    Tag and attribute names, addresses (href, src, URLs in <meta>, data-* and JSON-LD), other
    attribute values (class, id...), comments, scripts and styles stay byte for byte.
    Entities survive: they are ASCII, which transliteration never changes.
    """
    out: list[str] = []
    position = 0
    for match in _HTML_TOKEN.finditer(html):
        out.append(to_latin(html[position : match.start()]))
        token = match.group()
        if match.group("raw"):
            out.append(_raw(match))
        else:
            out.append(token if token[1] in "!?" else _tag(token))
        position = match.end()
    out.append(to_latin(html[position:]))
    return "".join(out)
