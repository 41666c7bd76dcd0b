"""Load the demo newsroom: the Central Asia story in three languages and a few more pieces.

Safe to run again: what exists is left alone, nothing is duplicated.
"""

import io
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image

from articles import services
from articles.demo import content, more
from articles.demo.images import demo_image
from articles.models import Article, Author, Byline, Photo, Section, Story, Tag
from articles.text.slugs import latin_slug

# username, what to call the role, group (None: superuser)
DEMO_ACCOUNTS = [
    ("admin", "administrator", None),
    ("editor", "editor", "Editors"),
    ("reporter", "reporter", "Reporters"),
]


def per_language(field: str, values: dict[str, str]) -> dict[str, str]:
    """{"ru": "…", "en": "…"} as the model's columns: {"title_ru": "…", "title_en": "…"}."""
    return {f"{field}_{code}": text for code, text in values.items()}


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent) and print the administrator's login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create or print the demo logins."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        sections = {item["slug"]: self.section(item) for item in content.SECTIONS}
        tags = {item["slug"]: self.tag(item) for item in content.TAGS}
        authors = {item["key"]: self.author(item) for item in content.AUTHORS}
        photos = {item["key"]: self.photo(item) for item in [*content.PHOTOS, *more.MORE_PHOTOS]}
        lookups = {"sections": sections, "tags": tags, "authors": authors, "photos": photos}

        earlier = {}
        earlier_story = None
        for language, data in content.EARLIER.items():
            article, new = self.article(language, data, lookups, story=earlier_story)
            earlier_story, earlier[language] = article.story, article
            created += new

        story = None
        for language, data in content.STORY.items():
            body = data["body"].replace("{earlier_url}", earlier[language].get_absolute_url())
            article, new = self.article(
                language, {**data, "body": body}, lookups, story=story, earlier=earlier[language]
            )
            story = article.story
            created += new

        for data in [*content.OTHER_ARTICLES, *more.MORE_ARTICLES]:
            _, new = self.article(data["language"], data, lookups)
            created += new

        services.site_content_changed()
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready ({created} articles added)."))
        if not options["no_admin"]:
            self.demo_accounts()

    def section(self, item) -> Section:
        section, _ = Section.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name_ru": item["ru"],
                "name_kk": item["kk"],
                "name_en": item["en"],
                "position": item.get("position", 0),
            },
        )
        return section

    def tag(self, item) -> Tag:
        tag, _ = Tag.objects.get_or_create(
            slug=item["slug"],
            defaults={"name_ru": item["ru"], "name_kk": item["kk"], "name_en": item["en"]},
        )
        return tag

    def author(self, item) -> Author:
        author, _ = Author.objects.get_or_create(
            name=item["name"],
            defaults={
                "name_latin": item.get("name_latin", ""),
                **per_language("title", item.get("title", {})),
                **per_language("bio", item.get("bio", {})),
            },
        )
        return author

    def photo(self, item) -> Photo:
        texts = {
            **per_language("caption", item["caption"]),
            **per_language("credit", item["credit"]),
            **per_language("alt_text", item["alt"]),
        }
        same = {name: value for name, value in texts.items() if not name.startswith("alt_")}
        photo = Photo.objects.filter(**same).first()
        if photo is None:
            photo = Photo(**texts)
            filename = f"{latin_slug(item['key']) or 'photo'}.jpg"
            data = demo_image(item["colors"], item["label"])
            photo.image.save(filename, ContentFile(data), save=False)
            photo.width, photo.height = Image.open(io.BytesIO(data)).size
            services.photo_save(photo=photo)
        return photo

    def article(self, language, data, lookups, *, story=None, earlier=None):
        """Create the piece unless a piece with its slug exists in that language."""
        slug = latin_slug(data["headline"], language=language)
        # A Kazakh piece loaded before its slugs followed the Latin edition has the old one.
        slugs = {slug, latin_slug(data["headline"])}
        existing = Article.objects.filter(language=language, slug__in=slugs).first()
        if existing is not None:
            return existing, 0
        status, published_at = data.get("status", "published"), data.get("published_at")
        if status == "scheduled":
            status = Article.Status.PUBLISHED
            published_at = timezone.now() + timedelta(days=1)
        elif published_at:
            published_at = datetime.fromisoformat(published_at)
        article = Article(
            story=story or Story.objects.create(working_title=data["headline"][:200]),
            language=language,
            slug=slug,
            headline=data["headline"],
            lead=data["lead"],
            body=data["body"],
            dateline=data.get("dateline", ""),
            source=data.get("source", ""),
            hero_photo=lookups["photos"].get(data.get("photo")),
            hero_caption=data.get("caption", ""),
            section=lookups["sections"].get(data.get("section")),
            earlier=earlier,
            status=status,
            published_at=published_at,
        )
        article.save()
        # Demo pieces look as if written on their date, not edited today.
        Article.objects.filter(pk=article.pk).update(updated_at=published_at or timezone.now())
        article.tags.set([lookups["tags"][slug] for slug in data.get("tags", [])])
        for position, (author_key, role) in enumerate(data.get("bylines", [])):
            Byline.objects.create(
                article=article,
                author=lookups["authors"][author_key],
                role=role,
                position=position,
            )
        return article, 1

    def demo_accounts(self):
        """Make sure the demo accounts exist, one per role, and print how to log in.

        Passwords are made once and kept in `.demo-login` (git-ignored), so running the
        command again prints the same ones.
        """
        login_file = Path(settings.BASE_DIR) / ".demo-login"
        saved = {}
        if login_file.exists():
            for line in login_file.read_text().splitlines():
                if " " in line:
                    username, password = line.split(" ", 1)
                    saved[username] = password.strip()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("  Demo logins for /admin/ (kept in .demo-login):"))
        for username, role, group in DEMO_ACCOUNTS:
            password = saved.get(username) or secrets.token_urlsafe(12)
            saved[username] = password
            user, _ = get_user_model().objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = group is None
            if not user.check_password(password):
                user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"    {role:<14} user: {username:<9} password: {password}")
        login_file.write_text("".join(f"{name} {pw}\n" for name, pw in saved.items()))
        login_file.chmod(0o600)
