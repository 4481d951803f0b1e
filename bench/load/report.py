"""bench/load results side by side: a markdown table on stdout, throughput bars as SVG.

python bench/load/report.py [--chart bench/load/throughput.svg] results/<date>-1w.json ...
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: bench/<name>/report.py
    sys.path.insert(0, str(ROOT))

from bench.reporting import report_main  # noqa: E402

TARGET = 0.5  # issue 14: members' throughput ≥ 0.5 × the floor's


def aggregate(rows: list[dict]) -> dict:
    return next(row for row in rows if row["name"] == "Aggregated")


def table(results: list[dict]) -> str:
    lines = [
        "| workers | endpoint | requests | failures | p50 ms | p95 ms | requests/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for kind in ("floor", "members"):
            for row in r[kind]:
                name = f"**{kind}, all**" if row["name"] == "Aggregated" else row["name"]
                lines.append(
                    f"| {r['workers']} | {name} | {row['requests']} | {row['failures']} | "
                    f"{row['p50_ms']:g} | {row['p95_ms']:g} | {row['rps']} |"
                )
    lines.append("")
    for r in results:
        floor, members = aggregate(r["floor"])["rps"], aggregate(r["members"])["rps"]
        ratio = members / floor if floor else 0
        verdict = "meets" if ratio >= TARGET else "**below**"
        lines.append(
            f"- {r['workers']} worker(s): members {members} req/s against the floor's {floor} "
            f"= {ratio:.2f}× ({verdict} the {TARGET}× target)"
        )
    return "\n".join(lines)


def chart(results: list[dict]) -> str:
    bars = []
    for r in results:
        bars.append((f"{r['workers']} worker(s): floor", aggregate(r["floor"])["rps"], "#9ecae1"))
        bars.append(
            (f"{r['workers']} worker(s): members", aggregate(r["members"])["rps"], "#08519c")
        )
    top = max(value for _, value, _ in bars) * 1.15 or 1
    width, height, left, plot, bar = 180 * len(bars) + 80, 320, 60, 220, 60

    def y(value):
        return 40 + plot - value / top * plot

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="20" font-size="13">API throughput under Locust '
        f"({results[0]['users']} users, requests/s; dashed: {TARGET}× the floor)</text>",
        f'<line x1="{left}" y1="{40 + plot}" x2="{width - 10}" y2="{40 + plot}" stroke="black"/>',
    ]
    for i, (label, value, color) in enumerate(bars):
        x = left + 20 + i * 180
        parts.append(
            f'<rect x="{x}" y="{y(value):.1f}" width="{bar}" height="{40 + plot - y(value):.1f}" '
            f'fill="{color}"/><text x="{x + bar / 2}" y="{y(value) - 4:.1f}" '
            f'text-anchor="middle">{value}</text>'
            f'<text x="{x + bar / 2}" y="{40 + plot + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
        if label.endswith("floor"):
            target = y(value * TARGET)
            parts.append(
                f'<line x1="{x}" y1="{target:.1f}" x2="{x + 180 + bar}" y2="{target:.1f}" '
                'stroke="#cb181d" stroke-dasharray="6 4"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def main() -> None:
    report_main(__doc__, table=table, chart=chart)


if __name__ == "__main__":
    main()
