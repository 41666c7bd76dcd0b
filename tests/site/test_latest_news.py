"""«Последние новости» on the home page: a piece from today shows its time, one from
another day its date too, in the reader's time zone and language."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "en": "January February March April May June July August September October November December",
}


def latest_times(client, language: str) -> dict[str, str]:
    """Headline → what the latest-news block says of its time."""
    html = client.get(f"/{language}/").content.decode()
    block = html.split('class="latest-list"', 1)[1].split("</ol>", 1)[0]
    found = re.findall(r"<time[^>]*>([^<]*)</time> <a[^>]*>([^<]*)</a>", block)
    return {headline: when for when, headline in found}


@pytest.fixture
def three_days(make_article):
    """Pieces from today, from the day before and from last year, in each language."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    moments = {
        "today": max(midnight + timedelta(seconds=1), timezone.now() - timedelta(minutes=1)),
        "yesterday": midnight - timedelta(hours=2),  # 22:00 the day before
        "last year": midnight.replace(year=midnight.year - 1, month=11, day=16, hour=14, minute=30),
    }
    for language in MONTHS:
        make_article(language=language, headline=f"Lead {language}", is_featured=True)
        for name, moment in moments.items():
            make_article(language=language, headline=f"{name} {language}", published_at=moment)
    return moments  # the featured pieces lead, and are not in the list


@pytest.mark.parametrize("language", MONTHS)
def test_a_piece_from_another_day_shows_its_date_in_the_readers_language(
    client, three_days, language
):
    times = latest_times(client, language)
    today = timezone.localtime(three_days["today"])
    assert times[f"today {language}"] == f"{today:%H:%M}"  # the time alone

    yesterday = timezone.localtime(three_days["yesterday"])
    month = MONTHS[language].split()[yesterday.month - 1]
    assert times[f"yesterday {language}"] == f"{yesterday.day} {month}, 22:00"

    last_year = three_days["last year"].year
    assert times[f"last year {language}"] == (
        f"16 {MONTHS[language].split()[10]} {last_year}, 14:30"
    )


def test_the_date_follows_the_newsrooms_time_zone(client, make_article, settings):
    settings.TIME_ZONE = "Asia/Almaty"  # UTC+5: 21:00 UTC the day before is 02:00 here
    now = timezone.localtime()
    early = now.replace(hour=2, minute=0, second=0, microsecond=0)
    if early > now:
        early -= timedelta(days=1)
    make_article(headline="Ночная новость", published_at=early)
    make_article(headline="Ведущая", is_featured=True)
    expected = "02:00" if early.date() == now.date() else f"{early.day} "
    assert latest_times(client, "ru")["Ночная новость"].startswith(expected)
