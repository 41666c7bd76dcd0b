"""Template helpers of the reader's site: responsive pictures, search highlights, embeds."""

import json

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from articles import search
from articles.http import site_address
from articles.i18n import content_language, hreflang
from articles.text import embeds, links

register = template.Library()
# No replacement contains <, > or &: replacing one after the other escapes each once.
_JSON_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


@register.filter
def ld_json(data) -> str:
    """A JSON-LD <script> body: JSON with <, > and & escaped so it cannot end the script.

    Three `str.replace` calls rather than `str.translate`, which looks every character up
    in its mapping: on a page's Cyrillic JSON that is many times slower (docs/benchmarks.md)."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    for character, escaped in _JSON_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(text)  # noqa: S308 - json.dumps output with HTML-significant characters escaped


@register.filter
def news_time(moment) -> str:
    """When a piece came out, as a list of the latest news says it in the reader's time zone
    and language: the time alone today, with the day before («2 декабря, 14:30»), and with
    the year too in another year."""
    if not moment:
        return ""
    local, today = timezone.localtime(moment), timezone.localdate()
    if local.date() == today:
        return formats.time_format(local, "TIME_FORMAT")
    day = "MONTH_DAY_FORMAT" if local.year == today.year else "DATE_FORMAT"
    # Translators: a day and a time in the latest news, e.g. «2 декабря, 14:30».
    return pgettext("day and time", "%(day)s, %(time)s") % {
        "day": formats.date_format(local, day),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


@register.filter
def absolute_url(path: str) -> str:
    """A site path on the configured site address (never the request's Host)."""
    return site_address.absolute(path)


@register.simple_tag
def page_url(view_name: str) -> str:
    """`{% url view_name %}` for a view without arguments, in the active language: the
    header's links on every page, without walking the URL resolver each time."""
    return links.page_url(view_name)


@register.simple_tag
def photo_credit(photo, language: str):
    """The credit as printed under a photo on a page in `language`: the page's label
    («Фото:», «Сурет:», «Photo:») unless the credit carries its own, and the credit, marked
    with `lang` when only another language has one."""
    if photo is None:
        return ""
    language = content_language(language)
    label, credit = photo.credit_parts(language)
    if not credit:
        return ""
    if credit.language != language:
        return format_html('{}<span lang="{}">{}</span>', label, hreflang(credit.language),
                           credit.text)  # fmt: skip
    return f"{label}{credit.text}"


@register.filter
def marked(text):
    """Search result text with the engine's matches as <mark> (everything else escaped)."""
    return search.marked(text)


def _srcsets(renditions) -> dict[str, str]:
    """One `srcset` per format, each rendition's URL asked of the storage once."""
    sets: dict[str, list[str]] = {}
    for r in renditions:
        sets.setdefault(r["format"], []).append(f"{default_storage.url(r['name'])} {r['width']}w")
    return {image_format: ", ".join(entries) for image_format, entries in sets.items()}


@register.simple_tag
def picture(photo, kind: str = "hero", sizes: str = "100vw", loading: str = "lazy", alt=None):
    """A <picture> with WebP and JPEG `srcset`s, explicit size (no layout shift) and alt text.

    `kind` "card" uses the 16:9 crop around the photo's focal point; "hero" the whole image.
    Falls back to the original file for photos without renditions.
    """
    if photo is None or not photo.image:
        return ""
    renditions = photo.card_renditions if kind == "card" else photo.renditions
    # The page's alt text, or another language's said to be so (`lang`): never none.
    lang = ""
    if alt is None:
        language = content_language()
        alt, written = photo.alt_in(language)
        if written and written != language:
            lang = format_html(' lang="{}"', hreflang(written))
    if not renditions:
        return format_html(
            '<img src="{}" alt="{}"{} width="{}" height="{}" loading="{}" decoding="async">',
            photo.image.url, alt, lang, photo.width, photo.height, loading,
        )  # fmt: skip
    jpegs = [r for r in renditions if r["format"] == "jpeg"] or renditions
    largest = max(jpegs, key=lambda r: r["width"])
    middle = sorted(jpegs, key=lambda r: r["width"])[len(jpegs) // 2]
    srcsets = _srcsets(renditions)
    sources = format_html_join(
        "",
        '<source type="image/{}" srcset="{}" sizes="{}">',
        ((fmt, srcsets[fmt], sizes) for fmt in ("webp",) if srcsets.get(fmt)),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" alt="{}"{} width="{}" height="{}" '
        'loading="{}" decoding="async"></picture>',
        sources,
        default_storage.url(middle["name"]),
        srcsets[largest["format"]],
        sizes,
        alt,
        lang,
        largest["width"],
        largest["height"],
        loading,
    )


# ---- embeds ------------------------------------------------------------------------------

# Brand names are not translated; what kind of post each is, is.
_PROVIDER_NAMES = {"youtube": "YouTube", "telegram": "Telegram", "x": "X",
                   "instagram": "Instagram", "vk": "VK"}  # fmt: skip


def _embed_kind(provider: str) -> str:
    return {
        "youtube": gettext("YouTube video"),
        "telegram": gettext("Telegram post"),
        "x": gettext("X post"),
        "instagram": gettext("Instagram post"),
        "vk": gettext("VK video"),
    }[provider]


def _embed_placeholder(embed: embeds.Embed) -> str:
    """What readers get in place of an embed until they ask for it: the kind of post (the
    figure's caption), what loading it means and a Load button (hidden until
    static/newsroom/embeds.js shows them; it puts the player from `data-embed-src` in their
    place), and the link to the post, which is all a reader without JavaScript needs.
    Nothing here makes the browser ask a third party."""
    provider = _PROVIDER_NAMES[embed.provider]
    kind = _embed_kind(embed.provider)
    return format_html(
        '<figure class="embed embed--{}" data-embed-provider="{}" data-embed-src="{}">'
        '<figcaption class="embed__kind">{}</figcaption>'
        '<div class="embed__placeholder" hidden><p class="embed__notice">{}</p>'
        '<button class="embed__load" type="button" aria-label="{}">{}</button></div>'
        '<p class="embed__source"><a href="{}" rel="noopener noreferrer">{}</a></p></figure>',
        embed.provider, embed.provider, embed.player_url, kind,
        gettext("Loading shows content from %(provider)s, which may set cookies and learn "
                "that you read this page.") % {"provider": provider},
        # Translators: the name of an embed's Load button, e.g. "Load: YouTube video".
        pgettext("embed", "Load: %(kind)s") % {"kind": kind}, pgettext("embed", "Load"),
        embed.url, gettext("Open on %(provider)s") % {"provider": provider},
    )  # fmt: skip


@register.filter
def embed_placeholders(body: str) -> str:
    """A sanitized body as readers get it: each embed block (articles/text/embeds.py) as a
    click-to-load placeholder. Use it instead of `|safe` on any sanitized rich text."""
    return mark_safe(embeds.replace_blocks(body, _embed_placeholder))  # noqa: S308 - sanitized


@register.filter
def has_embeds(body: str) -> bool:
    """Whether a sanitized body holds an embed: then the page loads static/newsroom/embeds.js."""
    return embeds.has_blocks(body)


def day_and_time(moment) -> str:
    """A day and a time, as the latest news says them («2 декабря, 14:30»), whatever today
    is: a live page kept in a cache overnight says the same thing the next morning."""
    local = timezone.localtime(moment)
    return pgettext("day and time", "%(day)s, %(time)s") % {
        "day": formats.date_format(local, "MONTH_DAY_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


@register.simple_tag
def live_update(update):
    """One update of a live page, the same markup on the page and in what its script fetches.

    Written with `format_html` rather than a template include: a live page shows dozens, and
    an include costs a live page more than the rest of it (docs/benchmarks.md)."""
    language = update.article.language
    anchor = update.anchor
    parts = [
        format_html(
            '<header class="live-update__header"><a class="live-update__time" id="{}-time" '
            'href="#{}"><time datetime="{}">{}</time><span class="visually-hidden"> — {}</span>'
            "</a>{}</header>",
            anchor,
            anchor,
            timezone.localtime(update.posted_at).isoformat(),
            day_and_time(update.posted_at),
            gettext("link to this update"),
            format_html('<h3 class="live-update__title">{}</h3>', update.title)
            if update.title
            else "",
        )
    ]
    if update.body:
        parts.append(
            format_html('<div class="live-update__body">{}</div>', embed_placeholders(update.body))
        )
    if update.photo_id:
        photo = update.photo
        caption = photo.caption_in(language)
        parts.append(
            format_html(
                '<figure class="live-update__photo">{}<figcaption>{}'
                '<span class="story__credit">{}</span></figcaption></figure>',
                picture(photo, "hero", "(min-width: 46rem) 44rem, 100vw", "lazy"),
                format_html('<span class="story__caption">{}</span>', caption) if caption else "",
                photo_credit(photo, language),
            )
        )
    if update.embed_url:
        parts.append(
            format_html(
                '<div class="live-update__embed">{}</div>', embed_placeholders(update.embed_html)
            )
        )
    authors = getattr(update, "author_list", None)
    if authors is None:
        authors = list(update.authors.all())
    if authors:
        names = format_html_join(
            ", ",
            '<a href="{}" rel="author">{}</a>',
            ((author.get_absolute_url(), author.display_name(language)) for author in authors),
        )
        parts.append(format_html('<p class="live-update__authors meta">{}</p>', names))
    if update.correction:
        when = ""
        if update.corrected_at:
            when = format_html(
                ' <time datetime="{}">{}</time>',
                timezone.localtime(update.corrected_at).isoformat(),
                day_and_time(update.corrected_at),
            )
        parts.append(
            format_html(
                '<p class="live-update__correction correction"><strong>{}</strong>{}: {}</p>',
                gettext("Correction"),
                when,
                update.correction,
            )
        )
    pinned = " live-update--pinned" if update.is_pinned else ""
    return format_html(
        '<article class="live-update{}" id="{}" data-update="{}"{} aria-labelledby="{}-time">'
        "{}</article>",
        pinned,
        anchor,
        update.pk,
        mark_safe(" data-pinned") if update.is_pinned else "",
        anchor,
        mark_safe("".join(parts)),  # noqa: S308 - each part built by format_html
    )
