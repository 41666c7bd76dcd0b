"""The working desk: readers' load while an editor works in the admin, as a newsroom is.

On one archive (the small one by default; `bench --desk-only` runs this part alone), with
the page cache on:

1. Readers' mix (wrk: home pages in every language, Russian pieces, sections, the RSS feed)
   in alternating rounds, quiet and with the desk at work: an editor saving a published
   piece through the admin's change form every DESK_SAVE_SECONDS and publishing a new one
   through the add form every DESK_PUBLISH_SECONDS (bench/editor.py). req/s and
   p99 per mode, the desk ÷ quiet ratio within each round, medians.
2. What the page cache answered readers under the desk (gunicorn's access log), and the
   renders per page per change: a change touches a page when the page carries one of the
   keys the change purges (its xkey header).
3. After each save returns, the changed piece's page read several times at once: readers
   who got the old headline.
4. A breaking piece's first burst: FIRST_BURST readers at once, right after its publish
   and again after its page is purged; renders counted.
5. What a page costs when it is not in the page cache, × the floor: after a change
   elsewhere (the page rendered and stored as on a miss, everything else warm: the
   X-Bench-Page-Miss header of bench servers) and cold (the page cache off).
6. The desk again with Varnish (docs/varnish.vcl) in front, purged by the app.
7. The desk again with the admin on gunicorn workers of its own (`--desk-workers`, 1 by
   default), readers on theirs, as a proxy routing /admin/ would have it: the saves' and
   warming's work no longer queues readers behind it.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter, defaultdict
from contextlib import nullcontext

from django.core.management.base import CommandError

from bench.editor import DeskError, Editor
from bench.load import free_port, http_get
from bench.middleware import MISS_HEADER
from bench.readers import (
    answers,
    first_requests,
    log_size,
    mix_script,
    page_keys,
    readers_counts,
    renders_per_path,
    server_log,
    varnish,
    varnish_counters,
    varnishd_path,
)

DESK_SAVE_SECONDS = 2
DESK_PUBLISH_SECONDS = 30
FIRST_PUBLISH_AT = 15  # seconds of desk time: the first publish falls within the first round
FIRST_BURST = 200
FIGURE_PAGES = ("article", "home", "section", "feed")
FIGURE_ROUNDS = 3


def cache_outages(server_log) -> dict:
    """What the workers logged of the shared cache failing (a Redis call that timed out
    trips it for a few seconds): the trips, and the changes it could not record."""
    text = server_log.read_text(errors="replace") if server_log.exists() else ""
    return {
        "trips": text.count("Redis cache unavailable"),
        "unrecorded": text.count("could not record a site change"),
    }


class DeskAtWork:
    """The editor's working hours: a thread saving and publishing on the desk's clock,
    which runs only while the desk is at work (so publishes spread over the desk rounds)."""

    def __init__(self, command, editor: Editor):
        self.command, self.editor = command, editor
        self.stop, self.error = threading.Event(), None
        self.thread = threading.Thread(target=self._work, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise CommandError(f"the desk's editor failed: {self.error}") from self.error

    def _work(self):
        command, started = self.command, time.monotonic()
        clock = command.desk_clock
        try:
            while not self.stop.is_set():
                now = clock + time.monotonic() - started
                if now >= command.next_publish:
                    command.desk_number += 1
                    self.editor.publish_and_read(command.desk_number)
                    command.next_publish += DESK_PUBLISH_SECONDS
                command.desk_number += 1
                self.editor.save_piece(command.desk_number)
                begun = clock + time.monotonic() - started
                self.stop.wait(max(0.0, DESK_SAVE_SECONDS - (begun - now)))
        except (DeskError, OSError) as error:
            self.error = error
        finally:
            command.desk_clock = clock + time.monotonic() - started


class DeskMixin:
    """For the bench command: the working desk's measures and report."""

    def run_desk(self, size: int, result: dict) -> None:
        env, probe = result["env"], result["probe"]
        desk = probe["desk"]
        paths = [*desk["homes"], *desk["articles"], *desk["sections"], desk["feed"]]
        script = mix_script(self.tmp / "desk-mix.lua", paths)
        self.desk_number, self.desk_clock, self.next_publish = 0, 0.0, FIRST_PUBLISH_AT
        rounds, seconds = self.options["desk_rounds"], self.options["desk_seconds"]
        self.stdout.write(f"\nThe working desk on {size:,} articles: {rounds} rounds of "
                          f"{seconds} s quiet and at work...")  # fmt: skip
        log = self.tmp / f"gunicorn-{size}-desk-access.log"
        with self.server(env, size, cached=True, phase="desk-", extra=server_log({}, log)) as base:
            editor = self.editor(base, base, desk)
            desk_run = self.desk_rounds("desk", base, script, editor, log, desk, rounds)
            desk_run["outages"] = cache_outages(self.tmp / f"gunicorn-{size}-desk-cached.log")
            self.stdout.write("A breaking piece's first burst...")
            burst = self.first_burst(env, base, editor)
        pool = None
        if workers := self.options["desk_workers"]:
            self.stdout.write(f"The working desk with the admin on {workers} worker(s) of its "
                              "own...")  # fmt: skip
            log = self.tmp / f"gunicorn-{size}-pool-access.log"
            admin_env = {"GUNICORN_WORKERS": str(workers)}
            with (
                self.server(env, size, cached=True, phase="pool-", extra=server_log({}, log))
                as readers,
                self.server(env, size, cached=True, phase="pool-admin-", extra=admin_env)
                as admin,
            ):  # fmt: skip
                editor = self.editor(admin, readers, desk)
                pool = self.desk_rounds("pool", readers, script, editor, log, desk, rounds)
            pool["workers"] = workers
        self.stdout.write("What a page costs off the page cache...")
        figures = self.render_figures(env, size, probe)
        behind = None
        if varnishd_path():
            self.stdout.write("The working desk behind Varnish...")
            behind = self.desk_behind_varnish(env, size, desk, max(3, rounds - 2))
        else:
            self.errors.append("varnishd is not installed: the desk behind Varnish was not run")
        self.desk_report(size, probe, desk_run, burst, figures, behind, pool)

    def editor(self, base: str, readers: str, desk: dict) -> Editor:
        editor = Editor(base=base, readers=readers, piece_id=desk["edited"], run=self.token)
        editor.log_in("bench", self.secret)
        editor.open_piece()
        return editor

    # ---- 1-3: quiet and working, in turn ----------------------------------------------

    def desk_rounds(self, name: str, readers: str, script, editor: Editor, log, desk: dict,
                    rounds: int, varnish_folder=None) -> dict:  # fmt: skip
        """Rounds of quiet and working desk (alternating which goes first): wrk's figures,
        what readers were answered, renders and changes per page, stale reads."""
        paths = [*desk["homes"], *desk["articles"], *desk["sections"], desk["feed"]]
        for path in paths:
            self.warm(readers + path, {}, times=3)
        keys = page_keys(editor.base, paths)
        touched_by_save = {p for p, k in keys.items() if k & set(desk["save_keys"])}
        touched_by_publish = {p for p, k in keys.items() if k & set(desk["publish_keys"])}
        runs: dict[str, list[dict]] = {"quiet": [], "desk": []}
        answered = {"quiet": Counter(), "desk": Counter()}
        renders, changes, worker_ms = Counter(), Counter(), defaultdict(list)
        for number in range(rounds):
            for mode in ("quiet", "desk") if number % 2 == 0 else ("desk", "quiet"):
                start, front = log_size(log), varnish_folder and varnish_counters(varnish_folder)
                saves, publishes = editor.saves, editor.publishes
                with DeskAtWork(self, editor) if mode == "desk" else nullcontext():
                    runs[mode].append(self.wrk(readers + "/", {}, f"{name}-{mode}-{number}",
                                               duration=self.options["desk_seconds"],
                                               script=script))  # fmt: skip
                time.sleep(0.3)  # the workers' last lines reach the log
                logged = answers(log, start, log_size(log))
                if varnish_folder:
                    after = varnish_counters(varnish_folder)
                    answered[mode].update({k: after[k] - front[k] for k in after})
                else:
                    answered[mode].update(readers_counts(logged))
                if mode == "desk":
                    renders.update(renders_per_path(logged))
                    for answer in logged:
                        worker_ms[answer.how].append(answer.ms)
                    saved, added = editor.saves - saves, editor.publishes - publishes
                    for path in paths:
                        changes[path] += saved * (path in touched_by_save)
                        changes[path] += added * (path in touched_by_publish)
        stats = ("rps", "p50", "p99")
        return {
            "quiet": {s: statistics.median(r[s] for r in runs["quiet"]) for s in stats},
            "desk": {s: statistics.median(r[s] for r in runs["desk"]) for s in stats},
            "ratios": {
                s: [d[s] / q[s] for q, d in zip(runs["quiet"], runs["desk"], strict=True)]
                for s in stats
            },
            "answered": answered,
            "renders": {p: renders[p] for p in paths},
            "changes": dict(changes),
            "worker_ms": dict(worker_ms),
            "editor": {  # what it did in these rounds (the burst comes after)
                "saves": editor.saves,
                "publishes": editor.publishes,
                "stale": editor.stale,
                "unchanged": editor.unchanged,
                "stale_reads": editor.stale_reads,
                "save_seconds": list(editor.save_seconds),
                "published": list(editor.published),
            },  # fmt: skip
        }

    # ---- 4: a breaking piece's first burst ----------------------------------------------

    def first_burst(self, env: dict, base: str, editor: Editor) -> dict:
        self.desk_number += 1
        path, _ = editor.publish(self.desk_number)
        published = first_requests(base, path, FIRST_BURST)
        self.manage(["bench", "--purge", f"article:{editor.last_published}"], env)
        purged = first_requests(base, path, FIRST_BURST)
        return {"published": published, "purged": purged, "path": path}

    # ---- 5: misses and cold renders, × the floor ----------------------------------------

    def render_figures(self, env: dict, size: int, probe: dict) -> dict:
        """Each page rendered on every request: after a change elsewhere (page cache on, the
        page's own entry rendered again, the rest warm) and cold (the page cache off), in
        FIGURE_ROUNDS rounds beside the floor; the median of each round's ratio."""
        urls = probe["urls"]
        seconds = max(2, self.options["desk_seconds"] // 3)
        with (
            self.server(env, size, cached=True, phase="figures-") as warm,
            self.server(env, size, cached=False, phase="figures-") as cold,
        ):
            status, body, _ = http_get(warm + urls["article"])
            if status != 200:
                raise CommandError(f"{urls['article']} answered {status}")
            runs = {"floor": (warm + f"/__bench__/floor/{len(body)}/", {})}
            for page in FIGURE_PAGES:
                runs[f"miss-{page}"] = (warm + urls[page], {MISS_HEADER: "1"})
                runs[f"cold-{page}"] = (cold + urls[page], {})
            for url, headers in runs.values():
                self.warm(url, {}, times=3)  # fragments and all else warm; then each kind
                self.warm(url, headers, times=3)
            rows: dict[str, list[dict]] = {name: [] for name in runs}
            for number in range(FIGURE_ROUNDS):
                order = list(runs) if number % 2 == 0 else list(reversed(runs))
                for name in order:
                    url, headers = runs[name]
                    rows[name].append(self.wrk(url, headers, f"figure-{name}-{number}",
                                               duration=seconds))  # fmt: skip
        ratios = {
            name: statistics.median(
                row["rps"] / floor["rps"]
                for row, floor in zip(rows[name], rows["floor"], strict=True)  # fmt: skip
            )
            for name in runs
            if name != "floor"
        }
        return {"ratios": ratios, "floor": statistics.median(r["rps"] for r in rows["floor"]),
                "rps": {n: statistics.median(r["rps"] for r in rows[n]) for n in runs},
                "seconds": seconds}  # fmt: skip

    # ---- 6: behind Varnish --------------------------------------------------------------

    def desk_behind_varnish(self, env: dict, size: int, desk: dict, rounds: int) -> dict:
        front_port, app_port = free_port(), free_port()
        log = self.tmp / f"gunicorn-{size}-varnish-access.log"
        extra = server_log({"NEWSROOM_FRONT_CACHE": f"http://127.0.0.1:{front_port}"}, log)
        folder = self.tmp / "varnish"
        script = self.tmp / "desk-mix.lua"
        with (
            self.server(
                env, size, cached=True, phase="varnish-", port=app_port, extra=extra
            ) as base,  # fmt: skip
            varnish(front_port, app_port, folder) as front,
        ):
            editor = self.editor(base, front, desk)
            run = self.desk_rounds("varnish", front, script, editor, log, desk, rounds,
                                   varnish_folder=folder)  # fmt: skip
        run["outages"] = cache_outages(self.tmp / f"gunicorn-{size}-varnish-cached.log")
        return run
