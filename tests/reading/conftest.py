"""What the reading tests share: a reader's beacon, and the ranking worked out at once."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import reading


def beacon(piece, *, address="203.0.113.7", agent="Firefox/140", client=None, **headers):
    """A reader's browser saying `piece` (an article, or an id) was shown: the response."""
    piece_id = getattr(piece, "pk", piece)
    client = client or Client()
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    return client.post(
        reverse("read_beacon", args=[piece_id]),
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=agent,
        **headers,
    )


def ranked(language: str = "ru") -> list[int]:
    """The ranking of `language` worked out now, as the next due beacon would."""
    reading.ranking_refresh(language=language, force=True)
    return reading.ranking(language=language)


@pytest.fixture
def redis_counts(settings):
    """The cache is a Redis of the test's own, as newsroom/settings.py makes it with REDIS_URL:
    counts go to its sorted sets."""
    from newsroom.redis_cache import forget_server
    from tests.factories import PrivateRedis

    server = PrivateRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "reading-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    yield server
    server.kill()
    forget_server(server.url)
