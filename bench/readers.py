"""The working desk's readers: wrk's mix of pages, what the page cache told each of them
(gunicorn's access log), a breaking piece's first burst, and Varnish in front."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.management.base import CommandError

from bench import BASE_DIR

# Path, status, the page cache's answer (hit, miss, waited, stale; "-" off the cache), the
# milliseconds the worker took, and the user agent (the editor's requests name it; wrk's send
# none) of every request.
ACCESS_LOG_FORMAT = "%(U)s %(s)s %({x-page-cache}o)s %(M)s %(a)s"
# Rendered by the request that got it; the others were served from the cache.
RENDERED = "miss"
SERVED = ("hit", "waited", "stale")

MIX_SCRIPT = """-- The readers' mix of `make bench`'s working desk: each request the next path,
-- in turn; each thread starts at a different one.
local paths = {%(paths)s}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("start", threads * 7)
end
function init(args)
  i = start or 0
end
function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def mix_script(path: Path, paths: list[str]) -> Path:
    path.write_text(MIX_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
    return path


def server_log(extra: dict, log: Path) -> dict:
    """gunicorn's settings for an access log of ACCESS_LOG_FORMAT in `log`."""
    return {**extra, "GUNICORN_ACCESSLOG": str(log),
            "GUNICORN_CMD_ARGS": f"--access-logformat '{ACCESS_LOG_FORMAT}'"}  # fmt: skip


def log_size(log: Path) -> int:
    return log.stat().st_size if log.exists() else 0


class Answer(NamedTuple):
    path: str
    status: str
    how: str  # the page cache's answer
    ms: int  # the worker's time
    editor: bool  # asked by the editor (reading after a save), not by a reader


def answers(log: Path, start: int, end: int) -> list[Answer]:
    """The requests logged between the offsets `start` and `end`, the admin's left out."""
    with log.open("rb") as file:
        file.seek(start)
        text = file.read(end - start).decode("utf-8", "replace")
    found = []
    for line in text.splitlines():
        parts = line.split(" ", 4)
        if len(parts) == 5 and not parts[0].startswith(("/admin/", "/__bench__/")):
            path, status, how, ms, agent = parts
            found.append(Answer(path, status, how, int(ms) if ms.isdigit() else 0, agent != "-"))
    return found


def readers_counts(logged: list[Answer]) -> Counter:
    """The page cache's answers to wrk's readers (not to the editor's checks)."""
    return Counter(answer.how for answer in logged if not answer.editor)


def renders_per_path(logged: list[Answer]) -> Counter:
    """Renders per path, whoever asked (a reader, or the editor reading after a save)."""
    return Counter(answer.path for answer in logged if answer.how == RENDERED)


def page_keys(base: str, paths: list[str]) -> dict[str, set[str]]:
    """The surrogate keys each page carries (its xkey header)."""
    keys = {}
    for path in paths:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        keys[path] = set((response.getheader("xkey") or "").split())
        conn.close()
    return keys


def first_requests(base: str, path: str, count: int) -> Counter:
    """`count` readers ask for `path` at the same moment (each connected first, then all
    let go at once): the page cache's answers, and any failures."""
    parts, gate = urlsplit(base), threading.Barrier(count)
    results: list[str] = []
    lock = threading.Lock()

    def read():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            conn.connect()
            gate.wait(timeout=60)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            how = response.getheader("X-Page-Cache") if response.status == 200 else None
            result = how or f"HTTP {response.status}"
        except (OSError, threading.BrokenBarrierError) as error:
            result = f"failed: {type(error).__name__}"
        finally:
            conn.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=read) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(results)


# ---- Varnish --------------------------------------------------------------------------


def varnishd_path() -> str | None:
    found = shutil.which("varnishd") or "/usr/sbin/varnishd"
    return found if Path(found).exists() else None


@contextmanager
def varnish(port: int, backend_port: int, folder: Path):
    """varnishd with docs/varnish.vcl on `port`, in front of gunicorn on `backend_port`."""
    vcl = (BASE_DIR / "docs" / "varnish.vcl").read_text()
    if '.port = "8000";' not in vcl:
        raise CommandError("docs/varnish.vcl no longer names its backend's port as 8000")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "newsroom.vcl").write_text(
        vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
    )
    log = (folder / "varnishd.log").open("w")
    process = subprocess.Popen(
        [varnishd_path(), "-F", "-j", "none", "-n", str(folder / "work"),
         "-a", f"127.0.0.1:{port}", "-f", str(folder / "newsroom.vcl"), "-s", "malloc,256m"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise CommandError("varnishd exited:\n" + (folder / "varnishd.log").read_text())
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/robots.txt")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise CommandError("varnishd did not answer in 30 s") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def varnish_counters(folder: Path) -> dict[str, int]:
    """Varnish's own count of hits and misses so far (varnishstat)."""
    run = subprocess.run(
        [shutil.which("varnishstat") or "varnishstat", "-n", str(folder / "work"), "-1",
         "-f", "MAIN.cache_hit", "-f", "MAIN.cache_miss", "-f", "MAIN.s_pass"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    counters: dict[str, int] = defaultdict(int)
    for line in run.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            counters[parts[0].removeprefix("MAIN.")] = int(parts[1])
    return counters
