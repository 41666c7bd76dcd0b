"""Respell the slugs of Kazakh pieces in the letters of the Latin edition, once.

Kazakh slugs made from a headline used to follow a Russian-style scheme (`zhana-zhyl`);
now they are spelt as the Latin edition spells (`jana-jyl`). Run this once after upgrading:
each piece whose slug was made from its headline gets the new one, and a piece ever
published keeps its old address as a permanent (301) redirect. Slugs typed by editors are
left alone. Running it again changes nothing.
"""

from django.core.management.base import BaseCommand

from articles import services
from articles.models import Article


class Command(BaseCommand):
    help = "Respell generated Kazakh slugs in the Latin edition's letters (old ones redirect)."

    def handle(self, *args, **options):
        changed = 0
        pieces = Article.objects.filter(language="kk").order_by("pk")
        for article in pieces.iterator():
            changed += services.slug_to_edition_alphabet(article=article)
        self.stdout.write(f"{changed} Kazakh slug(s) respelt.")
