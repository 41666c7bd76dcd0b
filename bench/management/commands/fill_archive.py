"""Fill the current database with a large synthetic archive, fast, for `make bench`.

`manage.py fill_archive --articles 100000 [--seed 1] [--force]`: sections, ~200 tags, ~150
authors, 24 photos, then stories and their language versions in bulk (ru 50 %, kk 30 %, en 20 %;
a fifth of the stories in 2–3 languages), with bylines, tags, hero photos and, on SQLite, the
FTS5 search rows. bulk_create skips Article.save, so this does its work here: bodies are built
clean (nothing to sanitize), word_count, slug and edit_token are set, and the search tables are
filled. The text is filler from a small vocabulary per language; one city per lead, with known
frequencies, gives the benchmark a search word that matches about 10 % of the archive (CITIES
at weight 10: bench.SEARCH_WORDS): enough to fill a page of results at 1,000
articles, and thousands of matches at 100,000.
"""

import io
import random
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from anyascii import anyascii
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles import services
from articles.cache import page_cache
from articles.demo.files import entries
from articles.i18n import LATIN_EDITIONS
from articles.models import Article, Author, Byline, Photo, Section, Story, Tag
from articles.search.sqlite import FTS_TABLES, search_row
from articles.text.kazakh_latin import to_ascii_latin
from articles.text.slugs import KAZAKH_LETTERS, latin_slug

WORDS = {
    "ru": """правительство министерство агентство компания проект программа развитие экономика
    бюджет рынок инвестиции производство предприятие регион область город район страна
    республика граждане жители специалисты эксперты депутаты власти совет комиссия решение
    вопрос закон поправки реформа инфраструктура строительство дорога транспорт энергетика
    нефть газ зерно урожай экспорт импорт торговля сотрудничество партнёры соглашение договор
    встреча переговоры заседание форум конференция отчёт данные статистика показатели рост
    снижение объём тенге миллиардов миллионов процентов году месяце неделе сегодня вчера ранее
    также однако кроме того поэтому сообщил заявил отметил подчеркнул рассказал объявил
    планирует намерен обсудили подписали утвердили запустили открыли завершили начали
    продолжают новый крупный местный государственный частный международный национальный
    региональный социальный цифровой важный дополнительный ближайший прошлый текущий будущий
    школа больница университет студенты учителя врачи дети молодёжь предприниматели фермеры
    водители туристы гости участники представители руководство министр аким глава директор
    председатель пресс-служба ведомство управление фонд банк кредит налог тариф цены зарплата
    пенсии льготы поддержка помощь услуги проверка контроль мониторинг безопасность качество
    условия сроки этап результаты итоги планы задачи цели меры направления возможности
    проблемы сфера отрасль сектор система сеть центр объект здание площадка территория""",
    "kk": """үкімет министрлік агенттік компания жоба бағдарлама даму экономика бюджет нарық
    инвестиция өндіріс кәсіпорын өңір облыс аудан ел республика азаматтар тұрғындар мамандар
    сарапшылар депутаттар билік кеңес комиссия шешім мәселе заң түзетулер реформа
    инфрақұрылым құрылыс жол көлік энергетика мұнай газ астық өнім экспорт импорт сауда
    ынтымақтастық серіктестер келісім шарт кездесу келіссөздер отырыс форум конференция есеп
    деректер статистика көрсеткіштер өсім төмендеу көлем теңге миллиард миллион пайыз жылы
    айда аптада бүгін кеше бұған дейін сондай-ақ алайда сонымен қатар сондықтан хабарлады
    мәлімдеді атап өтті айтты жариялады жоспарлап отыр талқылады қол қойды бекітті іске
    қосты ашты аяқтады бастады жалғастыруда жаңа ірі жергілікті мемлекеттік жеке халықаралық
    ұлттық өңірлік әлеуметтік цифрлық маңызды қосымша жақын өткен ағымдағы болашақ мектеп
    аурухана университет студенттер мұғалімдер дәрігерлер отбасылар балалар жастар
    кәсіпкерлер фермерлер жүргізушілер туристер қонақтар қатысушылар өкілдер басшылық
    министр әкім басшы директор төраға баспасөз қызметі ведомство басқарма қор банк несие
    салық тариф баға жалақы зейнетақы жеңілдіктер қолдау көмек қызметтер тексеру бақылау
    мониторинг қауіпсіздік сапа жағдайлар мерзім кезең нәтижелер қорытынды жоспарлар
    міндеттер мақсаттар шаралар бағыттар мүмкіндіктер проблемалар сала сектор жүйе желі
    орталық нысан ғимарат алаң аумақ""",
    "en": """government ministry agency company project programme development economy budget
    market investment production enterprise region province district country republic
    citizens residents specialists experts deputies authorities council commission decision
    issue law amendments reform infrastructure construction road transport energy oil gas
    grain harvest export import trade cooperation partners agreement contract meeting talks
    session forum conference report data statistics figures growth decline volume tenge
    billion million percent year month week today yesterday earlier also however moreover
    therefore said stated noted stressed told announced plans intends discussed signed
    approved launched opened completed started continue new major local state private
    international national regional social digital important additional nearest last current
    future school hospital university students teachers doctors families children youth
    entrepreneurs farmers drivers tourists guests participants representatives leadership
    minister akim head director chairman press service office department fund bank loan tax
    tariff prices wages pensions benefits support assistance services inspection control
    monitoring safety quality conditions deadlines stage results outcome plans tasks goals
    measures areas opportunities problems sphere industry sector system network centre
    facility building site territory""",
}
WORDS = {language: text.split() for language, text in WORDS.items()}
# One city per lead, by these weights (percent): Taraz and Kokshetau appear in ~1 % of pieces.
CITIES = [  # ru, kk, en, weight
    ("Астана", "Астана", "Astana", 20), ("Алматы", "Алматы", "Almaty", 18),
    ("Шымкент", "Шымкент", "Shymkent", 10), ("Караганда", "Қарағанды", "Karaganda", 8),
    ("Актобе", "Ақтөбе", "Aktobe", 7), ("Павлодар", "Павлодар", "Pavlodar", 6),
    ("Атырау", "Атырау", "Atyrau", 6), ("Костанай", "Қостанай", "Kostanay", 5),
    ("Семей", "Семей", "Semey", 5), ("Кызылорда", "Қызылорда", "Kyzylorda", 4),
    ("Актау", "Ақтау", "Aktau", 4), ("Уральск", "Орал", "Uralsk", 3),
    ("Туркестан", "Түркістан", "Turkistan", 2), ("Тараз", "Тараз", "Taraz", 1),
    ("Кокшетау", "Көкшетау", "Kokshetau", 1),
]  # fmt: skip
LANGUAGE_INDEX = {"ru": 0, "kk": 1, "en": 2}
# Story shapes: 80 % one version, 10 % two, 10 % three. Single-version languages are weighted
# so that the whole archive comes out ru 50 % / kk 30 % / en 20 %.
SINGLE = (["ru", "kk", "en"], [0.575, 0.275, 0.15])
PAIRS = ([("ru", "kk"), ("ru", "en"), ("kk", "en")], [0.6, 0.3, 0.1])
TOPICS = [  # tag topics: ru, kk, en
    ("Экспорт", "Экспорт", "Export"), ("Образование", "Білім", "Education"),
    ("Здравоохранение", "Денсаулық сақтау", "Healthcare"), ("Энергетика", "Энергетика", "Energy"),
    ("Нефть и газ", "Мұнай мен газ", "Oil and gas"), ("Строительство", "Құрылыс", "Construction"),
    ("Цифровизация", "Цифрландыру", "Digitalisation"), ("Экология", "Экология", "Environment"),
    ("Спорт", "Спорт", "Sport"), ("Культура", "Мәдениет", "Culture"), ("Наука", "Ғылым", "Science"),
    ("Банки", "Банктер", "Banking"), ("Налоги", "Салықтар", "Taxes"),
    ("Бюджет", "Бюджет", "Budget"), ("Выборы", "Сайлау", "Elections"),
    ("Дипломатия", "Дипломатия", "Diplomacy"), ("Водные ресурсы", "Су ресурстары", "Water"),
    ("Жильё", "Тұрғын үй", "Housing"), ("Занятость", "Жұмыспен қамту", "Employment"),
    ("Пенсии", "Зейнетақы", "Pensions"), ("Цены", "Бағалар", "Prices"),
    ("Логистика", "Логистика", "Logistics"), ("Связь", "Байланыс", "Telecoms"),
    ("Малый бизнес", "Шағын бизнес", "Small business"),
]  # fmt: skip
REGIONS = [
    ("Север", "Солтүстік", "North"), ("Юг", "Оңтүстік", "South"), ("Запад", "Батыс", "West"),
    ("Восток", "Шығыс", "East"), ("Центр", "Орталық", "Centre"), ("Столица", "Елорда", "Capital"),
    ("Село", "Ауыл", "Countryside"), ("Приграничье", "Шекара маңы", "Borderlands"),
]  # fmt: skip
NAMES = {
    "men": "Данияр Ерлан Нурлан Тимур Серик Андрей Сергей Бауыржан Арман Руслан Ержан Алексей",
    "women": "Айгерим Асель Мадина Жанна Алия Ольга Елена Динара Гульнара Сауле Анна Камила",
    "surnames": "Ахметов Искаков Жаксылыков Беков Сейткалиев Омаров Каримов Петров Иванов "
    "Смагулов Мусин Тулегенов Ержанов Касымов Абенов Рахимов",
}
MEN, WOMEN, SURNAMES = (names.split() for names in NAMES.values())
POSITIONS = ["Корреспондент", "Фотокорреспондент", "Обозреватель", "Редактор", "Переводчик"]
ROLES = [Byline.Role.AUTHOR, Byline.Role.CORRESPONDENT, Byline.Role.EDITOR]
PALETTE = ["#1f4e79", "#f2c14e", "#0b3d2e", "#5fb49c", "#8a5a00", "#2d6a4f", "#3a0ca3", "#d1495b"]
YEARS = 5
PICTURE_SIZE = (640, 360)


def sentence(rng: random.Random, words: list[str], low: int, high: int) -> tuple[str, int]:
    """Filler: `low`–`high` words from the vocabulary, capitalised, with a full stop."""
    picked = rng.choices(words, k=rng.randint(low, high))
    return " ".join(picked).capitalize() + ".", len(picked)


def slug_of(headline: str, language: str) -> str:
    """The start of a generated piece's slug (a number follows it), as the desk would make."""
    return latin_slug(headline, 80, language=language) or "a"


@contextmanager
def keeping_given_times(*models):
    """Let bulk_create store the created/updated times we set (auto_now would overwrite them)."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Command(BaseCommand):
    help = "Fill the current database with a large synthetic archive (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument(
            "--force", action="store_true", help="Add to a database that already has articles."
        )

    def handle(self, *args, **options):
        total = options["articles"]
        if total < 1:
            raise CommandError("--articles must be at least 1.")
        if Article.objects.exists() and not options["force"]:
            raise CommandError(
                f"{connection.settings_dict['NAME']} already has articles; "
                "use a fresh database or --force to add to it."
            )
        self.rng = random.Random(options["seed"])
        started = time.monotonic()
        self.write(f"Filling {connection.vendor} {connection.settings_dict['NAME']}")
        with transaction.atomic():
            self.make_library()
        self.write(f"  library: {len(self.sections)} sections, {len(self.tags)} tags, "
                   f"{len(self.authors)} authors, {len(self.photos)} photos "
                   f"({time.monotonic() - started:.1f} s)")  # fmt: skip
        # Slugs end in a number unique to this run (an earlier fill with --force keeps its own).
        self.base = (Article.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.total, self.done, now = total, 0, timezone.now()
        self.start, self.span = now - timedelta(days=365 * YEARS), timedelta(days=365 * YEARS)
        with keeping_given_times(Article, Story):
            while self.done < total:
                size = min(options["batch"], total - self.done)
                with transaction.atomic():
                    self.insert_batch(size, now)
                self.done += size
                reset_queries()  # with DEBUG on, Django keeps every (huge) INSERT it ran
                done = self.done
                elapsed = time.monotonic() - started
                self.write(f"  {done:>9,} / {total:,} articles  {done / elapsed:,.0f}/s  "
                           f"{elapsed:.0f} s")  # fmt: skip
        if connection.vendor == "postgresql":  # what autovacuum would soon do in production
            with connection.cursor() as cursor:
                for model in (Article, Article.tags.through, Byline, Story):
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        elif connection.vendor == "sqlite":  # planner statistics, as `PRAGMA optimize` keeps
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        page_cache.site_changed()
        elapsed = time.monotonic() - started
        self.write(f"Filled {total:,} articles in {elapsed:.1f} s ({total / elapsed:,.0f}/s).")

    def write(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    # ---- sections, tags, authors, photos -------------------------------------------------

    def make_library(self):
        rng = self.rng
        self.sections = [
            Section.objects.get_or_create(
                slug=slug,
                defaults={**{f"name_{code}": name for code, name in item["name"].items()},
                          "position": item.get("position", 0)},
            )[0]
            for slug, item in entries("shared.json", "sections").items()
        ]  # fmt: skip
        self.section_weights = [max(1, 10 - 2 * i) for i in range(len(self.sections))]
        tags = [
            Tag(slug=slug, **{f"name_{code}": name for code, name in item["name"].items()})
            for slug, item in entries("shared.json", "tags").items()
        ]
        for topic in TOPICS:
            for region in REGIONS:
                names = [f"{a}: {b}" for a, b in zip(topic, region, strict=True)]
                slug = f"{slugify(topic[2])}-{slugify(region[2])}"
                tags.append(Tag(slug=slug, name_ru=names[0], name_kk=names[1], name_en=names[2]))
        Tag.objects.bulk_create(tags, ignore_conflicts=True)
        self.tags = list(
            Tag.objects.filter(slug__in=[t.slug for t in tags]).values_list("pk", flat=True)
        )
        rng.shuffle(self.tags)  # a few tags are popular, most are rare (Zipf-like)
        self.tag_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.tags))]
        authors = []
        for i in range(150):
            first = rng.choice(WOMEN if i % 2 else MEN)
            name = f"{first} {rng.choice(SURNAMES)}{'а' if i % 2 else ''}"
            latin = anyascii(name.translate(KAZAKH_LETTERS))
            bio = sentence(rng, WORDS["ru"], 12, 24)[0]
            authors.append(Author(name=name, name_latin=latin, slug=f"{latin_slug(latin)}-{i + 1}",
                                  title_ru=rng.choice(POSITIONS), bio_ru=bio))  # fmt: skip
        Author.objects.bulk_create(authors, ignore_conflicts=True)
        self.authors = list(
            Author.objects.filter(slug__in=[a.slug for a in authors]).values_list("pk", flat=True)
        )
        self.photos = []
        for i in range(24):
            photo = Photo(caption_ru=sentence(rng, WORDS["ru"], 4, 8)[0],
                          credit_ru=f"{rng.choice(MEN)} {rng.choice(SURNAMES)}",
                          alt_text_ru=sentence(rng, WORDS["ru"], 6, 10)[0],
                          focal_x=rng.uniform(0.3, 0.7), focal_y=rng.uniform(0.3, 0.7))  # fmt: skip
            photo.image.save(f"archive-{i + 1}.jpg", ContentFile(self.picture(i)), save=False)
            photo.width, photo.height = PICTURE_SIZE
            self.photos.append(services.photo_save(photo=photo).pk)

    def picture(self, i: int) -> bytes:
        """A small two-colour gradient JPEG (640×360): renditions stay quick to make."""
        size = PICTURE_SIZE
        top, bottom = (Image.new("RGB", size, PALETTE[(i + k) % len(PALETTE)]) for k in (0, 3))
        mask = Image.linear_gradient("L").resize(size).rotate(15 * i)
        buffer = io.BytesIO()
        Image.composite(bottom, top, mask).save(buffer, format="JPEG", quality=80)
        return buffer.getvalue()

    # ---- stories and articles --------------------------------------------------------------

    def languages(self) -> tuple[str, ...]:
        shape = self.rng.random()
        if shape < 0.8:
            return (self.rng.choices(*SINGLE)[0],)
        if shape < 0.9:
            return self.rng.choices(*PAIRS)[0]
        return ("ru", "kk", "en")

    def status(self, base_time, now):
        """96 % published over the last years, 2 % drafts, 1 % in review, 1 % scheduled."""
        draw = self.rng.random()
        if draw < 0.96:
            return Article.Status.PUBLISHED, base_time
        if draw < 0.98:
            return Article.Status.DRAFT, None
        if draw < 0.99:
            return Article.Status.REVIEW, None
        # At least a day ahead: no scheduled piece falls due (and purges lists) during a benchmark.
        return Article.Status.PUBLISHED, now + timedelta(days=self.rng.uniform(1, 30))

    def text(self, language: str) -> dict:
        rng, words = self.rng, WORDS[language]
        headline = sentence(rng, words, 6, 10)[0].rstrip(".")[:200]
        city = rng.choices(CITIES, weights=[c[3] for c in CITIES])[0][LANGUAGE_INDEX[language]]
        lead, lead_words = sentence(rng, words, 18, 30)
        target, paragraphs, plain, count = rng.randint(250, 400), rng.randint(4, 6), [], 0
        for p in range(paragraphs):
            want = (target - count) // (paragraphs - p)
            sentences = []
            while want > 0:
                text, n = sentence(rng, words, min(8, want), min(16, want))
                sentences.append(text)
                want, count = want - n, count + n
            plain.append(" ".join(sentences))
        return {
            "headline": headline,
            "lead": f"{city}. {lead}",
            "plain": plain,
            "body": "".join(f"<p>{paragraph}</p>" for paragraph in plain),
            "word_count": 1 + lead_words + count,
            "dateline": city,
        }

    def insert_batch(self, size: int, now):
        """`size` articles (whole stories but the last), oldest first: ids follow time."""
        rng, articles, stories, versions = self.rng, [], [], []
        while len(articles) < size:
            index = self.done + len(articles)
            base_time = self.start + self.span * (index / self.total)
            base_time = min(base_time + timedelta(minutes=rng.uniform(-360, 360)),
                            now - timedelta(minutes=5))  # fmt: skip
            languages = self.languages()[: size - len(articles)]
            number = self.base + index
            story = Story(working_title="", created_at=base_time)
            stories.append(story)
            section = rng.choices(self.sections, weights=self.section_weights)[0]
            for offset, language in enumerate(languages):
                status, published_at = self.status(
                    base_time + timedelta(minutes=40 * offset + rng.uniform(0, 30)), now
                )
                text = self.text(language)
                story.working_title = story.working_title or text["headline"]
                created = min(published_at or now, now)
                articles.append(
                    Article(
                        language=language, headline=text["headline"], lead=text["lead"],
                        body=text["body"], word_count=text["word_count"],
                        slug=f"{slug_of(text['headline'], language)}-{number + offset}",
                        dateline=text["dateline"], section=section, status=status,
                        published_at=published_at, edit_token=uuid.uuid4(),
                        hero_photo_id=rng.choice(self.photos) if rng.random() < 0.6 else None,
                        is_featured=rng.random() < 0.02, is_breaking=rng.random() < 0.01,
                        created_at=created, updated_at=created,
                    )
                )  # fmt: skip
                versions.append((story, text["plain"]))
        Story.objects.bulk_create(stories)
        for article, (story, _plain) in zip(articles, versions, strict=True):
            article.story = story
        Article.objects.bulk_create(articles)
        bylines, tagged = [], []
        for article in articles:
            for position, author in enumerate(rng.sample(self.authors, rng.randint(1, 3))):
                bylines.append(Byline(article_id=article.pk, author_id=author,
                                      role=ROLES[position], position=position))  # fmt: skip
            picked = dict.fromkeys(rng.choices(self.tags, weights=self.tag_weights, k=8))
            tagged += [
                Article.tags.through(article_id=article.pk, tag_id=tag)
                for tag in list(picked)[: rng.randint(2, 4)]
            ]
        Byline.objects.bulk_create(bylines)
        Article.tags.through.objects.bulk_create(tagged)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for language, table in FTS_TABLES.items():
                    # The Latin edition's table holds the Kazakh pieces in its letters.
                    spell = to_ascii_latin if language in LATIN_EDITIONS else str
                    rows = [
                        (
                            a.pk,
                            *(
                                [spell(a.headline), spell(a.lead), spell("\n".join(plain))]
                                if language in LATIN_EDITIONS
                                else search_row(language, a.headline, a.lead, "\n".join(plain))
                            ),
                        )
                        for a, (_story, plain) in zip(articles, versions, strict=True)
                        if a.language == LATIN_EDITIONS.get(language, language)
                    ]
                    columns = "(rowid, headline, lead, body) VALUES (%s, %s, %s, %s)"
                    cursor.executemany(f"INSERT INTO {table} {columns}", rows)
