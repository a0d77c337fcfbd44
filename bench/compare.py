"""Two installs of deck side by side: the same builds, interleaved run by run, so that both see the same load.

    python bench/compare.py BEFORE_DECK AFTER_DECK [--repeat 5]

BEFORE_DECK and AFTER_DECK are `deck` executables (e.g. of two venvs, one with the previous commit
installed). Builds the bundled default kit and synthetic kits of 100 and 1 000 cards (bench/synth.py),
after one warm-up each; prints the median wall time and CPU (user + system, children included) of each.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import synth


def _run(deck: str, kit: Path | None, out: Path, cwd: Path, env: dict) -> tuple[float, float]:
    args = [deck, "build", *([str(kit)] if kit else []), "-o", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: compiled modules are kept
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        kits: dict[str, Path | None] = {"default kit": None}
        for n in (100, 1000):
            kits[f"{n} cards"] = synth.write_kit(tmp / f"kit-{n}", n)
        print("| build | before: wall s | before: CPU s | after: wall s | after: CPU s |")
        print("|---|---:|---:|---:|---:|")
        for name, kit in kits.items():
            times: dict[str, list] = {"before": [], "after": []}
            decks = {"before": args.before, "after": args.after}
            for side, deck in decks.items():  # warm-up
                _run(deck, kit, tmp / f"warm-{side}", tmp, env)
            for i in range(args.repeat):
                order = ("before", "after") if i % 2 == 0 else ("after", "before")
                for side in order:
                    times[side].append(_run(decks[side], kit, tmp / f"out-{side}", tmp, env))
            cells = [f"{statistics.median(t[k] for t in times[s]):.2f}" for s in ("before", "after") for k in (0, 1)]
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
