"""Several app processes agree at once: what `make serve` runs (workers without Redis).

Two real server processes share one SQLite file and the cache of the set-up (a folder of
files; Redis when REDIS_URL is set); a third process, a shell, changes a piece. Readers of
either server, and of Varnish in front of one, see the change on their next request.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]


def create(headline: str) -> str:
    return f"""
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
a = Article.objects.create(language="ru", headline="{headline}", lead="Лид.",
    body="<p>Текст.</p>", status="published", published_at=timezone.now() - timedelta(hours=1))
print(a.get_absolute_url())
"""


def rename(old: str, new: str) -> str:
    return f"""
from articles.models import Article
a = Article.objects.get(headline="{old}")
a.headline = "{new}"
a.save()
"""


def withdraw(headline: str) -> str:
    return f"""
from articles.models import Article
a = Article.objects.get(headline="{headline}")
a.status = "withdrawn"
a.save()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, dict, str]:
    """The status, headers and text of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


def fetch(url: str, header: str = "") -> tuple[int, str]:
    """The status and the text (or the value of `header`) of a GET."""
    status, headers, text = get(url)
    return status, headers.get(header) if header else text


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("processes")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        NEWSROOM_FRONT_CACHE=f"http://127.0.0.1:{free_port()}",  # Varnish, if installed
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        NEWSROOM_CACHE_DIR=str(folder / "cache"),
        DJANGO_CACHE_PREFIX=f"processes-{os.getpid()}",
        PYTHONUNBUFFERED="1",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env, manage


def shell(environment, code: str, *, warm: bool = False) -> str:
    """Run `code` in a third process; `warm`: it renders the changed piece's pages before it
    exits (articles/cache/warming.py; a shell otherwise leaves them to the readers)."""
    env, manage = environment
    if warm:
        code += "\nfrom articles.cache import warming\nassert warming.wait_until_idle(20)\n"
    result = subprocess.run(
        [*manage, "shell", "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={**env, "NEWSROOM_WARM_PAGES": "1" if warm else "0"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def wait_for(process, base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, "a server did not start"
        try:
            fetch(base + "/robots.txt")
            return
        except OSError:
            assert time.monotonic() < deadline, "a server did not start in time"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def servers(environment):
    env, manage = environment
    started = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in started:
            wait_for(process, base)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.terminate()
            process.wait(10)


def test_a_change_made_in_one_process_reaches_readers_of_every_other_at_once(environment, servers):
    path = shell(environment, create("Заголовок до правки"))
    shell(environment, create("Соседняя новость"))
    for base in servers:  # both servers have the pages cached
        for _ in range(2):
            assert "Заголовок до правки" in fetch(base + path)[1]
            assert "Заголовок до правки" in fetch(base + "/ru/")[1]
            assert "Соседняя новость" in fetch(base + "/ru/")[1]
        assert fetch(base + path, "X-Page-Cache")[1] == "hit"

    shell(environment, rename("Заголовок до правки", "Заголовок после правки"))
    for base in servers:
        assert "Заголовок после правки" in fetch(base + path)[1]
        assert "Заголовок после правки" in fetch(base + "/ru/")[1]

    shell(environment, withdraw("Заголовок после правки"))
    for base in servers:
        assert fetch(base + path)[0] == 404
        assert "Заголовок после правки" not in fetch(base + "/ru/")[1]


def test_a_just_published_piece_opened_by_many_readers_at_once_is_rendered_once(
    environment, servers
):
    path = shell(environment, create("Только что вышло"))
    urls = [base + path for base in servers for _ in range(12)]
    with ThreadPoolExecutor(len(urls)) as pool:
        how = list(pool.map(lambda url: fetch(url, "X-Page-Cache"), urls))
    assert all(status == 200 for status, _ in how)
    assert [served for _, served in how].count("miss") == 1, how


@pytest.fixture(scope="module")
def gunicorn(environment):
    """What `make serve` runs: gunicorn with its production settings, two workers here (of
    16 threads each, to take a burst at once), on the same database and cache."""
    env, _manage = environment
    base = f"http://127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "newsroom/gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**env, "GUNICORN_BIND": base.split("//")[1], "GUNICORN_WORKERS": "2",
             "GUNICORN_THREADS": "16", "GUNICORN_ACCESSLOG": ""},
    )  # fmt: skip
    try:
        wait_for(process, base)
        with ThreadPoolExecutor(8) as pool:  # both workers load their templates first
            list(pool.map(fetch, [base + "/kk/"] * 16))
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_an_edited_piece_that_every_server_had_kept_is_rendered_once_by_them_all(
    environment, servers
):
    path = shell(environment, create("Правка для всех"))
    for base in servers:  # each keeps a copy in its own memory too
        for _ in range(2):
            fetch(base + path)
    shell(environment, rename("Правка для всех", "Правка для всех, уточнено"))
    urls = [base + path for base in servers for _ in range(12)]
    with ThreadPoolExecutor(len(urls)) as pool:
        got = list(pool.map(get, urls))
    assert all("Правка для всех, уточнено" in text for _, _, text in got)
    served = [headers["X-Page-Cache"] for _, headers, _ in got]
    assert served.count("miss") == 1, {way: served.count(way) for way in set(served)}


def test_two_hundred_readers_of_a_just_published_piece_at_once_cause_one_render(
    environment, gunicorn
):
    path = shell(environment, create("Молния: двести читателей"))
    with ThreadPoolExecutor(200) as pool:
        how = list(pool.map(lambda url: fetch(url, "X-Page-Cache"), [gunicorn + path] * 200))
    assert all(status == 200 for status, _ in how)
    served = [served for _, served in how]
    assert served.count("miss") == 1, {way: served.count(way) for way in set(served)}


def test_a_piece_published_in_one_process_is_ready_in_every_other(environment, servers):
    path = shell(environment, create("Прогретая молния"), warm=True)
    for base in servers:
        for url in (base + path, base + "/ru/"):
            status, headers, text = get(url)
            assert status == 200
            assert headers["X-Page-Cache"] == "hit", url
            assert "Прогретая молния" in text


# ---- through Varnish ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def varnish(environment, servers, tmp_path_factory):
    """varnishd with docs/varnish.vcl in front of the first server."""
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(binary).exists():
        if os.environ.get("CI"):
            pytest.fail("varnishd is missing: CI installs varnish and varnish-modules")
        pytest.skip("VARNISH IS NOT INSTALLED: the front-cache round trip is NOT tested")
    env, _manage = environment
    port = urlsplit(env["NEWSROOM_FRONT_CACHE"]).port
    backend = urlsplit(servers[0]).port
    vcl = (ROOT / "docs" / "varnish.vcl").read_text()
    assert '.port = "8000";' in vcl
    folder = tmp_path_factory.mktemp("varnish")
    (folder / "newsroom.vcl").write_text(vcl.replace('.port = "8000";', f'.port = "{backend}";'))
    process = subprocess.Popen(
        [binary, "-F", "-j", "none", "-n", str(folder / "work"), "-a", f"127.0.0.1:{port}",
         "-f", str(folder / "newsroom.vcl"), "-s", "malloc,32m"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                get(base + "/robots.txt")
                break
            except OSError:
                assert time.monotonic() < deadline, "varnishd did not start in time"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def from_varnish(headers) -> bool:
    """Served from Varnish's cache: X-Varnish names this request and the one that stored it."""
    return len(headers["X-Varnish"].split()) == 2


def test_a_publish_an_edit_and_a_withdrawal_reach_readers_through_varnish_at_once(
    environment, varnish
):
    for _ in range(2):
        _, home, _ = get(varnish + "/ru/")
        _, unrelated, _ = get(varnish + "/kk/")
    assert from_varnish(home)
    assert from_varnish(unrelated)

    path = shell(environment, create("Срочно через Varnish"))  # a publish
    assert "Срочно через Varnish" in get(varnish + "/ru/")[2]
    assert "Срочно через Varnish" in get(varnish + path)[2]
    status, headers, _ = get(varnish + path)
    assert status == 200
    assert from_varnish(headers)

    shell(environment, rename("Срочно через Varnish", "Поправлено через Varnish"))  # an edit
    assert "Поправлено через Varnish" in get(varnish + path)[2]
    assert "Поправлено через Varnish" in get(varnish + "/ru/")[2]

    shell(environment, withdraw("Поправлено через Varnish"))  # a withdrawal
    assert get(varnish + path)[0] == 404
    assert "Поправлено через Varnish" not in get(varnish + "/ru/")[2]

    _, headers, _ = get(varnish + "/kk/")  # the unrelated page stayed in Varnish all along
    assert from_varnish(headers)
    assert int(headers["Age"]) >= int(unrelated["Age"])


def beacon(url: str, agent: str) -> tuple[int, dict]:
    """A reader's browser's reading beacon (static/newsroom/beacon.js): its status and headers."""
    request = urllib.request.Request(
        url, data=b"", method="POST", headers={"User-Agent": agent, "Sec-Fetch-Site": "same-origin"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, response.headers


READS = """
from articles import reading
from articles.models import Article
print(reading.read_counts([Article.objects.get(headline="{headline}")]).popitem()[1])
"""


def test_reads_of_pages_varnish_serves_are_counted_and_purge_its_most_read_block(
    environment, varnish
):
    headline = "Читают через Varnish"
    path = shell(environment, create(headline))
    for _ in range(2):
        _, headers, text = get(varnish + path)
        _, home, _ = get(varnish + "/ru/")
    assert from_varnish(headers)  # the piece's page comes from Varnish: only a beacon counts it
    assert from_varnish(home)
    read_url = varnish + re.search(r'data-read-url="([^"]+)"', text).group(1)
    for reader in ("Reader 1", "Reader 2", "Reader 3", "Reader 1"):
        status, headers = beacon(read_url, reader)
        assert status == 204
        assert not from_varnish(headers)  # passed to the app every time
        assert headers["Cache-Control"] == "no-store"
    assert shell(environment, READS.format(headline=headline)) == "3"

    # The first beacon ranked the pieces (none were ranked before): the home page Varnish
    # kept without the block was purged, and is kept again with it.
    for _ in range(2):
        _, home, text = get(varnish + "/ru/")
    assert from_varnish(home)
    assert headline in text.split('class="most-read"')[1]
