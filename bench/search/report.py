"""measure.py results side by side: a markdown table on stdout, a bar chart as hand-written SVG.

    python bench/search/report.py [--chart bench/search/latency.svg] r1.json r2.json ...

The chart is plain SVG (no dependency): the vega renderer bench/coediting uses is a dev
dependency of tools/yjs that a machine running only the Python bench may not have.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: bench/<name>/report.py
    sys.path.insert(0, str(ROOT))

from bench.reporting import report_main  # noqa: E402

KINDS = {
    "search_page": "search, page of 20",
    "search_page_count": "search, page + count",
    "autocomplete_page": "autocomplete, 10",
    "search_page_after_write": "first search after a write",
}
TARGET_MS = 50  # issue 13: Whoosh p95 at 100 000 documents
COLORS = {"p50": "#9ecae1", "p95": "#08519c"}


def table(results: list[dict]) -> str:
    head = (
        "| backend | documents | indexing docs/s | "
        + " | ".join(f"{name} p50 / p95 ms" for name in KINDS.values())
        + " | GIN index in plan |"
    )
    lines = [head, "|---" * (4 + len(KINDS)) + "|"]
    for r in results:
        cells = " | ".join(f"{r[k]['p50']} / {r[k]['p95']}" if k in r else "—" for k in KINDS)
        gin = {None: "—", True: "yes", False: "no"}[r.get("gin_index_used")]
        lines.append(
            f"| {r['label']} | {r['documents']} | {r['index_docs_per_s']} | {cells} | {gin} |"
        )
    return "\n".join(lines)


def chart(results: list[dict], target: Path | None = None) -> str:
    groups = [(f"{r['label']}", name, r[k]) for r in results for k, name in KINDS.items() if k in r]
    top = max(g[2]["p95"] for g in groups) * 1.15 or 1
    width, height, left, bottom, bar = 120 * len(groups) + 80, 340, 60, 90, 36
    plot = height - bottom - 40

    def y(ms):
        return 40 + plot - ms / top * plot

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="20" font-size="13">Search latency at {results[0]["documents"]} '
        "documents, with a permission filter (p50 / p95, ms)</text>",
        f'<line x1="{left}" y1="{40 + plot}" x2="{width - 10}" y2="{40 + plot}" stroke="black"/>',
    ]
    for i, (label, name, stats) in enumerate(groups):
        x = left + 20 + i * 120
        for j, p in enumerate(("p50", "p95")):
            bx = x + j * (bar + 4)
            parts.append(
                f'<rect x="{bx}" y="{y(stats[p]):.1f}" width="{bar}" '
                f'height="{40 + plot - y(stats[p]):.1f}" fill="{COLORS[p]}"/>'
            )
            parts.append(
                f'<text x="{bx + bar / 2}" y="{y(stats[p]) - 3:.1f}" '
                f'text-anchor="middle">{stats[p]}</text>'
            )
        parts.append(
            f'<text x="{x + bar}" y="{40 + plot + 16}" text-anchor="middle">{escape(label)}</text>'
        )
        parts.append(
            f'<text x="{x + bar}" y="{40 + plot + 30}" text-anchor="middle">{escape(name)}</text>'
        )
    if top > TARGET_MS:
        parts.append(
            f'<line x1="{left}" y1="{y(TARGET_MS):.1f}" x2="{width - 10}" y2="{y(TARGET_MS):.1f}" '
            'stroke="#cb181d" stroke-dasharray="6 4"/>'
            f'<text x="{width - 12}" y="{y(TARGET_MS) - 4:.1f}" text-anchor="end" fill="#cb181d">'
            f"target: Whoosh p95 ≤ {TARGET_MS} ms</text>"
        )
    for j, (p, color) in enumerate(COLORS.items()):
        parts.append(
            f'<rect x="{width - 150 + j * 60}" y="{height - 20}" width="12" height="12" '
            f'fill="{color}"/><text x="{width - 134 + j * 60}" y="{height - 10}">{p}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def main() -> None:
    report_main(__doc__, table=table, chart=chart)


if __name__ == "__main__":
    main()
