"""Cold start: `gegenprobe check` on the demo corpus in a new process each run, and the import time of
`gegenprobe.detect` and `gegenprobe.cli` (median of N runs; files in the page cache after the first).

    python bench/cold_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GEGENPROBE = [sys.executable, "-m", "gegenprobe"]
DEMO = Path(__file__).resolve().parents[1] / "src" / "gegenprobe" / "data" / "demo"
DEMO_ARTICLE = DEMO / "04-wahrheitsfront-bruecke.html"


def timed(command: list[str], runs: int) -> float:
    """Median wall time of ``command`` after one untimed run (which fills the page cache)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as corpus:
        subprocess.run([*GEGENPROBE, "demo", "--corpus", corpus], check=True, capture_output=True)
        figures = {
            "python -c pass": timed([sys.executable, "-c", "pass"], runs),
            "import gegenprobe.detect": timed([sys.executable, "-c", "import gegenprobe.detect"], runs),
            "import gegenprobe.cli": timed([sys.executable, "-c", "import gegenprobe.cli"], runs),
            "gegenprobe check (demo corpus)": timed(
                [*GEGENPROBE, "check", str(DEMO_ARTICLE), "--corpus", corpus, "--json"], runs),
        }
    for name, seconds in figures.items():
        print(f"{name:34s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
