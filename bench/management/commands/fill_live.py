"""Make one piece of a filled archive a live page with many updates, for `make bench`.

`manage.py fill_live --updates 500 --out live.json`: the newest Russian piece with a photo
after the one the bench's article page shows becomes a live page; its updates (a few key
points, a photo on every tenth, an author on each) are bulk-inserted with bodies built clean.
Writes the addresses the bench loads: the live page, its poll endpoint (asking after the
newest update, as an open page does), and the ordinary article page it is compared with.
"""

import json
import random
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from articles import selectors
from articles.models import Author, LiveUpdate, Photo

WORDS = [
    "саммит", "президенты", "лидеры", "делегации", "переговоры", "соглашение", "меморандум",
    "центр", "кооперации", "промышленность", "инвестиции", "проекты", "торговля", "границы",
    "логистика", "энергетика", "вода", "транспорт", "заявил", "отметил", "подчеркнул",
    "сообщил", "сегодня", "Астана", "Ташкент", "стороны", "подписали", "обсудили",
]  # fmt: skip


class Command(BaseCommand):
    help = "Make a piece of the archive a live page with many updates (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--updates", type=int, default=500)
        parser.add_argument("--out", required=True)
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        published = selectors.published_in(language="ru").filter(hero_photo__isnull=False)
        ordinary, piece = list(published[:2])  # the bench's article page, and the next one
        piece.is_live_page = True
        piece.save()
        photos, authors = list(Photo.objects.all()[:10]), list(Author.objects.all()[:20])
        start = timezone.now() - timedelta(hours=12)
        step = timedelta(hours=12) / max(1, options["updates"])
        updates = []
        for number in range(options["updates"]):
            paragraphs = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 45))).capitalize() + "."
                for _ in range(rng.randint(1, 3))
            ]
            updates.append(
                LiveUpdate(
                    article=piece,
                    posted_at=start + step * number,
                    title=" ".join(rng.choice(WORDS) for _ in range(5)).capitalize()
                    if number % 3 == 0
                    else "",
                    body="".join(f"<p>{text}</p>" for text in paragraphs),
                    photo=photos[number % len(photos)] if photos and number % 10 == 0 else None,
                    is_pinned=number % 100 == 50,
                )
            )
        created = LiveUpdate.objects.bulk_create(updates)
        if authors:
            through = LiveUpdate.authors.through
            through.objects.bulk_create(
                through(liveupdate_id=update.pk, author_id=authors[i % len(authors)].pk)
                for i, update in enumerate(created)
            )
        newest = max(update.pk for update in created)
        with translation.override("ru"):
            poll = reverse("articles:live_updates", kwargs={"slug": piece.slug})
            data = {
                "live": piece.get_absolute_url(),
                "poll": f"{poll}?after={newest}",
                "article": ordinary.get_absolute_url(),
                "updates": options["updates"],
            }
        Path(options["out"]).write_text(json.dumps(data, ensure_ascii=False))
