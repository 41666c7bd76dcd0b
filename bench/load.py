"""The bench's load: gunicorn serving an archive as production does, wrk driving it."""

import http.client
import re
import signal
import socket
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import CommandError

from bench import BASE_DIR, GROWTH, GUNICORN, IN_TURN_ROUNDS, UNCACHED, UNITS_MS


def http_get(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    """Status, body and headers of one GET (redirects are not followed)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=60)
    conn.request("GET", urlunsplit(("", "", parts.path, parts.query, "")), headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read(), dict(response.getheaders())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LoadMixin:
    """For the bench command: the tables' measures, and the measures in turn."""

    def measure(self, env: dict, probe: dict, size: int) -> tuple[dict, int]:
        urls, rows = dict(probe["urls"]), {}
        admin_headers = {"Cookie": f"{probe['cookie_name']}={probe['session']}"}
        with self.server(env, size, cached=False) as base:
            status, body, _ = http_get(base + urls["article"])
            if status != 200:
                raise CommandError(f"{urls['article']} answered {status}")
            urls["floor"] = f"/__bench__/floor/{len(body)}/"
            for key in UNCACHED:
                headers = admin_headers if key == "admin" else {}
                self.warm(base + urls[key], headers)
                rows[key] = self.wrk(base + urls[key], headers, f"{size}-{key}")
            # What an editor waits for: one request at a time. Under 16 connections on 2
            # workers, the list's p50 is mostly time spent queueing behind the other 15.
            rows["admin_one"] = self.wrk(base + urls["admin"], admin_headers, f"{size}-admin-one",
                                         connections=1)  # fmt: skip
        with self.server(env, size, cached=True) as base:
            if not self.warm(base + urls["article"], {}).get("ETag"):
                self.errors.append("the page cache did not answer the article page (no ETag)")
            rows["article_cached"] = self.wrk(base + urls["article"], {}, f"{size}-cached")
        for key, row in rows.items():
            row["url"] = urls[{"article_cached": "article", "admin_one": "admin"}.get(key, key)]
        return rows, len(body)

    @contextmanager
    def server(self, env: dict, size: int, cached: bool, phase: str = "", port: int = 0,
               extra: dict | None = None):  # fmt: skip
        """gunicorn on `port` (a free one if 0), with `extra` settings in its environment."""
        port = port or free_port()
        kind = phase + ("cached" if cached else "uncached")
        env = {
            **env, "GUNICORN_WORKERS": str(self.options["workers"]),
            "GUNICORN_THREADS": str(self.options["threads"]),
            "GUNICORN_BIND": f"127.0.0.1:{port}", "NEWSROOM_PAGE_CACHE": "1" if cached else "0",
            # An empty GUNICORN_ACCESSLOG reaches gunicorn as a file name "" and fails.
            "GUNICORN_ACCESSLOG": "/dev/null", **(extra or {}),
        }  # fmt: skip
        log_path = self.tmp / f"gunicorn-{size}-{kind}.log"
        with log_path.open("w") as log:
            command = [str(GUNICORN), "-c", "newsroom/gunicorn.conf.py", "newsroom.wsgi"]
            proc = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)
        try:
            base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise CommandError(f"gunicorn exited ({proc.returncode}):\n"
                                       + log_path.read_text()[-3000:])  # fmt: skip
                try:
                    status = http_get(base + "/__bench__/floor/16/")[0]
                except OSError:
                    status = None
                if status == 200:
                    break
                if status is not None or time.monotonic() > deadline:
                    raise CommandError(f"gunicorn ({kind}) did not serve the floor view "
                                       f"(answer {status}); see {log_path}")  # fmt: skip
                time.sleep(0.2)
            yield base
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

    def warm(self, url: str, headers: dict, times: int = 6) -> dict:
        for _ in range(times):
            status, _, response_headers = http_get(url, headers)
            if status != 200:
                raise CommandError(f"{url} answered {status} while warming up")
        return response_headers

    def wrk(self, url: str, headers: dict, name: str, connections: int | None = None,
            duration: int | None = None, script: Path | None = None) -> dict:  # fmt: skip
        """wrk on `url` (with `script`, a Lua file choosing the paths: on that server)."""
        c = connections or self.options["connections"]
        duration = duration or self.options["duration"]
        header_args = [arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")]
        script_args = ["-s", str(script)] if script else []
        cmd = [self.wrk_path, f"-t{min(2, c)}", f"-c{c}", f"-d{duration}s", "--latency",
               "--timeout", "30s", *header_args, *script_args, url]  # fmt: skip
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120)
        text = run.stdout + run.stderr
        (self.tmp / f"wrk-{name}.txt").write_text(" ".join(cmd) + "\n" + text)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
        if run.returncode or not rps:
            raise CommandError(f"wrk failed on {url}:\n{text}")

        def latency(percent: int) -> float:
            found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M)
            return float(found.group(1)) * UNITS_MS[found.group(2)] if found else float("nan")

        row = {"rps": float(rps.group(1)), "p50": latency(50), "p99": latency(99), "notes": []}
        if non2xx := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
            row["notes"].append(f"{non2xx.group(1)} non-2xx")
            self.errors.append(f"{url}: {non2xx.group(1)} non-2xx/3xx responses under load")
        if sockets := re.search(r"Socket errors: (.+)", text):  # connect, read, write, timeout
            row["notes"].append(sockets.group(1).strip())
        return row

    def measure_in_turn(self, results: dict, sizes: list[int]) -> dict:
        """The figures the targets compare, measured again in turn: each growth page on both
        archives, and the big archive's article page (uncached, and from the page cache)
        against the floor.

        The tables above measure one page after the other, minutes apart, and on a shared
        machine the machine's own speed drifts in between (the floor has moved by a quarter
        between two phases of one run). Here every server involved is up at once and loaded
        one at a time, in rounds: a run of each of the two pages compared, back to back,
        in alternating order. A ratio is taken within each round; the median is judged.
        """
        small, big = sizes[0], sizes[-1]
        rows = results[big]["rows"]
        self.stdout.write(f"\nIn turn: {IN_TURN_ROUNDS} rounds of "
                          f"{self.in_turn_seconds()} s per page compared...")  # fmt: skip
        with (
            self.server(results[small]["env"], small, cached=False, phase="turn-") as small_base,
            self.server(results[big]["env"], big, cached=False, phase="turn-") as big_base,
            self.server(results[big]["env"], big, cached=True, phase="turn-") as cached_base,
        ):
            floor, article = big_base + rows["floor"]["url"], rows["article"]["url"]
            if not self.warm(cached_base + article, {}).get("ETag"):
                self.errors.append("the page cache did not answer the article page (no ETag)")
            measured = {
                "article": self.in_turn("turn-uncached", floor, big_base + article),
                "article_cached": self.in_turn("turn-cached", floor, cached_base + article),
            }
            if small != big:
                for key in GROWTH:
                    measured[key] = self.in_turn(
                        f"turn-{key}",
                        small_base + results[small]["rows"][key]["url"],
                        big_base + rows[key]["url"],
                    )
        return measured

    def in_turn_seconds(self) -> int:
        return max(2, self.options["duration"] // 2)

    def in_turn(self, name: str, first: str, second: str) -> dict:
        """`first` and `second` loaded in IN_TURN_ROUNDS rounds (first-second, second-first,
        ...): the median of each figure, and the median of each round's second ÷ first."""
        runs: dict[str, list[dict]] = {first: [], second: []}
        for url in runs:
            self.warm(url, {})
        for number in range(IN_TURN_ROUNDS):
            for url in (first, second) if number % 2 == 0 else (second, first):
                label = "first" if url == first else "second"
                runs[url].append(self.wrk(url, {}, f"{name}-{label}-{number}",
                                          duration=self.in_turn_seconds()))  # fmt: skip
        stats = ("rps", "p50", "p99")
        return {
            "first": {s: statistics.median(r[s] for r in runs[first]) for s in stats},
            "second": {s: statistics.median(r[s] for r in runs[second]) for s in stats},
            "ratio": {
                s: statistics.median(
                    b[s] / a[s] for a, b in zip(runs[first], runs[second], strict=True)
                )
                for s in stats
            },
        }
