"""A soak's result as a summary table and a chart (hand-written SVG, no dependency).

    python bench/soak/report.py bench/soak/results/<name>.json [more.json …] [--chart out.svg]

The chart: the server's resident memory over time (MB, left axis, one line per run) above the
requests completed each second (bars, right axis, the first run); the shaded band is the load.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: bench/<name>/report.py
    sys.path.insert(0, str(ROOT))

from bench.reporting import report_main  # noqa: E402

COLORS = ("#08519c", "#cb181d", "#238b45", "#6a51a3")


def summary(result: dict) -> str:
    rss = result["rss_mb"]
    return "\n".join([
        "| run | minutes | req/s | sessions | churn | drafts | errors | RSS start / end / max / "
        "after cooldown MB |",
        "|---|---|---|---|---|---|---|---|",
        f"| {label(result)} | {result['load_seconds'] / 60:.1f} | {result['requests_per_s']} "
        f"| {result['sockets'].get('sessions', 0)} | {result['sockets'].get('churn', 0)} "
        f"| {result['drafts_known']} | {result['errors']} | {rss['load_start']} / "
        f"{rss['load_end']} / {rss['max']} / {rss['after_cooldown']} |",
    ])  # fmt: skip


def label(result: dict) -> str:
    s = result["settings"]
    return f"DEBUG={s['debug']}, {s['database']}, {s['channel_layer']} layer"


def chart(*results: dict) -> str:
    width, height, left, right, top = 900, 420, 60, 60, 40
    rss_h, bars_h, gap = 230, 80, 40
    plot_w = width - left - right
    t_max = max(r["samples"][-1]["t"] for r in results if r["samples"]) or 1
    rss_max = max(s["rss_mb"] for r in results for s in r["samples"]) * 1.1 or 1
    first = results[0]
    req_max = max((s["requests"] for s in first["samples"]), default=1) * 1.1 or 1

    def x(t: float) -> float:
        return left + t / t_max * plot_w

    def y_rss(mb: float) -> float:
        return top + rss_h - mb / rss_max * rss_h

    bars_top = top + rss_h + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="20" font-size="13">Soak, {escape(first["date"])}: '
        "the ASGI server's resident memory (MB) and HTTP requests/s</text>",
    ]
    start, end = first["load_started_at"], first["load_started_at"] + first["load_seconds"]
    parts.append(
        f'<rect x="{x(start):.1f}" y="{top}" width="{x(end) - x(start):.1f}" '
        f'height="{rss_h + gap + bars_h}" fill="#f0f0f0"/>'
    )
    for i in range(6):  # RSS grid
        mb = rss_max * i / 5
        parts.append(
            f'<line x1="{left}" y1="{y_rss(mb):.1f}" x2="{width - right}" y2="{y_rss(mb):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y_rss(mb) + 4:.1f}" text-anchor="end">'
            f"{mb:.0f}</text>"
        )
    for i in range(7):  # time axis
        t = t_max * i / 6
        parts.append(
            f'<text x="{x(t):.1f}" y="{bars_top + bars_h + 16}" text-anchor="middle">'
            f"{t / 60:.1f} min</text>"
        )
    for n, result in enumerate(results):
        points = " ".join(f"{x(s['t']):.1f},{y_rss(s['rss_mb']):.1f}" for s in result["samples"])
        color = COLORS[n % len(COLORS)]
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="1.5"/>'
        )
        rss = result["rss_mb"]
        parts.append(
            f'<text x="{left + 8}" y="{top + 14 + 14 * n}" fill="{color}">{escape(label(result))}: '
            f"{rss['load_start']} → {rss['load_end']} MB (max {rss['max']}), "
            f"{result['requests_per_s']} req/s, {result['errors']} errors</text>"
        )
    bar_w = max(1.0, plot_w / max(1, len(first["samples"])))
    for s in first["samples"]:
        h = s["requests"] / req_max * bars_h
        parts.append(
            f'<rect x="{x(s["t"]) - bar_w:.1f}" y="{bars_top + bars_h - h:.1f}" '
            f'width="{bar_w:.1f}" height="{h:.1f}" fill="#9ecae1"/>'
        )
    parts += [
        f'<line x1="{left}" y1="{bars_top + bars_h}" x2="{width - right}" '
        f'y2="{bars_top + bars_h}" stroke="black"/>',
        f'<text x="{width - right + 6}" y="{bars_top + 10}">{req_max:.0f}</text>',
        f'<text x="{width - right + 6}" y="{bars_top + bars_h}">0</text>',
        f'<text x="{left}" y="{bars_top - 6}">HTTP requests completed per second '
        "(first run; shaded: load running)</text>",
        f'<text x="{left - 6}" y="{top - 6}" text-anchor="end">MB</text>',
        "</svg>",
    ]
    return "\n".join(parts)


def main() -> None:
    report_main(
        __doc__,
        table=lambda results: "\n".join(summary(result) for result in results),
        chart=lambda results: chart(*results),
    )


if __name__ == "__main__":
    main()
