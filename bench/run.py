"""The benchmark: `python bench/run.py` (see bench/README.md).

Every measurement is a separate process, timed from its start to its exit, its peak RSS read from the
kernel (wait4). `deck build` runs on synthetic kits of 100, 1 000 and 10 000 generic cards (title, ~250
characters of French text, a category, its own QR URL; backs and cut marks, 9 poker cards per A4 sheet),
and the plain reportlab program of bench/reference.py draws the same cards for the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402 (beside this file)

PY = sys.executable
HEAVY = ("reportlab", "zxingcpp", "pypdfium2", "qrcode", "PIL", "pyphen")  # none loaded by `deck --help`


# As on a user's machine: Python keeps the compiled modules (some shells set PYTHONDONTWRITEBYTECODE,
# which would make every run compile deck's modules again).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run cmd; (wall seconds from start to exit, peak RSS in MB, CPU seconds). Fails on a non-zero exit.

    The peak RSS is the kernel's (wait4): that of the largest process of the run, deck's helpers included."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def best(cmd: list[str], cwd: Path, repeat: int, before=None) -> tuple[float, float, float]:
    """Median wall time, the largest peak RSS and the median CPU time over `repeat` runs."""
    walls, rss, cpu = [], [], []
    for _ in range(repeat):
        if before:
            before()
        w, r, c = measure(cmd, cwd)
        walls.append(w)
        rss.append(r)
        cpu.append(c)
    return statistics.median(walls), max(rss), statistics.median(cpu)


def card_bytes(out: Path) -> int:
    """Bytes of the card decks' PDFs (the build also writes sheets and a guide: not counted here)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return sum((out / o["path"]).stat().st_size for o in manifest["outputs"] if o["kind"] == "cards")


def versions() -> str:
    import importlib.metadata as md

    names = ("reportlab", "zxing-cpp", "pypdfium2", "qrcode", "pillow", "pyphen", "pyyaml", "click")
    found = []
    for n in names:
        try:
            found.append(f"{n} {md.version(n)}")
        except md.PackageNotFoundError:
            found.append(f"{n} ?")
    try:
        import yaml

        found.append("libyaml " + ("yes" if yaml.__with_libyaml__ else "no"))
    except ImportError:
        pass
    return ", ".join(found)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem} RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {versions()}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,10000", help="card counts (default 100,1000,10000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measure; the median is shown (default 3)")
    ap.add_argument("--keep", metavar="DIR", help="keep the kits and PDFs in DIR")
    args = ap.parse_args()
    try:
        import qrcode  # noqa: F401
    except ImportError:
        sys.exit("bench/reference.py draws its QR codes with the qrcode package: pip install qrcode")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="deck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(f"work dir: {work}", flush=True)

    rows = []
    try:
        # warm-up, not timed: compiled modules and the disk cache in place, as for any run after the first
        subprocess.run(
            [PY, "-m", "deck", "build", "-o", str(work / "warm-up")], cwd=work, env=ENV, capture_output=True, check=True
        )
        help_wall, help_rss, _ = best([PY, "-m", "deck", "--help"], work, max(5, args.repeat))
        probe = f"import sys, deck.cli; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
        loaded = subprocess.run(
            [PY, "-c", probe], capture_output=True, text=True, cwd=work, env=ENV, check=True
        ).stdout.strip()
        print(
            f"deck --help: {help_wall:.3f} s, {help_rss:.0f} MB peak; heavy modules loaded by deck.cli: {loaded}",
            flush=True,
        )

        out = work / "out-default"
        wall, rss, cpu = best(
            [PY, "-m", "deck", "build", "-o", str(out)],
            work,
            args.repeat,
            before=lambda: shutil.rmtree(out, ignore_errors=True),
        )
        manifest = json.loads((out / "manifest.json").read_text())
        n_default = sum(o["cards"] for o in manifest["outputs"])
        files = len(manifest["outputs"])
        rows.append((f"default kit ({files} files)", n_default, wall, rss, cpu, card_bytes(out), None))
        print(f"default kit: {n_default} cards, {files} files, {wall:.3f} s", flush=True)

        for n in sizes:
            kit = synth.write_kit(work / f"kit-{n}", n)
            out = work / f"out-{n}"
            repeat = args.repeat if n < 10000 else max(1, min(args.repeat, 2))
            wall, rss, cpu = best(
                [PY, "-m", "deck", "build", str(kit), "-o", str(out)],
                work,
                repeat,
                before=lambda out=out: shutil.rmtree(out, ignore_errors=True),
            )
            ref_pdf = work / f"reference-{n}.pdf"
            ref_wall, ref_rss, _ = best([PY, str(HERE / "reference.py"), str(kit), str(ref_pdf)], work, repeat)
            rows.append((f"{n} cards", n, wall, rss, cpu, card_bytes(out), (ref_wall, ref_rss, ref_pdf.stat().st_size)))
            print(f"{n} cards: deck {wall:.2f} s, reference {ref_wall:.2f} s", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        "| build | cards | wall s | cards/s | CPU s | peak RSS MB | card PDF bytes/face | reference s "
        "| reference RSS MB | reference bytes/face | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, wall, rss, cpu, size, ref in rows:
        line = f"| {name} | {n} | {wall:.2f} | {n / wall:.0f} | {cpu:.2f} | {rss:.0f} | {size / (2 * n):.0f} |"
        if ref:
            rw, rr, rs = ref
            line += f" {rw:.2f} | {rr:.0f} | {rs / (2 * n):.0f} | {wall / rw:.2f} |"
        else:
            line += " | | | |"
        print(line)
    print(f"\n`deck --help`: {help_wall:.3f} s (peak RSS {help_rss:.0f} MB)")


if __name__ == "__main__":
    main()
