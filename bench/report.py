"""The bench's report: a table per archive, EXPLAIN plans, the figures in turn, targets."""

from articles.search import common
from bench import GROWTH, IN_TURN_ROUNDS, PAGES, UNCACHED, human


class ReportMixin:
    """For the bench command: prints (and keeps, for bench-results.txt) what was measured."""

    def table(self, size: int, result: dict) -> None:
        rows, probe = result["rows"], result["probe"]
        floor = rows["floor"]
        self.out()
        self.out(f"== Archive of {size:,} articles ({probe['vendor']}) ==")
        self.out(f"  filled in {result['fill']:.0f} s; database {probe['db_bytes'] / 2**20:,.0f} "
                 f"MiB; {probe['published_ru']:,} published in Russian; search "
                 f"“{probe['word']}” matches {probe['matches']:,} of them (the newest "
                 f"{common.MAX_CANDIDATES} ranked); article page "
                 f"{result['bytes']:,} bytes")  # fmt: skip
        self.out("  × floor: req/s ÷ floor req/s; for latencies, latency ÷ floor latency")
        self.out(f"  {'page':<24}{'req/s':>9}{'×floor':>8}{'p50 ms':>10}{'×floor':>8}"
                 f"{'p99 ms':>10}{'×floor':>8}  errors")  # fmt: skip
        for key, label in PAGES.items():
            row = rows[key]
            # One connection against the floor's many: no ratio means anything there.
            ratios = {
                stat: "–" if key == "admin_one" else f"{row[stat] / floor[stat]:.{digits}f}"
                for stat, digits in (("rps", 2), ("p50", 1), ("p99", 1))
            }
            self.out(f"  {label:<24}{row['rps']:>9,.0f}{ratios['rps']:>8}"
                     f"{row['p50']:>10.1f}{ratios['p50']:>8}"
                     f"{row['p99']:>10.1f}{ratios['p99']:>8}  "
                     f"{', '.join(row['notes']) or '-'}")  # fmt: skip
        self.out(f"  ({self.options['connections']} connections; the last row one at a time)")
        self.out("  URLs: " + "  ".join(f"{k}={rows[k]['url']}" for k in UNCACHED))

    def summary(self, results: dict, sizes: list[int], in_turn: dict) -> None:
        big, small = sizes[-1], sizes[0]
        rows, probe = results[big]["rows"], results[big]["probe"]
        self.out()
        self.out(f"== EXPLAIN on the {big:,}-article archive ({probe['vendor']}) ==")
        for name, plan in probe["plans"].items():
            self.out(f"-- {name}")
            self.out("\n".join("   " + line for line in plan.splitlines()))
        self.out()
        self.out(f"== Measured in turn ({IN_TURN_ROUNDS} rounds of {self.in_turn_seconds()} s "
                 f"each; medians; a ratio is taken within each round) ==")  # fmt: skip
        floor = in_turn["article"]["first"]
        self.out(f"  floor on the {big:,}-article archive: {floor['rps']:,.0f} req/s, "
                 f"p50 {floor['p50']:.1f} ms")  # fmt: skip
        self.out(f"  {'page ÷ floor':<24}{'req/s':>9}{'ratio':>8}{'in table':>10}")
        for key in ("article_cached", "article"):
            second, ratio = in_turn[key]["second"], in_turn[key]["ratio"]["rps"]
            apart = rows[key]["rps"] / rows["floor"]["rps"]  # the table's own ratio
            self.out(f"  {PAGES[key]:<24}{second['rps']:>9,.0f}{ratio:>8.2f}{apart:>10.2f}")
        growth = []
        if small != big:
            self.out()
            self.out(f"  {'growth, ' + human(big) + ' ÷ ' + human(small):<24}"
                     f"{'p50 ' + human(small):>9}{'p50 ' + human(big):>10}{'ratio':>8}"
                     f"{'p99 ratio':>11}{'req/s ratio':>13}{'in tables':>11}")  # fmt: skip
            for key in GROWTH:
                a, b, ratios = in_turn[key]["first"], in_turn[key]["second"], in_turn[key]["ratio"]
                ratio = ratios["p50"]
                apart = rows[key]["p50"] / results[small]["rows"][key]["p50"]  # minutes apart
                self.out(f"  {PAGES[key]:<24}{a['p50']:>9.1f}{b['p50']:>10.1f}{ratio:>8.2f}"
                         f"{ratios['p99']:>11.2f}{ratios['rps']:>13.2f}{apart:>11.2f}")  # fmt: skip
                growth.append((f"{PAGES[key]} p50 at {human(big)} ≤ 1.2 × p50 at {human(small)}",
                               f"{ratio:.2f}×", ratio <= 1.2))  # fmt: skip
        cached = in_turn["article_cached"]["ratio"]["rps"]
        uncached = in_turn["article"]["ratio"]["rps"]
        admin = rows["admin_one"]["p50"]
        checks = [
            ("cached article req/s ≥ 0.8 × floor", f"{cached:.2f}×", cached >= 0.8),
            ("uncached article req/s ≥ 0.12 × floor", f"{uncached:.2f}×", uncached >= 0.12),
            *growth,
            (
                f"admin list p50 at {human(big)}, one editor, < 300 ms",
                f"{admin:.0f} ms",
                admin < 300,
            ),
        ]
        loaded = rows["admin"]["p50"]
        self.out()
        self.out(f"== Targets (archive of {big:,} articles) ==")
        for name, value, ok in checks:
            self.out(f"  [{'PASS' if ok else 'FAIL'}] {name:<48} {value}")
        self.out(f"  {sum(ok for *_, ok in checks)} of {len(checks)} targets met.")
        self.out(
            f"  (for information: the admin list under {self.options['connections']} "
            f"connections, p50 {loaded:.0f} ms, mostly waiting behind the other requests; "
            f"the same ratios from the tables, measured minutes apart, are the 'in table(s)' "
            f"columns)"
        )
