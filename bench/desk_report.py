"""The working desk's report: what readers got while an editor worked, and its targets."""

from __future__ import annotations

import math
import statistics
from collections import Counter

from bench.desk import (
    DESK_PUBLISH_SECONDS,
    DESK_SAVE_SECONDS,
    FIGURE_PAGES,
    FIGURE_ROUNDS,
    FIRST_BURST,
)
from bench.editor import STALE_READS
from bench.readers import RENDERED, SERVED

# Issue 16's targets.
MIN_RPS_RATIO, MAX_P99_RATIO, MIN_HIT_RATIO = 0.8, 2.0, 0.95
MIN_MISS = {"article": 0.15, "home": 0.08, "section": 0.08, "feed": 0.08}
FIGURE_LABELS = {"article": "article", "home": "home", "section": "section", "feed": "RSS feed"}


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def served_from_cache(answered: Counter, varnish: bool) -> tuple[int, int]:
    """Requests served without a render, and all requests (the app's or Varnish's)."""
    if varnish:
        served = answered["cache_hit"]
        return served, served + answered["cache_miss"] + answered["s_pass"]
    return sum(answered[how] for how in SERVED), sum(answered.values())


class DeskReportMixin:
    """For the bench command: prints the working desk's figures and its targets."""

    def desk_report(self, size, probe, desk_run, burst, figures, behind, pool=None) -> None:
        checks = []
        self.out()
        self.out(f"== The working desk: archive of {size:,} articles ({probe['vendor']}) ==")
        desk = probe["desk"]
        self.out(f"  readers' mix: {len(desk['homes'])} home pages, {len(desk['articles'])} "
                 f"Russian pieces, {len(desk['sections'])} sections, the RSS feed, in turn; "
                 f"wrk -c{self.options['connections']}, page cache on")  # fmt: skip
        self.out(f"  the desk: an editor saves piece {desk['edited']} through the admin's "
                 f"change form every {DESK_SAVE_SECONDS} s (headline and body) and publishes "
                 f"a new piece through the add form every {DESK_PUBLISH_SECONDS} s")  # fmt: skip
        checks += self.desk_mode_lines("the app's page cache", desk_run, varnish=False)
        checks += self.burst_lines(burst)
        checks += self.figure_lines(figures)
        if behind is not None:
            checks += self.desk_mode_lines("Varnish in front", behind, varnish=True)
        if pool is not None:
            title = f"the admin on {pool['workers']} worker(s) of its own"
            checks += self.desk_mode_lines(title, pool, varnish=False)
        self.out()
        self.out(f"== Targets of the working desk (archive of {size:,} articles) ==")
        for name, value, ok in checks:
            self.out(f"  [{'PASS' if ok else 'FAIL'}] {name:<56} {value}")
        self.out(f"  {sum(ok for *_, ok in checks)} of {len(checks)} targets met.")

    def desk_mode_lines(self, title: str, run: dict, varnish: bool) -> list:
        editor, rounds = run["editor"], len(run["ratios"]["rps"])
        seconds = self.options["desk_seconds"]
        self.out()
        self.out(f"  -- {title}: {rounds} rounds of {seconds} s per mode, alternating; medians; "
                 f"ratios within each round --")  # fmt: skip
        self.out(f"  {'mode':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
        for mode in ("quiet", "desk"):
            row = run[mode]
            self.out(f"  {mode + (' desk' if mode == 'quiet' else ' at work'):<22}"
                     f"{row['rps']:>9,.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}")  # fmt: skip
        rps = statistics.median(run["ratios"]["rps"])
        p99 = statistics.median(run["ratios"]["p99"])
        each = "  ".join(f"{r:.2f}" for r in run["ratios"]["rps"])
        each99 = "  ".join(f"{r:.2f}" for r in run["ratios"]["p99"])
        self.out(f"  at work ÷ quiet: req/s {rps:.2f}× (rounds: {each}); "
                 f"p99 {p99:.2f}× (rounds: {each99})")  # fmt: skip
        answered = run["answered"]["desk"]
        served, total = served_from_cache(answered, varnish)
        if varnish:
            self.out(f"  Varnish under the desk: {total:,} requests: {share(served, total)} "
                     f"hits, {answered['cache_miss']:,} misses, {answered['s_pass']:,} "
                     f"passed")  # fmt: skip
        else:
            parts = ", ".join(f"{how} {share(answered[how], total)}"
                              for how in ("hit", "waited", "stale", RENDERED))  # fmt: skip
            self.out(f"  readers' answers under the desk: {total:,} requests: {parts}")
        if (times := run["worker_ms"]).get(RENDERED):
            cached = sorted(ms for how in SERVED for ms in times.get(how, []))
            self.out(f"  the workers' own time under the desk (access log): a render "
                     f"{statistics.median(times[RENDERED]):.0f} ms (median), slowest "
                     f"{max(times[RENDERED])} ms; from the cache, p99 "
                     f"{cached[int(len(cached) * 0.99)] if cached else 0} ms")  # fmt: skip
        if outages := run.get("outages", {}).get("trips"):
            self.out(f"  the shared cache failed {outages} time(s) (a Redis call timed out): "
                     f"{run['outages']['unrecorded']} purges could not be recorded; see the "
                     f"gunicorn log in the temp dir")  # fmt: skip
        renders_line = self.renders_lines(title, run)
        if saves := editor["save_seconds"]:
            self.out(f"  the editor: {editor['saves']} saves (answered in "
                     f"{statistics.median(saves) * 1000:.0f} ms, median), "
                     f"{editor['publishes']} publishes")  # fmt: skip
        stale, reads = editor["stale"], editor["stale_reads"]
        self.out(f"  stale: {stale} of {reads} reads of the piece's page right after its save "
                 f"({STALE_READS} per save, 4 at a time) showed the old headline; "
                 f"{editor['unchanged']} showed neither")  # fmt: skip
        for published in editor["published"]:
            self.out(f"  right after a publish: the first reader got '{published['first']}' "
                     f"in {published['first_ms']:.0f} ms; served from the cache "
                     f"{published['hit_after_ms']:.0f} ms after the publish answered")  # fmt: skip
        where = "Varnish" if varnish else "page cache"
        return [
            (f"{title}: req/s at work ≥ {MIN_RPS_RATIO} × quiet", f"{rps:.2f}×",
             rps >= MIN_RPS_RATIO),
            (f"{title}: p99 at work ≤ {MAX_P99_RATIO:g} × quiet", f"{p99:.2f}×",
             p99 <= MAX_P99_RATIO),
            (f"{title}: {where} served ≥ {MIN_HIT_RATIO:.0%} at work", share(served, total),
             bool(total) and served / total >= MIN_HIT_RATIO),
            (f"{title}: old headlines read after a save = 0", f"{stale} of {reads}",
             stale == 0 and editor["unchanged"] == 0 and editor["saves"] > 0),
            *renders_line,
        ]  # fmt: skip

    def renders_lines(self, title: str, run: dict) -> list:
        """Renders per page per change; a page untouched by any change should not render."""
        renders, changes = run["renders"], run["changes"]
        self.out(f"  {'page (renders under the desk)':<64}{'changes':>8}{'renders':>8}"
                 f"{'each':>6}")  # fmt: skip
        for path, count in renders.items():
            touched = changes.get(path, 0)
            each = f"{count / touched:.2f}" if touched else "–"
            self.out(f"  {path[:62]:<64}{touched:>8}{count:>8}{each:>6}")
        touched_renders = sum(n for p, n in renders.items() if changes.get(p))
        untouched = sum(n for p, n in renders.items() if not changes.get(p))
        total_changes = sum(changes.values())
        each = touched_renders / total_changes if total_changes else math.nan
        self.out(f"  renders per page per change: {each:.2f} ({touched_renders} renders for "
                 f"{total_changes} page-changes); renders of pages no change touched: "
                 f"{untouched}")  # fmt: skip
        self.out("  (renders from the access log: those a request made; page warming's, made "
                 "off the request after a publish or edit commits, are not in it)")  # fmt: skip
        return [(f"{title}: renders per page per change ≤ 1", f"{each:.2f}", each <= 1.0)]

    def burst_lines(self, burst: dict) -> list:
        self.out()
        self.out(f"  -- A breaking piece's first burst: {FIRST_BURST} readers at once "
                 f"({burst['path']}) --")  # fmt: skip
        for when, label in (("published", "right after its publish"),
                            ("purged", "after its page was purged")):  # fmt: skip
            counts = burst[when]
            parts = ", ".join(f"{how} {n}" for how, n in counts.most_common())
            self.out(f"  {label:<28} renders {counts[RENDERED]}  ({parts})")
        purged, published = burst["purged"], burst["published"]
        failures = sum(
            n for how, n in {**purged, **published}.items() if how.startswith(("HTTP", "failed"))
        )  # noqa: E501
        return [
            (f"{FIRST_BURST} first requests after a purge: 1 render", str(purged[RENDERED]),
             purged[RENDERED] == 1 and not failures),
            (f"{FIRST_BURST} first requests after a publish: ≤ 1 render",
             str(published[RENDERED]), published[RENDERED] <= 1 and not failures),
        ]  # fmt: skip

    def figure_lines(self, figures: dict) -> list:
        self.out()
        self.out(f"  -- Off the page cache, × floor req/s ({FIGURE_ROUNDS} rounds of "
                 f"{figures['seconds']} s; the median of each round's ratio; floor "
                 f"{figures['floor']:,.0f} req/s) --")  # fmt: skip
        self.out(f"  {'page':<12}{'miss after a change elsewhere':>32}{'cold render':>16}")
        checks = []
        for page in FIGURE_PAGES:
            miss, cold = figures["ratios"][f"miss-{page}"], figures["ratios"][f"cold-{page}"]
            rps = figures["rps"]
            self.out(f"  {FIGURE_LABELS[page]:<12}{miss:>18.3f}× ({rps[f'miss-{page}']:>6,.0f}/s)"
                     f"{cold:>9.3f}× ({rps[f'cold-{page}']:>5,.0f}/s)")  # fmt: skip
            checks.append((f"{FIGURE_LABELS[page]}: a miss after a change elsewhere ≥ "
                           f"{MIN_MISS[page]} × floor", f"{miss:.3f}×",
                           miss >= MIN_MISS[page]))  # fmt: skip
        return checks
