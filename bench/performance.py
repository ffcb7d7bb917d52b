"""Every benchmark from one command: `python -m bench.performance`.

Runs each benchmark module in its own process, one after another, so one's servers,
caches and memory never colour another's figures; each writes its own JSON under
bench/results/ and prints its Markdown tables. Stops at the first that fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULES = (
    "bench.geography",
    "bench.floor",
    "bench.county",
    "bench.england",
    "bench.uploads",
    "bench.rerun",
    "bench.map_component",
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark modules named (default: all) and report how long each took."""
    parser = argparse.ArgumentParser(prog="python -m bench.performance", description=__doc__)
    parser.add_argument("modules", nargs="*", default=list(MODULES), help="bench modules")
    args = parser.parse_args(argv)
    for module in args.modules:
        print(f"## {module}", flush=True)
        start = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", module], cwd=REPO).returncode
        print(f"{module}: {time.perf_counter() - start:,.0f} s, exit {code}", flush=True)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
