"""Run every benchmark with modest sizes (a few minutes in all); each appends to
docs/benchmarks.md. Sizes for a full run are in each script's --help and in the doc.

    python bench/run_all.py            # what `make bench` runs
    python bench/run_all.py --only digest_bench,encryption
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Modest defaults: minutes in all, on two cores.
PLAN: list[tuple[str, list[str]]] = [
    ("encryption", ["--writes", "400", "--reads", "20", "--rounds", "5"]),
    ("digest_bench", ["--people", "200", "--idle-seconds", "15"]),
    # The digest storm: 10,000 due at once under Telegram-like limits (pacing, not drawing).
    ("digest_bench", ["--people", "10000", "--no-charts", "--idle-seconds", "15", "--repeat", "3"]),
    ("community", ["--people", "100000"]),
    # As shipped against a bare PTB bot, at 60 and at 200 people, per-chat limits on.
    ("interactive", ["--people", "60,200", "--seconds", "30"]),
    (
        "fanout",
        [
            "--people",
            "20000",
            "--ceiling-seconds",
            "20",
            "--e2e-seconds",
            "60",
            "--idle-seconds",
            "15",
        ],
    ),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark with modest sizes.")
    parser.add_argument("--only", default="", help="comma-separated script names")
    args = parser.parse_args(argv)
    only = set(filter(None, args.only.split(",")))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    failed = []
    for name, options in PLAN:
        if only and name not in only:
            continue
        command = [sys.executable, str(ROOT / "bench" / f"{name}.py"), *options]
        print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
        start = time.perf_counter()
        status = subprocess.call(command, cwd=ROOT, env=env)
        print(f"=== {name}: exit {status} after {time.perf_counter() - start:.0f} s", flush=True)
        if status:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
