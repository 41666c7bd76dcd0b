"""Absolute URLs, always from the configured site address (settings.NEWSROOM_SITE_URL).

Never from the request: its Host header is the client's to write (any port, any allowed name),
and what a page says about its own address is cached and shown to every later reader.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def absolute(url: str) -> str:
    """A site path ("/ru/news/x/", or a storage's "/media/...") on the configured site; an
    address that is already absolute (media on a CDN or S3 domain) is left as it is."""
    return urljoin(settings.NEWSROOM_SITE_URL + "/", url)


class ConfiguredSite:
    """What Django's sitemaps and syndication ask of a "site", from the settings."""

    @property
    def domain(self) -> str:
        return urlsplit(settings.NEWSROOM_SITE_URL).netloc

    @property
    def protocol(self) -> str:
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme

    @property
    def name(self) -> str:
        return settings.NEWSROOM_SITE_NAME

    def __str__(self) -> str:
        return self.domain
