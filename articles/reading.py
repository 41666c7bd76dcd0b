"""What readers read most: counts of reads, private and first-party, and their ranking.

A reader's browser sends a beacon when a piece's page is shown (static/newsroom/beacon.js, to
`articles/site/reading.py`), so pages served from the page cache or a front cache count too.

Who is "a reader" is decided without storing anything about them: a mark, the HMAC-SHA256 of
the client's address, its User-Agent, the piece and the clock hour, keyed with a salt of the
day. The salt is 32 random bytes kept only in the shared cache, for two days at most (never
derived from SECRET_KEY and the date, so a mark cannot be worked out again once the salt is
gone). The mark is added to the cache for an hour (`cache.add`: Redis's SET NX EX, the file
cache's hard link), and the read is counted only if it was not there: one count per reader
per piece per clock hour. Neither an address nor a mark is ever written to the database; the
counts are per piece and clock hour.

Counts live in Redis when the cache is Redis (a sorted set per language and hour, kept for
KEEP_HOURS), else in the database (`ReadCount`, incremented with F() under a unique
constraint; rows older than KEEP_HOURS are pruned when the ranking is worked out).

The ranking ("Most read": the current clock hour and the WINDOW_HOURS - 1 before it) is worked
out at most once every NEWSROOM_MOST_READ_REFRESH seconds per language, by the beacon that
finds it due, and kept in the cache; pages read it as kept. `ranking_refresh` says whether its
order changed: only then are the pages showing it purged (by `page_keys.most_read_key`).

The domain room: models, page_keys and Django's cache; never a face or articles/cache.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from articles.models import Article, ReadCount
from newsroom.redis_cache import CACHE_ERRORS

WINDOW_HOURS = 24  # "last 24 hours": this clock hour and the 23 before it
KEEP_HOURS = 48  # counts kept this long (Redis's buckets expire, the table is pruned)
SEEN_SECONDS = 3600  # a mark is kept this long: its clock hour at most
SALT_SECONDS = 2 * 24 * 3600
SALT_KEY = "newsroom:reading:salt:"  # + the UTC date
SEEN_KEY = "newsroom:reading:seen:"  # + a reader's mark
RANKING_KEY = "newsroom:reading:ranking:"  # + language: the ids, best first
DUE_KEY = "newsroom:reading:due:"  # + language: present while the ranking is fresh
BUCKET_KEY = "newsroom:reading:hour:"  # + language:YYYYMMDDHH (Redis)
MAX_USER_AGENT = 512


def hour_of(when: datetime) -> datetime:
    """The clock hour (UTC) `when` falls in."""
    return when.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def window(now: datetime | None = None) -> list[datetime]:
    """The clock hours the ranking and the desk's column count: this one first."""
    hour = hour_of(now or timezone.now())
    return [hour - timedelta(hours=back) for back in range(WINDOW_HOURS)]


# ---- who is a reader ---------------------------------------------------------------------


def _salt_of_the_day(now: datetime) -> bytes | None:
    """Today's salt (UTC), made by whichever process needs it first, kept only in the cache;
    None while the cache does not answer (then nothing is counted)."""
    key = SALT_KEY + now.astimezone(UTC).strftime("%Y-%m-%d")
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_bytes(32), SALT_SECONDS)
        salt = cache.get(key)
    return salt


def reader_mark(*, address: str | None, user_agent: str, piece_id: int, now: datetime):
    """The mark of one reader of one piece in this clock hour (see the module's docstring)."""
    salt = _salt_of_the_day(now)
    if salt is None:
        return None
    hour = f"{hour_of(now):%Y%m%d%H}"
    reader = f"{address or ''}\n{user_agent[:MAX_USER_AGENT]}\n{piece_id}\n{hour}".encode()
    return hmac.new(salt, reader, hashlib.sha256).hexdigest()[:32]


# ---- counting ----------------------------------------------------------------------------


def readable_language(piece_id: int) -> str | None:
    """The language of the piece `piece_id` if readers may see it (`published()`), else None."""
    found = Article.objects.published().filter(pk=piece_id).values_list("language", flat=True)
    return found.first()


def read_record(*, piece_id: int, language: str, address: str | None, user_agent: str) -> bool:
    """Count a read of the published piece `piece_id` (in `language`) by this reader, unless
    they were counted for it in this clock hour. True if it was counted."""
    now = timezone.now()
    mark = reader_mark(address=address, user_agent=user_agent, piece_id=piece_id, now=now)
    if mark is None or not cache.add(SEEN_KEY + mark, 1, SEEN_SECONDS):
        return False
    _counts().add(piece_id, language, hour_of(now))
    return True


def read_counts(pieces) -> dict[int, int]:
    """Reads in the last WINDOW_HOURS of each of `pieces` (articles: their `pk` and
    `language` are read), in one query or one Redis round trip: {pk: reads}, 0 for none."""
    pieces = list(pieces)
    found = _counts().counts(pieces, window()) if pieces else {}
    return {piece.pk: found.get(piece.pk, 0) for piece in pieces}


# ---- the ranking -------------------------------------------------------------------------


def _size() -> int:
    return settings.NEWSROOM_MOST_READ_SIZE


def ranking(*, language: str) -> list[int]:
    """The ids of the most read pieces in `language`, best first, as last worked out (no
    query; empty until the first beacon works it out, or once the cache forgot it): the
    published ones then, and as many again in case some are withdrawn meanwhile."""
    try:
        return cache.get(RANKING_KEY + language) or []
    except CACHE_ERRORS:  # a cache that is down: the pages go on without the block
        return []


def ranking_refresh(*, language: str, force: bool = False) -> bool:
    """Work out the ranking of `language` again if it is due (at most once every
    NEWSROOM_MOST_READ_REFRESH seconds, whatever the number of servers), and prune old
    counts. True if the pieces it shows changed: pages showing it are then out of date."""
    if not force:  # a read first: the file cache's add() writes a file even when it fails
        due = not cache.has_key(DUE_KEY + language)
        if not (due and cache.add(DUE_KEY + language, 1, settings.NEWSROOM_MOST_READ_REFRESH)):
            return False
    before = ranking(language=language)
    hours = window()
    candidates = _counts().top(language, hours, 4 * _size() + 10)
    candidates.sort(key=lambda found: (-found[1], -found[0]))  # most reads, then the newest
    ids = [pk for pk, _reads in candidates]
    readable = set(
        Article.objects.published()
        .in_language(language)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    after = [pk for pk in ids if pk in readable][: 2 * _size()]
    cache.set(RANKING_KEY + language, after, KEEP_HOURS * 3600)
    _counts().prune(hour_of(timezone.now()) - timedelta(hours=KEEP_HOURS))
    return before[: _size()] != after[: _size()]


# ---- where counts live -------------------------------------------------------------------


class DatabaseCounts:
    """`ReadCount` rows: one per piece and hour, incremented in the database (no lost count
    when two workers count at once: an UPDATE ... SET count = count + 1, or the row's first
    INSERT, which the unique constraint lets only one of them make)."""

    def add(self, piece_id: int, language: str, hour: datetime) -> None:
        rows = ReadCount.objects.filter(article_id=piece_id, hour=hour)
        if rows.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                ReadCount.objects.create(article_id=piece_id, language=language, hour=hour, count=1)
        except IntegrityError:  # another worker made the row first (or the piece is gone)
            rows.update(count=F("count") + 1)

    def top(self, language: str, hours: list[datetime], limit: int) -> list[tuple[int, int]]:
        rows = ReadCount.objects.filter(language=language, hour__gte=min(hours))
        totals = rows.values("article_id").annotate(reads=Sum("count"))
        return list(
            totals.order_by("-reads", "-article_id").values_list("article_id", "reads")[:limit]
        )

    def counts(self, pieces, hours: list[datetime]) -> dict[int, int]:
        rows = ReadCount.objects.filter(
            article_id__in=[piece.pk for piece in pieces], hour__gte=min(hours)
        )
        return dict(
            rows.values("article_id")
            .annotate(reads=Sum("count"))
            .values_list("article_id", "reads")
            .order_by()
        )

    def prune(self, before: datetime) -> None:
        ReadCount.objects.filter(hour__lt=before).delete()


class RedisCounts:
    """A sorted set per language and clock hour (member: the piece's id; score: its reads),
    expiring KEEP_HOURS after its hour. Redis down: counts are lost, nothing fails."""

    def __init__(self, backend):
        self.backend = backend

    @staticmethod
    def _bucket(language: str, hour: datetime) -> str:
        return f"{BUCKET_KEY}{language}:{hour:%Y%m%d%H}"

    def add(self, piece_id: int, language: str, hour: datetime) -> None:
        expires = int((hour + timedelta(hours=KEEP_HOURS)).timestamp())

        def work(client, key):
            name = key(self._bucket(language, hour))
            pipe = client.pipeline(transaction=False)
            pipe.zincrby(name, 1, str(piece_id))
            pipe.expireat(name, expires)
            pipe.execute()

        self.backend.run(work)

    def top(self, language: str, hours: list[datetime], limit: int) -> list[tuple[int, int]]:
        def work(client, key):
            names = [key(self._bucket(language, hour)) for hour in hours]
            union = key(f"{BUCKET_KEY}union:{language}:{secrets.token_hex(8)}")
            pipe = client.pipeline(transaction=True)
            pipe.zunionstore(union, names)
            pipe.zrevrange(union, 0, limit - 1, withscores=True)
            pipe.delete(union)
            return pipe.execute()[1]

        found = self.backend.run(work, default=[]) or []
        return [(int(member), int(score)) for member, score in found]

    def counts(self, pieces, hours: list[datetime]) -> dict[int, int]:
        by_language: dict[str, list[str]] = {}
        for piece in pieces:
            by_language.setdefault(piece.language, []).append(str(piece.pk))

        def work(client, key):
            asked = []
            pipe = client.pipeline(transaction=False)
            for language, members in by_language.items():
                for hour in hours:
                    pipe.zmscore(key(self._bucket(language, hour)), members)
                    asked.append(members)
            return list(zip(asked, pipe.execute(), strict=True))

        totals: dict[int, int] = {}
        for members, scores in self.backend.run(work, default=[]) or []:
            for member, score in zip(members, scores, strict=True):
                if score:
                    totals[int(member)] = totals.get(int(member), 0) + int(score)
        return totals

    def prune(self, before: datetime) -> None:
        """Nothing to do: each hour's set expires by itself."""


def _counts() -> DatabaseCounts | RedisCounts:
    """Redis's sorted sets when the cache is Redis (newsroom/redis_cache.py), else the table."""
    return RedisCounts(cache) if hasattr(cache, "run") else DatabaseCounts()
