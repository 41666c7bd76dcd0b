"""`make bench`'s working desk, its core briefly: an editor saving and publishing through the
real admin of a live server (gunicorn, two workers, bench.settings as the bench runs it), and
what readers get after. DEBUG is on only so that static files need no `collectstatic` (a
clean checkout has none).

The rounds of load themselves (wrk, minutes) are run by `make bench-desk`, not here.
"""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import SETTINGS
from bench.editor import Editor, Session
from bench.load import free_port
from bench.readers import first_requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = secrets.token_urlsafe(16)
SETUP = f"""
from datetime import timedelta
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, Section
call_command("migrate", verbosity=0)  # in this run: one Django start less than a command
section = Section.objects.create(slug="economy", name_ru="Экономика")
for number in range(3):
    piece = Article.objects.create(language="ru", headline=f"Новость {{number}}", lead="Лид.",
        body="<p>Текст.</p>", section=section, status="published",
        published_at=timezone.now() - timedelta(hours=number + 1))
get_user_model().objects.create_superuser("bench", "bench@example.invalid", "{PASSWORD}")
print(Article.objects.get(headline="Новость 0").pk)
"""


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A live server with three published pieces and an editor's account."""
    folder = tmp_path_factory.mktemp("desk")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "NEWSROOM_", "GUNICORN_"))}  # fmt: skip
    env.pop("DATABASE_URL", None)  # a file of its own; the cache of the set-up (Redis or files)
    port = free_port()
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS, DJANGO_DEBUG="1", DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", NEWSROOM_CACHE_DIR=str(folder / "c"),
        DJANGO_CACHE_PREFIX=f"desk-{os.getpid()}", GUNICORN_WORKERS="2",
        GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESSLOG="/dev/null",
    )  # fmt: skip
    manage = [sys.executable, "manage.py"]
    setup = subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True)  # fmt: skip
    piece = int(setup.stdout.split()[-1])
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "newsroom/gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, "gunicorn did not start"
            try:
                Session(base).get("/robots.txt")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer in time"
                time.sleep(0.2)
        editor = Editor(base=base, readers=base, piece_id=piece, run="test")
        editor.log_in("bench", PASSWORD)
        editor.open_piece()
        yield editor
    finally:
        server.terminate()
        server.wait(10)


def test_an_editor_saving_through_the_admin_leaves_no_reader_with_the_old_headline(desk):
    for _ in range(6):  # both workers have the page, and the cache
        assert "Новость 0" in Session(desk.readers).get(desk.page_path)[2]

    for number in range(1, 4):
        desk.save_piece(number)

    assert desk.saves == 3
    assert desk.stale_reads == 24
    assert desk.stale == 0  # no read right after a save showed the headline it replaced
    assert desk.unchanged == 0
    page = Session(desk.readers).get(desk.page_path)[2]
    assert "Правка test-00003" in page
    assert "Уточнено: правка 3." in page  # the body's edit too


def test_a_piece_published_through_the_admin_is_rendered_once_for_its_first_readers(desk):
    path, _ = desk.publish(1)

    answers = first_requests(desk.readers, path, 30)

    assert sum(answers.values()) == 30
    assert set(answers) <= {"hit", "waited", "miss"}, answers  # every reader got the page
    assert answers["miss"] <= 1, answers  # one render (none, if it was rendered on publish)
    assert "Срочно test-00001" in Session(desk.readers).get(path)[2]
