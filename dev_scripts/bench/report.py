"""The table printed at the end of a run."""

from __future__ import annotations

import statistics

from .results import Measurement, Results


def median_of(ms: list[Measurement], attr: str) -> float | None:
    values = [getattr(m, attr) for m in ms if getattr(m, attr) is not None]
    return statistics.median(values) if values else None


def print_table(results: Results) -> None:
    s = results.settings
    print(
        f"\nHeavy Stack bench: {s['project']}, {results.machine['cpus']} CPUs, "
        f"Python {results.machine['python']}, wrk -t1 -c32 {s['seconds']} s "
        f"(+{s['warmup']} s warm-up), {s['rows']} rows"
    )
    print(f"\n{'step':<40}{'seconds':>8}")
    for name, secs in results.timings_s.items():
        note = results.notes.get(name, "")
        shown = "failed" if secs is None else f"{secs:.2f}"
        print(f"{name:<40}{shown:>8}  {note}".rstrip())
    rounds = sorted({m.round for m in results.measurements})
    if not rounds:
        return
    slug = s["slug"]
    header = (
        f"{'server endpoint':<40}{'req/s':>8}{'p99 ms':>8}{'cpu us/req':>11}{'pg us/req':>10}"
        f"{'other %':>8}"
    )
    print("\n" + header + ("   per round (req/s)" if len(rounds) > 1 else ""))
    seen: list[tuple[str, str]] = []
    for m in results.measurements:
        if (m.target, m.endpoint) not in seen:
            seen.append((m.target, m.endpoint))
    for target, endpoint in seen:
        ms = [m for m in results.measurements if (m.target, m.endpoint) == (target, endpoint)]
        name = f"{slug if target == 'ours' else target} {endpoint}"
        row = f"{name:<40}{median_of(ms, 'req_per_s'):>8.0f}{median_of(ms, 'p99_ms'):>8.1f}"
        cpu = median_of(ms, "server_cpu_us")
        if cpu is not None:
            row += f"{cpu:>11.0f}{median_of(ms, 'db_cpu_us'):>10.0f}"
            row += f"{median_of(ms, 'busy_elsewhere_pct'):>8.0f}"
        else:
            row += " " * 29
        if len(rounds) > 1:
            row += "   " + " / ".join(f"{m.req_per_s:.0f}" for m in ms)
        if not all(m.clean for m in ms):
            row += "  ERRORS (non-2xx or socket errors)"
        print(row)
    if results.ratios:
        print(f"\n{'ratio of req/s (median of rounds)':<48}{'value':>8}{'target':>8}")
        for r in results.ratios:
            ours = str(r["ours"]).split("?")[0]
            name = f"{ours} ÷ {r['peer']} {r['peer_endpoint']}"
            target = r["target"]
            verdict = "" if target is None else ("  ok" if r["median"] >= target else "  BELOW")
            extra = (
                "   " + " / ".join(f"{v:.2f}" for v in r["per_round"])
                if len(r["per_round"]) > 1
                else ""
            )
            tgt = "info" if target is None else f">={target:.2f}"
            print(f"{name:<48}{r['median']:>8.2f}{tgt:>8}{verdict}{extra}")
    if results.load:
        heading = "replay (ReplayUser, --pace 0, after sign-up)"
        print(f"\n{heading:<48}{'sess/s':>8}{'WS p50':>8}{'WS p95':>8}  sign-ups")
        for load in results.load:
            window = f"{load['window_s'] or 0:.0f} s"
            think = f", think {load['think_s']} s" if load.get("think_s") else ""
            name = f"{load['users']} users{think}, {load['sessions']} sessions in {window}"
            failed = f"  {load['failures']} FAILED" if load["failures"] else ""
            rate, p50, p95 = load["sessions_per_s"], load["ws_p50_ms"] or 0, load["ws_p95_ms"] or 0
            sign_up = f"{load['sign_up_s'] or 0:>7.1f} s"
            print(f"{name:<48}{rate:>8.1f}{p50:>6.0f}ms{p95:>6.0f}ms  {sign_up}{failed}")
    if results.pages:
        pages = results.pages
        print(
            f"\nidle notes pages: {pages['mb_per_page']:.2f} MB per open page "
            f"(serve RSS {pages['rss_before_mb']:.0f} MB, {pages['rss_open_mb']:.0f} MB with "
            f"{pages['pages']} open, {pages['rss_closed_mb']:.0f} MB after they closed;"
            f"\n{pages['rss_open_again_mb']:.0f} and {pages['rss_closed_again_mb']:.0f} MB "
            "with as many opened and closed again)"
        )
    if results.jobs:
        heading = f"job queue ({results.jobs[0]['jobs']} jobs each)"
        print(f"\n{heading:<40}{'jobs/s':>8}{'queued/s':>9}{'wait p50':>10}{'wait p95':>10}")
        for figures in results.jobs:
            name = f"{figures['workers']} worker{'s' if figures['workers'] > 1 else ''}"
            failed = f"  {figures['failed']} FAILED" if figures["failed"] else ""
            print(
                f"{name:<40}{figures['jobs_per_s']:>8.0f}{figures['enqueue_per_s']:>9.0f}"
                f"{figures['latency_p50_ms']:>8.1f}ms{figures['latency_p95_ms']:>8.1f}ms{failed}"
            )
        print("jobs/s: first job queued to last one done; wait: queued until a worker started it")
    print(
        "\ncpu/pg us/req: CPU time per request of the server process and of PostgreSQL;"
        "\nother %: CPU used meanwhile by other jobs on this machine (above ~10 %, req/s"
        "\nand the ratios are noisy; the CPU times per request much less so)."
    )
    if results.leftovers:
        print(f"\nLEFTOVER processes had to be killed: {results.leftovers}")
