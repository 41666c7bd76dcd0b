"""Embeds: a link to a video or a post alone on its line, kept as a block readers load on click.

A body paragraph holding nothing but a link to a YouTube video, a Telegram post, an X post, an
Instagram post or reel or a VK video (as text, or as a link whose text is its address: what
CKEditor makes of a pasted URL) becomes an embed, as WordPress auto-embeds do. The provider and
the id come from the address alone, by the strict patterns below: no network call.

Stored form (made here and nowhere else; the sanitizer strips `class` and `data-*` from
anything posted, so a block is always derived again from its link):

    <figure class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ"><a
    href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">https://www.
    youtube.com/watch?v=dQw4w9WgXcQ</a></figure>

The link is the post's canonical address, rebuilt from the parts the patterns let through
(letters, digits, `_`, `-`), never the address as posted: nothing a reporter types reaches an
attribute but those parts. Readers' pages turn the blocks into click-to-load placeholders
(`replace_blocks`); feeds and partners get the link alone on its line (`as_links`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

PROVIDERS = ("youtube", "telegram", "x", "instagram", "vk")

# What each provider's player is loaded from: a page showing its embeds opens `frame-src` to
# these origins only (articles/http/security.py). VK's player may move the frame to vkvideo.ru.
FRAME_ORIGINS: dict[str, tuple[str, ...]] = {
    "youtube": ("https://www.youtube-nocookie.com",),
    "telegram": ("https://t.me",),
    "x": ("https://platform.twitter.com",),
    "instagram": ("https://www.instagram.com",),
    "vk": ("https://vk.com", "https://vkvideo.ru"),
}


@dataclass(frozen=True)
class Embed:
    provider: str  # one of PROVIDERS
    id: str  # the provider's id, made only of [A-Za-z0-9_/-] (see the patterns)
    url: str  # the post's canonical address, built from the parts above

    @property
    def player_url(self) -> str:
        """The address of the provider's own player or post page, loaded in an iframe."""
        return _PLAYERS[self.provider](self.id)


# ---- addresses --------------------------------------------------------------------------

# Characters an address of these providers is written with. Anything else (quotes, spaces,
# backslashes, `<`, `@` of a user name before the host, non-ASCII look-alikes) is refused
# before the address is split, so that no parser's leniency decides what it means.
_URL_CHARACTERS = re.compile(r"https?://[A-Za-z0-9._~:/?#!$&*+,;=%-]+")
_YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com",
                            "music.youtube.com", "www.youtube-nocookie.com"})  # fmt: skip
_YOUTUBE_PATH = re.compile(rf"/(?:shorts|live|embed)/{_YOUTUBE_ID}/?")
_YOUTUBE_SHORT = re.compile(rf"/{_YOUTUBE_ID}/?")  # youtu.be/<id>
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me"})
# A public channel's post (t.me/s/<channel>/<n> is its web preview). Channel names are 4-32
# letters, digits and underscores, from a letter; t.me's own pages are not channels.
_TELEGRAM_PATH = re.compile(
    r"/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})/(?P<post>[0-9]{1,12})/?"
)
_TELEGRAM_PAGES = frozenset({"addemoji", "addlist", "addstickers", "addtheme", "boost",
                             "confirmphone", "contact", "invoice", "joinchat", "login",
                             "proxy", "setlanguage", "share", "socks"})  # fmt: skip
_X_HOSTS = frozenset({"x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com",
                      "mobile.twitter.com"})  # fmt: skip
_X_PATH = re.compile(
    r"/(?:(?P<user>[A-Za-z0-9_]{1,15})|i/web)/status(?:es)?/(?P<id>[0-9]{1,20})"
    r"(?:/(?:photo|video)/[1-4])?/?"
)
_INSTAGRAM_HOSTS = frozenset({"instagram.com", "www.instagram.com"})
_INSTAGRAM_PATH = re.compile(r"/(?P<kind>p|reels?|tv)/(?P<code>[A-Za-z0-9_-]{5,40})/?")
_VK_HOSTS = frozenset({"vk.com", "www.vk.com", "m.vk.com", "vk.ru", "vkvideo.ru",
                       "www.vkvideo.ru", "m.vkvideo.ru"})  # fmt: skip
_VK_PATH = re.compile(r"/video(?P<oid>-?[0-9]{1,19})_(?P<id>[0-9]{1,19})/?")

# What a stored id looks like, per provider: checked again whenever a block is read back.
_STORED_ID = {
    "youtube": re.compile(r"[A-Za-z0-9_-]{11}"),
    "telegram": re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}/[0-9]{1,12}"),
    "x": re.compile(r"[0-9]{1,20}"),
    "instagram": re.compile(r"[A-Za-z0-9_-]{5,40}"),
    "vk": re.compile(r"-?[0-9]{1,19}_[0-9]{1,19}"),
}

_PLAYERS: dict[str, Callable[[str], str]] = {
    "youtube": lambda id: f"https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
    "telegram": lambda id: f"https://t.me/{id}?embed=1",
    "x": lambda id: f"https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
    "instagram": lambda id: f"https://www.instagram.com/p/{id}/embed/",
    "vk": lambda id: "https://vk.com/video_ext.php?oid={}&id={}".format(*id.split("_")),
}


def parse(url: str) -> Embed | None:
    """The embed an address names, or None if it is not one of the forms above."""
    if not _URL_CHARACTERS.fullmatch(url):
        return None
    parts = urlsplit(url)
    host = parts.netloc.lower()  # no user name (refused above), no port: the host itself
    path = parts.path
    if host in _YOUTUBE_HOSTS:
        if path == "/watch":
            ids = parse_qs(parts.query).get("v", [])
            video = ids[0] if len(ids) == 1 and re.fullmatch(_YOUTUBE_ID, ids[0]) else None
        else:
            match = _YOUTUBE_PATH.fullmatch(path)
            video = match and match["id"]
        return _youtube(video) if video else None
    if host == "youtu.be":
        match = _YOUTUBE_SHORT.fullmatch(path)
        return _youtube(match["id"]) if match else None
    if host in _TELEGRAM_HOSTS:
        match = _TELEGRAM_PATH.fullmatch(path)
        if not match or match["channel"].lower() in _TELEGRAM_PAGES:
            return None
        id = f"{match['channel']}/{match['post']}"
        return Embed("telegram", id, f"https://t.me/{id}")
    if host in _X_HOSTS:
        match = _X_PATH.fullmatch(path)
        if not match:
            return None
        user = match["user"] or "i"
        return Embed("x", match["id"], f"https://x.com/{user}/status/{match['id']}")
    if host in _INSTAGRAM_HOSTS:
        match = _INSTAGRAM_PATH.fullmatch(path)
        if not match:
            return None
        kind = {"reels": "reel"}.get(match["kind"], match["kind"])
        code = match["code"]
        return Embed("instagram", code, f"https://www.instagram.com/{kind}/{code}/")
    if host in _VK_HOSTS:
        match = _VK_PATH.fullmatch(path)
        if not match:
            return None
        id = f"{match['oid']}_{match['id']}"
        return Embed("vk", id, f"https://vk.com/video{id}")
    return None


def _youtube(video: str) -> Embed:
    return Embed("youtube", video, f"https://www.youtube.com/watch?v={video}")


# ---- the sanitizer's pass ----------------------------------------------------------------

# On nh3's output: attributes double-quoted, `"`, `<` and `>` escaped inside them; `<` escaped
# in text. A paragraph or figure holding text, at most one link, and line breaks: whether it
# holds only an address is decided in `_candidate_embed`. Possessive quantifiers: each part
# stops at the first `<` and never gives back, so a long paragraph costs one pass.
_ATTRIBUTES = r'(?:\s[a-z][a-z0-9-]*+="[^"]*+")*+'
_CANDIDATE = re.compile(
    rf"<(?P<tag>p|figure){_ATTRIBUTES}>(?P<before>[^<]*+)"
    rf"(?:<a(?P<link>{_ATTRIBUTES})>(?P<text>[^<]*+)</a>)?+"
    rf"(?P<after>[^<]*+(?:<br>[^<]*+)*+)</(?P=tag)>"
)
_HREF = re.compile(r'\shref="([^"]*)"')
_BLANK = re.compile(r"(?:\s|&nbsp;|<br>)*+")


def block(embed: Embed) -> str:
    """The stored form of an embed."""
    url = html.escape(embed.url)
    return (
        f'<figure class="embed" data-embed-provider="{embed.provider}" '
        f'data-embed-id="{html.escape(embed.id)}"><a href="{url}" rel="noopener noreferrer">'
        f"{url}</a></figure>"
    )


def _text(escaped: str) -> str:
    return html.unescape(escaped).strip().strip("\xa0").strip()


def _candidate_embed(match: re.Match[str]) -> Embed | None:
    if not _BLANK.fullmatch(match["after"]):
        return None
    if match["link"] is None:
        return parse(_text(match["before"])) if match["tag"] == "p" else None
    href = _HREF.search(match["link"])
    if href is None or not _BLANK.fullmatch(match["before"]):
        return None
    address, text = html.unescape(href.group(1)), _text(match["text"])
    if text not in (address, address.removeprefix("https://"), address.removeprefix("http://")):
        return None  # a link with words of its own stays a link
    return parse(address)


def make_blocks(cleaned: str) -> str:
    """`cleaned` (nh3's output) with every paragraph or figure that holds only an embeddable
    address replaced by its embed block. Figures posted as embed blocks arrive here stripped
    of their attributes and are derived again from their link; anything else is kept."""
    if "http" not in cleaned:
        return cleaned

    def replace(match: re.Match[str]) -> str:
        embed = _candidate_embed(match)
        return block(embed) if embed else match.group()

    return _CANDIDATE.sub(replace, cleaned)


# ---- reading stored blocks ---------------------------------------------------------------

_STORED = re.compile(
    r'<figure class="embed" data-embed-provider="(?P<provider>[a-z]+)" '
    r'data-embed-id="(?P<id>[^"]*)"><a href="(?P<href>[^"]*)" rel="noopener noreferrer">'
    r"[^<]*</a></figure>"
)


def _stored(match: re.Match[str]) -> Embed | None:
    """The embed of a stored block, if its link still names exactly its provider and id."""
    embed = parse(html.unescape(match["href"]))
    if embed is None or (embed.provider, embed.id) != (match["provider"], match["id"]):
        return None
    return embed if _STORED_ID[embed.provider].fullmatch(embed.id) else None


def has_blocks(body: str) -> bool:
    return 'data-embed-provider="' in (body or "")


def replace_blocks(body: str, render: Callable[[Embed], str]) -> str:
    """`body` with each stored embed block replaced by `render(embed)`. A block whose link
    does not name its provider and id (not written by the sanitizer) is left as it is."""
    if not has_blocks(body):
        return body or ""

    def replace(match: re.Match[str]) -> str:
        embed = _stored(match)
        return match.group() if embed is None else render(embed)

    return _STORED.sub(replace, body)


def as_links(body: str) -> str:
    """`body` with each embed as the link alone on its line (what feeds and partners get:
    their own systems embed such a line, or show the link)."""

    def link(embed: Embed) -> str:
        url = html.escape(embed.url)
        return f'<p><a href="{url}" rel="noopener noreferrer">{url}</a></p>'

    return replace_blocks(body, link)


# An embed in a page, stored or as readers' placeholder: `<figure class="embed…"` first, then
# its provider. Text cannot forge it: `<` is escaped in text, `"` inside attribute values.
_IN_PAGE = re.compile(rb'<figure class="embed(?: [a-z_-]+)*" data-embed-provider="([a-z]+)"')


# An open live page, whose script adds updates (and their embeds) after the page loaded: any
# provider may come. The attribute is ours (templates/includes/live_updates.html); a body
# cannot forge it, for the same reasons as above.
_LIVE_PAGE = re.compile(rb'<section class="live" id="live-updates"[^>]* data-live-open[ >]')


def frame_origins(page: bytes) -> list[str]:
    """The origins the players of the embeds in a rendered `page` are loaded from (every
    provider's on an open live page, whose later updates may bring any)."""
    if _LIVE_PAGE.search(page):
        return [origin for provider in PROVIDERS for origin in FRAME_ORIGINS[provider]]
    found = set(_IN_PAGE.findall(page))
    return [
        origin
        for provider in PROVIDERS
        if provider.encode() in found
        for origin in FRAME_ORIGINS[provider]
    ]
