"""The Latin-script Kazakh edition: Cyrillic → Latin after the official 2021 alphabet.

None of these tests touches the database.
"""

import pytest

from articles.text.kazakh_latin import CYRILLIC_TO_LATIN, to_ascii_latin, to_latin, to_latin_html

# Written out by hand, not derived from the module, so that a slip there shows up here.
LETTERS = [
    ("А", "A"), ("а", "a"), ("Ә", "Ä"), ("ә", "ä"), ("Б", "B"), ("б", "b"),
    ("В", "V"), ("в", "v"), ("Г", "G"), ("г", "g"), ("Ғ", "Ğ"), ("ғ", "ğ"),
    ("Д", "D"), ("д", "d"), ("Е", "E"), ("е", "e"), ("Ё", "İo"), ("ё", "io"),
    ("Ж", "J"), ("ж", "j"), ("З", "Z"), ("з", "z"), ("И", "İ"), ("и", "i"),
    ("Й", "İ"), ("й", "i"), ("К", "K"), ("к", "k"), ("Қ", "Q"), ("қ", "q"),
    ("Л", "L"), ("л", "l"), ("М", "M"), ("м", "m"), ("Н", "N"), ("н", "n"),
    ("Ң", "Ñ"), ("ң", "ñ"), ("О", "O"), ("о", "o"), ("Ө", "Ö"), ("ө", "ö"),
    ("П", "P"), ("п", "p"), ("Р", "R"), ("р", "r"), ("С", "S"), ("с", "s"),
    ("Т", "T"), ("т", "t"), ("У", "U"), ("у", "u"), ("Ұ", "Ū"), ("ұ", "ū"),
    ("Ү", "Ü"), ("ү", "ü"), ("Ф", "F"), ("ф", "f"), ("Х", "H"), ("х", "h"),
    ("Һ", "H"), ("һ", "h"), ("Ц", "Ts"), ("ц", "ts"), ("Ч", "Ç"), ("ч", "ç"),
    ("Ш", "Ş"), ("ш", "ş"), ("Щ", "Şş"), ("щ", "şş"), ("Ъ", ""), ("ъ", ""),
    ("Ы", "Y"), ("ы", "y"), ("І", "I"), ("і", "ı"), ("Ь", ""), ("ь", ""),
    ("Э", "E"), ("э", "e"), ("Ю", "İu"), ("ю", "iu"), ("Я", "İa"), ("я", "ia"),
]  # fmt: skip


def test_the_table_covers_all_42_kazakh_letters_in_both_cases_and_nothing_else():
    assert len(LETTERS) == 84
    assert set(CYRILLIC_TO_LATIN) == {cyrillic for cyrillic, _ in LETTERS}


@pytest.mark.parametrize(("cyrillic", "latin"), LETTERS)
def test_each_letter_standing_alone_becomes_its_2021_latin_form(cyrillic, latin):
    assert CYRILLIC_TO_LATIN[cyrillic] == latin
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан", "Qazaqstan"),
        ("өнеркәсіптік", "önerkäsıptık"),
        ("Республикасы", "Respublikasy"),
        ("Шығыс", "Şyğys"),
        ("Ұшқыр", "Ūşqyr"),
        ("үйіне", "üiıne"),
        ("Абай", "Abai"),
        ("Алматы", "Almaty"),
        ("Жаңалықтар", "Jañalyqtar"),
        ("Өскемен", "Öskemen"),
        ("Һәм", "Häm"),
        ("Шымкент", "Şymkent"),
        ("Щучинск", "Şşuçinsk"),
        ("Цирк", "Tsirk"),
        ("Съезд", "Sezd"),
        ("пьеса", "pesa"),
        ("Ёлка", "İolka"),
        ("экономика", "ekonomika"),
        ("Юлия", "İuliia"),
        ("Азия", "Aziia"),
    ],
)
def test_whole_words_are_spelt_letter_by_letter(cyrillic, latin):
    assert to_latin(cyrillic) == latin


def test_a_sentence_keeps_its_guillemets_dashes_digits_and_spacing():
    sentence = "«Қазақстан — Орталық Азиядағы мемлекет», деді ол 2025 жылы.\n\tБұл — шындық!"
    assert to_latin(sentence) == (
        "«Qazaqstan — Ortalyq Aziiadağy memleket», dedı ol 2025 jyly.\n\tBūl — şyndyq!"
    )


def test_latin_text_digits_and_punctuation_pass_through_untouched():
    text = "Wi-Fi, COVID-19 & iPhone 15 Pro: 3,5 % (±0.1) „ok“ … [x] {y} @kz #news"
    assert to_latin(text) == text


def test_i_letters_follow_the_2021_alphabet_not_turkish_or_english_casing():
    assert to_latin("Ірі Ыстық Ийе") == "Irı Ystyq İie"
    assert to_latin("ІРІ ЫСТЫҚ") == "IRI YSTYQ"


def test_a_word_in_capitals_stays_in_capitals():
    assert to_latin("ҚАЗАҚСТАН ЖӘНЕ ӨЗБЕКСТАН") == "QAZAQSTAN JÄNE ÖZBEKSTAN"


def test_a_capital_digraph_is_title_case_before_a_small_letter():
    assert to_latin("Юрий Цой Щорс Ёж Янтарь") == "İurii Tsoi Şşors İoj İantar"


def test_a_capital_digraph_is_all_caps_inside_a_word_in_capitals():
    assert to_latin("ЮНЕСКО") == "İUNESKO"
    assert to_latin("ЦСКА мен ЯНВАРЬ") == "TSSKA men İANVAR"


def test_a_capital_digraph_at_the_end_of_a_word_takes_the_case_of_the_letter_before():
    assert to_latin("ТОЩ") == "TOŞŞ"
    assert to_latin("«Ю»") == "«İu»"


def test_an_empty_string_stays_empty():
    assert to_latin("") == ""
    assert to_latin_html("") == ""


def test_html_link_text_changes_but_the_href_does_not():
    html = '<a href="/kk/news/ушқыр/">Ұшқыр</a>'
    assert to_latin_html(html) == '<a href="/kk/news/ушқыр/">Ūşqyr</a>'


def test_html_alt_title_and_data_values_are_transliterated_but_other_attributes_are_not():
    html = (
        '<img src="/media/қала.jpg" alt="Алматы таңертең" title=\'Қала\' '
        'class="сурет" id="қала" data-ақпарат="мән" data-note="alt=Ас">'
    )
    assert to_latin_html(html) == (
        '<img src="/media/қала.jpg" alt="Almaty tañerteñ" title=\'Qala\' '
        'class="сурет" id="қала" data-ақпарат="män" data-note="alt=As">'
    )


def test_html_data_values_a_script_shows_are_latin_but_data_addresses_are_not():
    html = (
        '<section data-live-new="Жаңа жаңалықтар: %(count)s" data-live-after="12" '
        'data-live-endpoint="/kk-latn/news/қала/updates/" '
        'data-embed-src="https://example.kz/қала" data-live-open>'
    )
    assert to_latin_html(html) == (
        '<section data-live-new="Jaña jañalyqtar: %(count)s" data-live-after="12" '
        'data-live-endpoint="/kk-latn/news/қала/updates/" '
        'data-embed-src="https://example.kz/қала" data-live-open>'
    )


def test_html_unquoted_and_upper_case_alt_and_title_are_transliterated_too():
    html = "<IMG ALT=Астана TITLE = Елорда>"
    assert to_latin_html(html) == "<IMG ALT=Astana TITLE = Elorda>"


def test_html_entities_survive_in_text_and_in_attributes():
    html = '<p title="&laquo;Абай&raquo;">&laquo;Абай&raquo;&nbsp;&mdash; 5 &lt; 6 &#171;</p>'
    assert to_latin_html(html) == (
        '<p title="&laquo;Abai&raquo;">&laquo;Abai&raquo;&nbsp;&mdash; 5 &lt; 6 &#171;</p>'
    )


def test_html_nested_tags_keep_their_structure():
    html = "<p>Бүгін <strong>Астанада</strong> <em>жаңбыр</em> жауады.<br/></p>"
    assert to_latin_html(html) == (
        "<p>Bügın <strong>Astanada</strong> <em>jañbyr</em> jauady.<br/></p>"
    )


def test_html_comments_scripts_and_styles_are_left_alone():
    html = (
        "<!-- Жаңалық --><script>var t = 'Сәлем';</script>"
        '<style>p::before { content: "ә"; }</style><p>Сәлем</p>'
    )
    assert to_latin_html(html) == (
        "<!-- Жаңалық --><script>var t = 'Сәлем';</script>"
        '<style>p::before { content: "ә"; }</style><p>Sälem</p>'
    )


def test_html_a_stray_less_than_sign_is_text_not_a_tag():
    assert to_latin_html("5 < 6 және 7 > 3") == "5 < 6 jäne 7 > 3"


def test_html_a_greater_than_sign_inside_an_attribute_does_not_end_the_tag():
    html = '<a href="/іздеу?q=a>b" title="Іздеу">Іздеу</a>'
    assert to_latin_html(html) == '<a href="/іздеу?q=a>b" title="Izdeu">Izdeu</a>'


def test_ascii_latin_drops_the_diacritics_of_the_alphabet_only():
    assert to_ascii_latin("Өнеркәсіптік Шымкент, Ұлытау, Жаңаөзен") == (
        "Onerkasiptik Symkent, Ulytau, Janaozen"
    )
    assert to_ascii_latin("Ирина Ізбасарова") == "Irina Izbasarova"
    assert to_ascii_latin("café Özbekstan") == "café Ozbekstan"


def test_html_meta_content_is_transliterated_but_a_meta_address_is_not():
    html = (
        '<meta name="description" content="Жаңа орталық">'
        '<meta property="og:url" content="https://example.kz/kk/news/қала/">'
        '<meta property="og:image" content="/media/қала.jpg">'
        '<link rel="alternate" href="/kk/" content="Қала">'
    )
    assert to_latin_html(html) == (
        '<meta name="description" content="Jaña ortalyq">'
        '<meta property="og:url" content="https://example.kz/kk/news/қала/">'
        '<meta property="og:image" content="/media/қала.jpg">'
        '<link rel="alternate" href="/kk/" content="Қала">'
    )


def test_html_what_readers_see_or_hear_in_attributes_is_transliterated():
    html = '<input type="search" name="q" value="Абай" placeholder="Іздеу" aria-label="Іздеу">'
    assert to_latin_html(html) == (
        '<input type="search" name="q" value="Abai" placeholder="Izdeu" aria-label="Izdeu">'
    )


def test_html_a_kazakh_lang_becomes_kk_latn_and_others_stay():
    html = '<article lang="kk"><p lang=ru>Привет</p><a hreflang="kk" href="/kk/">Қаз</a>'
    assert to_latin_html(html) == (
        '<article lang="kk-Latn"><p lang=ru>Privet</p><a hreflang="kk" href="/kk/">Qaz</a>'
    )


def test_html_json_ld_strings_are_transliterated_but_its_addresses_are_not():
    html = (
        '<script type="application/ld+json">{"headline": "Абай \\"ақын\\"", '
        '"url": "https://example.kz/kk/news/абай/", "image": {"caption": "Қала"}}</script>'
        "<script>var t = 'Сәлем';</script>"
    )
    assert to_latin_html(html) == (
        '<script type="application/ld+json">{"headline": "Abai \\"aqyn\\"", '
        '"url": "https://example.kz/kk/news/абай/", "image": {"caption": "Qala"}}</script>'
        "<script>var t = 'Сәлем';</script>"
    )
