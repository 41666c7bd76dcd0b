"""For the bench command: a live page with many updates, and the readers polling it.

Two figures (issue 19's targets), each measured in turn (rounds of back-to-back runs, the
median of each round's ratio judged, as `LoadMixin.in_turn`):
- a live page of `--live-updates` updates (500) rendered uncached against an ordinary article
  page uncached: p50 live ÷ p50 article, target < 2;
- its poll endpoint asked with If-None-Match, as an open page asks while nothing changed (a
  304 from the page cache), against the floor: req/s ÷ floor req/s, target ≥ 0.8.
"""

import json
import statistics

from django.core.management.base import CommandError

from bench import IN_TURN_ROUNDS
from bench.load import http_get

LIVE_RENDER_TARGET = 2.0  # live page p50 ÷ ordinary article page p50, uncached: below
POLL_TARGET = 0.8  # poll 304s' req/s ÷ floor req/s: at least


class LiveMixin:
    def run_live(self, size: int, result: dict) -> dict:
        env = result["env"]
        out = self.tmp / f"live-{size}.json"
        self.stdout.write(f"\nA live page of {self.options['live_updates']} updates...")
        self.manage(["fill_live", "--updates", str(self.options["live_updates"]),
                     "--out", str(out)], env)  # fmt: skip
        urls = json.loads(out.read_text())
        with self.server(env, size, cached=False, phase="live-") as base:
            render = self.turns("live-render", (base + urls["article"], {}),
                                (base + urls["live"], {}))  # fmt: skip
        with self.server(env, size, cached=True, phase="live-") as base:
            status, _body, headers = http_get(base + urls["poll"])
            etag = headers.get("ETag")
            if status != 200 or not etag:
                raise CommandError(f"the poll endpoint answered {status} without an ETag")
            again = http_get(base + urls["poll"], {"If-None-Match": etag})[0]
            if again != 304:
                raise CommandError(f"a repeated poll answered {again}, not 304")
            poll = self.turns("live-poll", (base + "/__bench__/floor/0/", {}),
                              (base + urls["poll"], {"If-None-Match": etag}))  # fmt: skip
        self.live_report(size, urls, render, poll)
        return {"render": render, "poll": poll}

    def turns(self, name: str, first: tuple, second: tuple) -> dict:
        """`first` and `second` (url, headers) loaded in rounds, alternately first."""
        runs = {"first": [], "second": []}
        for number in range(IN_TURN_ROUNDS):
            order = ("first", "second") if number % 2 == 0 else ("second", "first")
            for label in order:
                url, headers = first if label == "first" else second
                runs[label].append(self.wrk(url, headers, f"{name}-{label}-{number}",
                                            duration=max(4, self.in_turn_seconds())))  # fmt: skip
        stats = ("rps", "p50", "p99")
        pairs = list(zip(runs["first"], runs["second"], strict=True))

        def ratio(stat: str) -> float:
            # A run that completed no request (a render longer than the run) has no figure.
            found = [b[stat] / a[stat] for a, b in pairs if a[stat] and b[stat]]
            return statistics.median(found) if found else float("nan")

        return {
            "first": {s: statistics.median(r[s] for r in runs["first"]) for s in stats},
            "second": {s: statistics.median(r[s] for r in runs["second"]) for s in stats},
            "ratio": {s: ratio(s) for s in stats},
        }

    def live_report(self, size: int, urls: dict, render: dict, poll: dict) -> None:
        self.out()
        seconds = max(4, self.in_turn_seconds())
        self.out(f"== Live page of {urls['updates']} updates ({size:,}-article archive, "
                 f"{IN_TURN_ROUNDS} rounds of {seconds} s in turn) ==")  # fmt: skip
        article, live = render["first"], render["second"]
        self.out(f"  ordinary article, uncached  {article['rps']:>8,.0f} req/s  "
                 f"p50 {article['p50']:.1f} ms  p99 {article['p99']:.1f} ms")  # fmt: skip
        self.out(f"  live page, uncached         {live['rps']:>8,.0f} req/s  "
                 f"p50 {live['p50']:.1f} ms  p99 {live['p99']:.1f} ms")  # fmt: skip
        floor, polled = poll["first"], poll["second"]
        self.out(f"  floor                       {floor['rps']:>8,.0f} req/s  "
                 f"p50 {floor['p50']:.2f} ms")  # fmt: skip
        self.out(f"  poll, 304 from the cache    {polled['rps']:>8,.0f} req/s  "
                 f"p50 {polled['p50']:.2f} ms")  # fmt: skip
        slower = render["ratio"]["p50"]
        verdict = "PASS" if slower < LIVE_RENDER_TARGET else "FAIL"
        self.out(f"  target: live page p50 ÷ article p50 < {LIVE_RENDER_TARGET:g}: "
                 f"{slower:.2f}  {verdict}")  # fmt: skip
        share = poll["ratio"]["rps"]
        verdict = "PASS" if share >= POLL_TARGET else "FAIL"
        self.out(f"  target: poll 304s req/s ÷ floor ≥ {POLL_TARGET:g}: {share:.2f}  {verdict}")
        self.out(f"  URLs: live={urls['live']}  poll={urls['poll']}  article={urls['article']}")
