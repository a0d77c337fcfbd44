"""The preflight's benchmark: `python bench/check.py` (see bench/README.md, "deck check").

For the default kit and synthetic kits of 1 000 and 10 000 cards (bench/synth.py), each run a separate
process timed from its start to its exit, its peak RSS from the kernel (wait4: the largest process of the
run, the check's workers included), the machine's load average read around it:

- `deck build KIT -o DIR`, the reference: the build of the same kit in the same run;
- `deck check KIT --no-cache`: a build into a temporary directory, then the check of every page (what a
  user's first check costs);
- `deck check KIT (one card edited)`: the same check with the user's cache (the bench's own
  XDG_CACHE_HOME), each run after an edit of one card's title (what every later check costs: the pages
  that edit changed are read, the others' results come from the cache);
- `deck check DIR --no-cache`: the check alone, every page read;
- `deck check DIR`: again, every page unchanged (the cache);
- with `--before PYTHON` (the interpreter of a venv holding the old deck), the old `deck check KIT` in
  the same run, interleaved with the new one.

Then `deck watch KIT -o DIR --check` on a copy of the default kit: an overlong text is saved into a card
(then taken out again), and the time from the save to the line that reports it is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402 (beside this file)
from run import ENV, machine  # noqa: E402 (beside this file)

PY = sys.executable
DEFAULT_KIT = HERE.parent / "content" / "mise-en-dialogue"


def load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def measure(cmd: list[str], cwd: Path, ok=(0,)) -> tuple[float, float, float, float]:
    """(wall s, peak RSS MB, CPU s, load average before) of one run; fails on an exit code not in `ok`."""
    before = load()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"failed ({code}): {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime, before


def median_of(cmds: dict, cwd: Path, repeat: int, ok=(0,), before=None) -> dict:
    """name -> (median wall, largest RSS, median CPU, median load), the commands interleaved run by run."""
    runs: dict = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            if before:
                before(name)
            runs[name].append(measure(cmd, cwd, ok))
    return {
        name: (
            statistics.median(r[0] for r in rs),
            max(r[1] for r in rs),
            statistics.median(r[2] for r in rs),
            statistics.median(r[3] for r in rs),
        )
        for name, rs in runs.items()
    }


def edit_one_title(kit: Path) -> None:
    """Change the first card title of the kit's first card file (and change it back at the next call)."""
    for path in sorted(kit.glob("*.yaml")):
        if path.name == "kit.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        at = text.find("title: ")
        if at < 0:
            continue
        end = text.index("\n", at)
        line = text[at:end]
        if " (bis)" in line:
            new = line.replace(" (bis)", "")
        elif line[-1] in "\"'":
            new = line[:-1] + " (bis)" + line[-1]
        else:
            new = line + " (bis)"
        path.write_text(text[:at] + new + text[end:], encoding="utf-8")
        return
    raise SystemExit(f"{kit}: no card title to edit")


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and of its children that ended, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def watch_latency(work: Path, rounds: int, python: str = PY, env=None) -> list[tuple[float, float, float]]:
    """(seconds, CPU seconds of the watch process, load average) from the save of an overflow (and of its
    fix) to the line of `deck watch --check` saying so, for each save."""
    kit = work / "watch-kit"
    shutil.rmtree(kit, ignore_errors=True)
    shutil.copytree(DEFAULT_KIT, kit)
    out = work / "watch-out"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [python, "-m", "deck", "watch", str(kit), "-o", str(out), "--check"]
    proc = subprocess.Popen(cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env or ENV, text=True)
    lines: list = []
    event = threading.Event()

    def reader() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append((time.perf_counter(), _cpu(proc.pid), line.rstrip("\n")))
            event.set()

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(test, since: float, timeout: float = 120.0) -> tuple[float, float]:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            for t, cpu, line in list(lines):
                if t >= since and test(line):
                    return t, cpu
            event.wait(0.05)
            event.clear()
        raise SystemExit(f"deck watch --check said nothing in {timeout:.0f} s; last lines: {lines[-5:]}")

    path = kit / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    short = "Fixe le cap, arbitre et décide en dernier ressort."
    planted = text.replace(short, "Fixe le cap, " + "et parle encore longtemps, " * 40 + "FIN-DU-TEXTE.", 1)
    assert planted != text
    out_lat = []
    try:
        wait_for(lambda line: " checked: " in line, 0.0)  # the first build and its check
        for k in range(rounds):
            time.sleep(1.0)  # a pause between edits, as a user's
            ld, cpu0 = load(), _cpu(proc.pid)
            saved = time.perf_counter()
            path.write_text(planted if k % 2 == 0 else text, encoding="utf-8")
            if k % 2 == 0:
                found, cpu = wait_for(lambda line: line.startswith("FAIL [text boxes]") and "direction" in line, saved)
            else:
                found, cpu = wait_for(
                    lambda line: " checked: " in line and line.endswith("ok: every check passed"), saved
                )
            out_lat.append((found - saved, cpu - cpu0, ld))
            wait_for(lambda line: " checked: " in line, saved)
    finally:
        proc.terminate()
        proc.wait(10)
    return out_lat


def show_watch(name: str, runs: list) -> None:
    lat = [r[0] for r in runs]
    print(
        f"`deck watch --check`{name}, save to report: median {statistics.median(lat):.2f} s, max {max(lat):.2f} s "
        f"({', '.join(f'{x:.2f}' for x in lat)}); CPU per save median {statistics.median(r[1] for r in runs):.2f} s; "
        f"load {min(r[2] for r in runs):.1f} to {max(r[2] for r in runs):.1f}",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="synthetic card counts besides the default kit")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measure; the median is shown (1 at 10 000)")
    ap.add_argument("--before", metavar="PYTHON", help="the python of a venv with the old deck, run interleaved")
    ap.add_argument("--before-sizes", default="0,1000", help="kits the old check runs on (0: the default kit)")
    ap.add_argument("--watch-rounds", type=int, default=6, help="saves timed in deck watch --check")
    ap.add_argument("--keep", metavar="DIR", help="keep the kits and PDFs in DIR")
    ap.add_argument("--watch-only", action="store_true", help="only the deck watch --check rounds")
    ap.add_argument(
        "--watch-before",
        metavar="DIR",
        help="a source tree of the old deck (PYTHONPATH): its deck watch --check timed too, the two alternated",
    )
    ap.add_argument("--watch-runs", type=int, default=1, help="deck watch processes (each --watch-rounds saves)")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="deck-bench-check-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}", flush=True)
    if args.watch_only:
        try:
            old_env = {**ENV, "PYTHONPATH": args.watch_before} if args.watch_before else None
            runs: dict = {"": [], " (before)": []}
            for _ in range(args.watch_runs):
                if old_env:
                    runs[" (before)"] += watch_latency(work, args.watch_rounds, env=old_env)
                    show_watch(" (before)", runs[" (before)"])
                runs[""] += watch_latency(work, args.watch_rounds)
                show_watch("", runs[""])
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        return
    ENV["XDG_CACHE_HOME"] = str(work / "user-cache")  # the check's results kept apart from the user's own
    subprocess.run([PY, "-m", "deck", "build", "-o", str(work / "warm-up")], cwd=work, env=ENV, capture_output=True)
    rows = []
    try:
        kits = [(0, DEFAULT_KIT)] + [
            (n, synth.write_kit(work / f"kit-{n}", n)) for n in (int(s) for s in args.sizes.split(",") if s)
        ]
        old_sizes = {int(s) for s in args.before_sizes.split(",") if s}
        # the old deck's first check too, when it has a cache to leave out (a deck before issue 18 has none)
        old_first = []
        if args.before:
            old_help = subprocess.run([args.before, "-m", "deck", "check", "--help"], capture_output=True, text=True)
            old_first = ["--no-cache"] if "--no-cache" in old_help.stdout else []
        for n, kit in kits:
            out = work / f"out-{n}"
            repeat = args.repeat if n < 10000 else 1
            edited = work / f"edited-{n}"
            shutil.rmtree(edited, ignore_errors=True)
            shutil.copytree(kit, edited)
            cmds = {
                "build": [PY, "-m", "deck", "build", str(kit), "-o", str(out)],
                "check KIT --no-cache": [PY, "-m", "deck", "check", str(kit), "--no-cache"],
                "check KIT (one card edited)": [PY, "-m", "deck", "check", str(edited)],
            }
            if args.before and n in old_sizes:
                cmds["old check KIT --no-cache"] = [args.before, "-m", "deck", "check", str(kit), *old_first]
            subprocess.run(cmds["check KIT (one card edited)"], cwd=work, env=ENV, capture_output=True)  # the cache

            def before(name, out=out, edited=edited):
                if name == "build":
                    shutil.rmtree(out, True)
                elif name == "check KIT (one card edited)":
                    edit_one_title(edited)

            got = median_of(cmds, work, repeat, ok=(0, 1), before=before)
            got.update(
                median_of(
                    {"check DIR --no-cache": [PY, "-m", "deck", "check", str(out), "--no-cache"]}, work, repeat, (0, 1)
                )
            )
            subprocess.run([PY, "-m", "deck", "check", str(out)], cwd=work, env=ENV, capture_output=True)
            got.update(median_of({"check DIR (cached)": [PY, "-m", "deck", "check", str(out)]}, work, repeat, (0, 1)))
            name = "default kit" if n == 0 else f"{n} cards"
            rows.append((name, got))
            b = got["build"][0]
            print(f"{name}: " + ", ".join(f"{k} {v[0]:.2f} s ({v[0] / b:.1f}x)" for k, v in got.items()), flush=True)
        watched = watch_latency(work, args.watch_rounds) if args.watch_rounds else []
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print("| kit | run | wall s | × its build | CPU s | peak RSS MB | load before |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, got in rows:
        b = got["build"][0]
        for run_name, (wall, rss, cpu, ld) in got.items():
            print(f"| {name} | `{run_name}` | {wall:.2f} | {wall / b:.2f} | {cpu:.2f} | {rss:.0f} | {ld:.1f} |")
    if watched:
        print()
        show_watch("", watched)


if __name__ == "__main__":
    main()
