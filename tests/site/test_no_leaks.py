"""Nothing unpublished reaches readers or partners, on any public endpoint.

A small newsroom is built (`build_newsroom`) where each content language has one piece of
every kind: the published one readers may see, a draft, one in review, a withdrawn one and
one scheduled for later. Each carries a marker word of its own in headline, lead, body (and
caption, dateline, source, SEO fields), and the unpublished ones share everything they can
with the visible piece: section, tag, author, hero photo and, as translations, its story.
One more unpublished piece has a hero photo nobody else uses.

Then every URL pattern of the site is walked from `get_resolver()` (not a hand-made list:
a new endpoint is probed the day it is added, and one the walk cannot fill makes the test
fail), each parameter filled from the real objects, and every page requested anonymously
(the partner API also with a valid key). No response may carry an unpublished marker or the
address of the unpublished piece's photo; unpublished pieces are 404 everywhere; no 5xx.
The visible markers must be found on the pages that list them: proof that the walk reaches
the content, so a leak would be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import timezone, translation

from articles.distribution import sitemaps
from articles.models import Article, Author, Section, SlugRedirect, Tag
from tests.factories import (
    COMMON_WORD,
    CONTENT_LANGUAGES,
    SECRET_PHOTO_MARKER,
    Newsroom,
    visible_marker,
)

pytestmark = pytest.mark.django_db

READER_LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Not public by design: the admin, the editor's uploads, the language switch (a redirect
# that echoes `next`), and files (served by the web server or a CDN in production).
SKIPPED_PREFIXES = ("admin/", "ckeditor/", "i18n/", "media/", "static/")

# ---- the walk over the URL patterns ----------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One request to make: the pattern it comes from, and what it was filled with."""

    url: str
    path: str  # the URL after the language prefix (pages repeat it in their language links)
    name: str  # the URL pattern's name, with its namespace
    language: str | None  # the reader language of the prefix, if any
    kwargs: tuple = ()  # (name, value) pairs the pattern was filled with
    query: tuple = ()  # (name, value) pairs of the query string
    partner: bool = False  # with the partner key

    @property
    def params(self) -> dict:
        return dict(self.kwargs)

    @property
    def query_dict(self) -> dict:
        return dict(self.query)


_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _route_text(part) -> str:
    if isinstance(part, LocalePrefixPattern):
        return "<lang>/"
    if isinstance(part, RegexPattern):
        return part._regex.lstrip("^").rstrip("$")
    return str(part)


def url_patterns():
    """(chain of patterns, the URLPattern, full name) for every endpoint of the site."""

    def walk(patterns, chain, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, [*chain, entry.pattern], inner)
            elif isinstance(entry, URLPattern):
                yield [*chain, entry.pattern], entry, f"{namespace}{entry.name or ''}"

    yield from walk(get_resolver().url_patterns, [], "")


def is_public(chain) -> bool:
    route = "".join(_route_text(part) for part in chain)
    return not route.startswith(SKIPPED_PREFIXES)


def local_dates(newsroom: Newsroom) -> set[date]:
    """Every day any article (published or not) is dated: publication and creation."""
    days = set()
    for article in Article.objects.all():
        for moment in (article.published_at, article.created_at):
            if moment is not None:
                days.add(timezone.localdate(moment))
    return days


def parameter_values(names: list[str], route: str, newsroom: Newsroom) -> list[dict]:
    """Every way to fill the parameters `names` of `route` from the real objects."""
    names_set = set(names)
    if not names:
        return [{}]
    if names_set <= {"year", "month", "day"} and "year" in names_set:
        fields = [name for name in ("year", "month", "day") if name in names_set]
        days = local_dates(newsroom)
        combos = {tuple(getattr(day, name) for name in fields) for day in days}
        return [dict(zip(fields, combo, strict=True)) for combo in sorted(combos)]
    if names == ["slug"]:
        owner = route.split("<")[0].rstrip("/").rsplit("/", 1)[-1]
        slugs = {
            "news": [
                *Article.objects.values_list("slug", flat=True),
                *SlugRedirect.objects.values_list("slug", flat=True),
            ],
            "section": Section.objects.values_list("slug", flat=True),
            "tag": Tag.objects.values_list("slug", flat=True),
            "author": Author.objects.values_list("slug", flat=True),
        }
        if owner not in slugs:
            pytest.fail(f"The leak walk does not know how to fill <slug> in {route!r}")
        return [{"slug": slug} for slug in [*slugs[owner], f"no-such-{owner}"]]
    if names == ["section"] and "sitemap" in route:
        return [{"section": name} for name in [*sitemaps.sitemaps(), "no-such-sitemap"]]
    if names == ["pk"]:
        ids = list(Article.objects.values_list("pk", flat=True))
        return [{"pk": pk} for pk in [*ids, max(ids) + 1000]]
    pytest.fail(f"The leak walk does not know how to fill {names} in {route!r}: teach it")


def query_variants(name: str, newsroom: Newsroom) -> list[dict]:
    if name == "articles:search":
        words = [*newsroom.secret_markers, *newsroom.visible_markers, COMMON_WORD]
        return [{}, {"q": ""}] + [{"q": word} for word in words]
    if name == "api:ninjs_list":
        return [
            {},
            {"limit": "100"},
            {"since": "2000-01-01T00:00:00+05:00", "limit": "100"},
            *({"language": language, "limit": "100"} for language in CONTENT_LANGUAGES),
            *(
                {"section": slug, "limit": "100"}
                for slug in Section.objects.values_list("slug", flat=True)
            ),
        ]
    if name in {"articles:section", "articles:tag", "articles:author", "articles:home"}:
        return [{}, {"page": "2"}]
    return [{}]


def enumerate_probes(newsroom: Newsroom) -> tuple[list[Probe], list[str]]:
    """Every request of the walk, and the names of the public patterns it covers."""
    probes, covered = [], []
    for chain, _pattern, name in url_patterns():
        if not is_public(chain):
            continue
        covered.append(name)
        prefixes: list[tuple[str | None, str]] = [(None, "/")]
        rest = []
        for part in chain:
            if isinstance(part, LocalePrefixPattern):
                prefixes = []
                for language in READER_LANGUAGES:
                    with translation.override(language):
                        prefixes.append((language, "/" + part.language_prefix))
            elif isinstance(part, RoutePattern | RegexPattern):
                rest.append(part)
            else:
                pytest.fail(f"The leak walk does not know the pattern type {type(part)}")
        route = "".join(_route_text(part) for part in rest)
        converters = {}
        for part in rest:
            if isinstance(part, RegexPattern) and part.regex.groups:
                pytest.fail(f"The leak walk cannot fill the regex {route!r}: teach it")
            converters.update(getattr(part, "converters", {}))
        names = [match["name"] for match in _PARAM.finditer(route)]
        for kwargs in parameter_values(names, route, newsroom):

            def fill(match, kwargs=kwargs, converters=converters):
                return converters[match["name"]].to_url(kwargs[match["name"]])

            path = _PARAM.sub(fill, route)
            for language, prefix in prefixes:
                for query in query_variants(name, newsroom):
                    for partner in (False, True) if name.startswith("api:") else (False,):
                        probes.append(
                            Probe(
                                url=prefix + path,
                                path=path,
                                name=name,
                                language=language,
                                kwargs=tuple(kwargs.items()),
                                query=tuple(query.items()),
                                partner=partner,
                            )
                        )
    return probes, covered


def fetch(client: Client, probe: Probe, newsroom: Newsroom):
    headers = {"authorization": f"Bearer {newsroom.partner_key}"} if probe.partner else {}
    response = client.get(probe.url, probe.query_dict, follow=True, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8", errors="replace")


def without_echo(text: str, probe: Probe) -> str:
    """A response minus the places that repeat the request back to its sender.

    Every page links itself in the other reader languages (so a 404 for
    /ru/news/<slug>/ names that slug), and a search page shows the words searched for.
    Neither tells the reader anything they did not send.
    """
    if probe.path:
        text = text.replace(probe.path, "")
    query = probe.query_dict.get("q", "") if probe.name == "articles:search" else ""
    if query:
        text = re.sub(r"<title>.*?</title>", "", text, flags=re.DOTALL)
        for echo in (f'value="{query}"', f"q={quote(query)}", f"q={quote(query, safe='')}"):
            text = text.replace(echo, "")
    return text


# ---- the tests -------------------------------------------------------------------------


def test_no_public_endpoint_leaks_an_unpublished_piece(newsroom):
    # A 5xx is collected with everything else (its traceback goes to the django.request log).
    client = Client(raise_request_exception=False)
    probes, covered = enumerate_probes(newsroom)
    secret_markers = [marker.lower() for marker in newsroom.secret_markers]
    secret_paths = newsroom.secret_photo_paths
    secret_slugs = {
        slug
        for article in newsroom.unpublished.values()
        for slug in [article.slug, *article.old_slugs.values_list("slug", flat=True)]
    }
    secret_ids = {article.pk for article in newsroom.unpublished.values()}
    withdrawn_ids = {a.pk for a in newsroom.unpublished.values() if a.status == "withdrawn"}
    server_errors, leaks, reachable, found_by_search = [], [], [], []
    visible_seen: set[tuple[str, str | None, str]] = set()
    shared_photo_seen = False

    for probe in probes:
        response, text = fetch(client, probe, newsroom)
        label = f"GET {probe.url} {probe.query_dict or ''}{' (partner key)' * probe.partner}"
        if response.status_code >= 500:
            server_errors.append(f"{label} → {response.status_code}")
        query = probe.query_dict.get("q", "") if probe.name == "articles:search" else ""
        checked = without_echo(text, probe).lower()
        for marker in secret_markers:
            if marker in checked:
                leaks.append(f"{label} → {response.status_code} shows {marker!r}")
        for path in secret_paths:
            if path.lower() in checked:
                leaks.append(f"{label} → {response.status_code} links the hidden photo {path}")
        for marker in newsroom.visible_markers:
            if marker.lower() in checked:
                visible_seen.add((probe.name, probe.language, marker))
        if any(path.lower() in checked for path in newsroom.shared_photo_paths):
            shared_photo_seen = True

        params = probe.params
        hidden_page = probe.name == "articles:detail" and params["slug"] in secret_slugs
        if hidden_page and response.status_code != 404:
            reachable.append(f"{label} → {response.status_code}")
        if probe.name == "api:ninjs_detail" and params["pk"] in secret_ids:
            # A withdrawn piece is a kill notice for partners (no text: the walk checks it).
            expected = (200 if params["pk"] in withdrawn_ids else 404) if probe.partner else 401
            if response.status_code != expected:
                reachable.append(f"{label} → {response.status_code}, expected {expected}")
        if query and query.lower() in secret_markers and response.context:
            results = list(response.context["results"])
            if results:
                found_by_search.append(f"{label} → {[a.headline for a in results]}")

    report = {
        "5xx": server_errors,
        "leaks": leaks,
        "unpublished pieces answered": reachable,
        "search found unpublished": found_by_search,
    }
    assert not any(report.values()), "\n".join(
        f"{kind}:\n  " + "\n  ".join(items) for kind, items in report.items() if items
    )

    # The walk covered every public pattern, in every reader language.
    public = {name for chain, _p, name in url_patterns() if is_public(chain)}
    assert set(covered) == public
    assert len(probes) > 300, len(probes)
    assert {probe.language for probe in probes} == {None, *READER_LANGUAGES}

    # Self-check: the walk reaches the content, so a leak would have been seen. Each visible
    # piece shows on every page and feed that lists it, and its photo is linked.
    assert shared_photo_seen
    must_show = [
        "articles:home",
        "articles:section",
        "articles:tag",
        "articles:author",
        "articles:archive_year",
        "articles:archive_month",
        "articles:archive_day",
        "articles:search",
        "articles:detail",
        "articles:feed_rss",
        "articles:feed_atom",
        "articles:section_feed_rss",
        "articles:section_feed_atom",
        "articles:tag_feed_rss",
        "articles:tag_feed_atom",
        "articles:author_feed_rss",
        "articles:author_feed_atom",
    ]
    editions = {"ru": ["ru"], "kk": ["kk", "kk-latn"], "en": ["en"]}
    missing = [
        (name, reader, visible_marker(language))
        for language, readers in editions.items()
        for reader in readers
        for name in must_show
        if (name, reader, visible_marker(language)) not in visible_seen
    ]
    for marker in newsroom.visible_markers:
        for name in ("sitemap_section", "news_sitemap", "api:ninjs_list", "api:ninjs_detail"):
            if (name, None, marker) not in visible_seen:
                missing.append((name, None, marker))
    assert not missing, missing


def test_hidden_photo_check_would_see_the_photo(client, newsroom):
    """Where feasible: the walk above checks that no public response names the hidden photo.

    The files themselves are not access-controlled: like most CMSs, the newsroom stores
    uploads as plain files served by the web server or a CDN, and anyone who knows a file's
    address can fetch it. What can be checked is that no public page, feed, sitemap or API
    response hands out that address. Note the limit of the "random URL": a rendition's name
    is `renditions/<year>/<month>/<readable file name>-<6 hex digits>-<width>w.<ext>`, and
    the original keeps `photos/<year>/<month>/<readable file name>` with no random part at
    all (never linked once renditions exist, but a guessable name is reachable by anyone).

    This test proves the check can fire: once the piece is published, its page and the
    partner feed do name those addresses.
    """
    photo = newsroom.secret_photo
    assert photo.renditions
    assert photo.card_renditions
    hidden = newsroom.unpublished[SECRET_PHOTO_MARKER]
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.PUBLISHED)
    page = client.get(hidden.get_absolute_url()).text
    headers = {"authorization": f"Bearer {newsroom.partner_key}"}
    item = client.get(f"/api/ninjs/{hidden.pk}/", headers=headers).text
    renditions = [default_storage.url(r["name"]) for r in photo.renditions]
    assert all(path in page for path in renditions)
    assert all(path in item for path in renditions)
