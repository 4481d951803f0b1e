"""The benches' report commands still read the results kept in the repository (bench/*/results):
a markdown table on stdout and, with ``--chart``, an SVG file. Run as a user runs them (a
script, from the repository's root); they share ``bench/reporting.py``."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("bench", "first_line"),
    [
        ("load", "| workers | endpoint |"),
        ("search", "| backend | documents |"),
        ("soak", "| run | minutes |"),
    ],
)
def test_a_report_reads_the_kept_results(bench, first_line, tmp_path):
    results = sorted((ROOT / "bench" / bench / "results").glob("*.json"))
    assert results, f"no results kept for bench/{bench}"
    svg = tmp_path / "chart.svg"
    done = subprocess.run(
        [sys.executable, f"bench/{bench}/report.py", "--chart", str(svg), *map(str, results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.startswith(first_line)
    assert done.stdout.rstrip().endswith(f"chart: {svg}")
    assert svg.read_text().startswith("<svg ")


def test_a_report_without_results_is_a_usage_error():
    done = subprocess.run(
        [sys.executable, "bench/load/report.py"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2 and "usage: report.py" in done.stderr
