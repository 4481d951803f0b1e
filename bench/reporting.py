"""The command line the benches' ``report.py`` share: result files (JSON) in, a markdown table
on stdout, and with ``--chart`` a hand-written SVG chart written to a file.

Each report only says how its results read (``table``) and draw (``chart``); the arguments,
the reading and the writing are here, so the reports answer alike.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path


def report_main(
    doc: str,
    *,
    table: Callable[[list[dict]], str],
    chart: Callable[[list[dict]], str],
    argv: Sequence[str] | None = None,
) -> None:
    """Run a report: ``doc`` is its module docstring (the first paragraph is the help text)."""
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0].strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--chart", type=Path, help="write the chart (SVG) to this file")
    parser.add_argument("results", nargs="+", type=Path, help="result files (JSON)")
    args = parser.parse_args(argv)
    results = [json.loads(path.read_text()) for path in args.results]
    print(table(results))
    if args.chart:
        args.chart.write_text(chart(results))
        print(f"chart: {args.chart}")
