"""The fuzzing harness of issue 13: deck under attack, in four families of runs, each from a seeded random
generator (the same cases every time, unless DECK_FUZZ_SEED says otherwise):

- mutations of every bundled kit (lines deleted, doubled, re-indented, cut, keys and types changed, ids
  repeated, bytes broken, characters that look like line breaks), built into a directory that holds a
  previous build and a file of the user's;
- hostile paths for the kit and for -o (under a file, through dangling links and link loops, names too
  long, control characters and line breaks in names, the output inside the kit);
- injected I/O errors (os.replace, os.write, os.link, os.fsync, os.mkdir failing with EIO, ENOSPC or
  EACCES at the n-th call, and a small full disk: every file written in the output directory fails once
  it passes a few kilobytes);
- signals during the commit (SIGKILL, SIGTERM, SIGINT at the n-th rename), in a subprocess;
- a real small file system (a tmpfs of a few hundred kB, when the tests run as root and may mount one)
  that the new build fills at its first PDF, in its middle, at its end, or not.

Every run asserts: exit 0 or 1 (2 for a usage error click reports), no traceback (the command runs through
`deck.cli.main`, the one error path, in-process: an exception escaping it fails the test), the output
directory holds the previous build or a new one, whole, with a manifest that matches its files (at once,
or after the next `deck build` when a put-back failed too), and no file of the user changed: their notes
in the output directory, and the kit itself.

Bounded: a few seconds in the normal suite. A longer run, documented in tests/README.md:

    DECK_FUZZ_RUNS=50 python -m pytest -q -p no:cacheprovider tests/test_hostile_fuzz.py
    DECK_FUZZ_SEED=7 DECK_FUZZ_RUNS=20 python -m pytest -q -p no:cacheprovider tests/test_hostile_fuzz.py

DECK_FUZZ_RUNS multiplies the number of cases of each family (default 1); with it above 1 the mutated kits
that stay valid are built too (by default they are only validated: their build is the one every other test
makes). A failure names its family, seed and case, to run it again alone.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, EXAMPLE, ROOT, run

from deck.build.staging import JOURNAL, STAGING_PREFIX

SEED = int(os.environ.get("DECK_FUZZ_SEED", "13"))
RUNS = max(1, int(os.environ.get("DECK_FUZZ_RUNS", "1")))
KITS = sorted(p.name for p in CONTENT.iterdir() if (p / "kit.yaml").is_file())
NOTES = "notes.txt"


# -- running the command as the user does: deck.cli.main, the one error path ------------------------------
def deck(capsys, *args) -> tuple[int, str]:
    """`deck ARGS` in-process through deck.cli.main: (exit code, stdout + stderr). Any exception that
    escapes main (a traceback for the user) fails the test."""
    from deck import cli

    capsys.readouterr()
    argv = sys.argv
    sys.argv = ["deck", *map(str, args)]
    try:
        cli.main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = argv
    said = capsys.readouterr()
    output = said.out + said.err
    assert "Traceback" not in output, output
    return code, output


def _files(folder: Path) -> dict:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def consistent(out: Path, leftovers_allowed: bool = False) -> dict:
    """The manifest lists exactly the PDFs of the directory, each with its sha256; no journal or staging
    folder is left (unless allowed: a killed build's, cleared by the next one). Returns the manifest's
    outputs (name -> sha256)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    pdfs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.suffix == ".pdf"}
    assert pdfs == listed, (sorted(pdfs), sorted(listed))
    if not leftovers_allowed:
        assert not (out / JOURNAL).exists()
        assert not [p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    return listed


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """The example built on Letter (the previous build of every run) and on A4 (what a run builds)."""
    base = tmp_path_factory.mktemp("fuzz")
    old, new = base / "old", base / "new"
    assert run("build", EXAMPLE, "-o", old, "--paper", "letter").exit_code == 0
    assert run("build", EXAMPLE, "-o", new).exit_code == 0
    return old, consistent(old), consistent(new)


def _with_previous(previous, out: Path) -> None:
    old, _, _ = previous
    out.mkdir(parents=True)
    for p in old.iterdir():
        if p.is_file():
            shutil.copyfile(p, out / p.name)
    (out / NOTES).write_text("mine\n", encoding="utf-8")


def _after(previous, out: Path, capsys) -> str:
    """The directory after a run: the previous build or a new one, whole, with its manifest; when a
    put-back failed too (its journal is there), after the next build, which also clears the staging folder
    a killed build leaves. 'old' or 'new'."""
    _, old, _ = previous
    assert (out / NOTES).read_text(encoding="utf-8") == "mine\n", "the user's file changed"
    journal = (out / JOURNAL).exists()
    state = None
    if not journal:  # one build, whole, at once
        listed = consistent(out, leftovers_allowed=True)
        state = "old" if listed == old else "new"  # the previous build, or a new one (this kit's or another's)
    if journal or [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]:
        code, said = deck(capsys, "build", EXAMPLE, "-o", out, "--paper", "letter")
        assert code == 0, said
        assert consistent(out) == old, "the next build did not put the directory right"
        assert (out / NOTES).read_text(encoding="utf-8") == "mine\n", "the user's file changed"
    return state or "old"


# -- 1. mutations of every bundled kit ----------------------------------------------------------------------
LOOKALIKES = ["\u2028", "\u2029", "\x85", "\r", "\t", "\ufeff", "\u200b", "\x1b[2J", "\x00"]


def mutate(text: str, rng: random.Random) -> bytes:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    how = rng.choice(
        ["delete", "double", "indent", "dedent", "cut", "key", "type", "id", "bytes", "lookalike", "long", "anchor"]
    )
    if how == "delete":
        del lines[i]
    elif how == "double":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = " " * rng.choice([1, 2, 3]) + lines[i]
    elif how == "dedent":
        lines[i] = lines[i].lstrip()
    elif how == "cut":
        return text[: rng.randrange(len(text))].encode("utf-8", "surrogatepass")
    elif how == "key":
        lines[i] = lines[i].replace(":", "x:", 1)
    elif how == "type":
        lines[i] = lines[i].split(":")[0] + rng.choice([": [1, 2]", ": {a: b}", ": 12", ": null", ": .nan", ": ''"])
    elif how == "id":
        ids = [line for line in lines if line.lstrip().startswith("- id:")]
        if ids:
            lines.insert(i, rng.choice(ids))
    elif how == "bytes":
        data = "\n".join(lines).encode()
        k = rng.randrange(len(data))
        return data[:k] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + data[k:]
    elif how == "lookalike":
        k = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:k] + rng.choice(LOOKALIKES) + lines[i][k:]
    elif how == "long":
        lines[i] = lines[i] + "x" * rng.choice([70, 300, 5000])
    elif how == "anchor":
        lines[i] = lines[i].replace(": ", ": &a ", 1) if ": " in lines[i] else lines[i] + " *a"
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("kit", KITS)
def test_mutations_of_every_bundled_kit(kit, tmp_path, previous, capsys):
    rng = random.Random(f"{SEED}-{kit}")
    src = CONTENT / kit
    for n in range(2 * RUNS):
        case = f"mutation {kit} seed {SEED} case {n}"
        work = tmp_path / f"k{n}"
        shutil.copytree(src, work)
        files = sorted(p.name for p in work.glob("*.yaml"))
        for _ in range(rng.choice([1, 1, 2])):
            name = rng.choice(files)
            (work / name).write_bytes(mutate((work / name).read_text(encoding="utf-8", errors="replace"), rng))
        kit_before = _files(work)
        code, said = deck(capsys, "validate", work)
        assert code in (0, 1), (case, said)
        if code == 0 and RUNS == 1:  # valid: built by the longer runs only
            continue
        out = tmp_path / f"out{n}"
        _with_previous(previous, out)
        code, said = deck(capsys, "build", work, "-o", out, "--no-boards")
        assert code in (0, 1), (case, said)
        if code == 1:
            errors = [line for line in said.splitlines() if ": error: " in line]
            assert errors, (case, said)
        assert _after(previous, out, capsys) == ("old" if code == 1 else "new"), case
        assert _files(work) == kit_before, f"{case}: the kit changed"


# -- 2. hostile paths ------------------------------------------------------------------------------------
def _paths(base: Path, rng: random.Random) -> list[tuple[str, list]]:
    """(name, argv after `deck`) of hostile paths, made in `base`."""
    (base / "file.txt").write_text("mine\n", encoding="utf-8")
    (base / "dangling").symlink_to(base / "nowhere")
    (base / "loop-a").symlink_to("loop-b")
    (base / "loop-b").symlink_to("loop-a")
    kit = base / "kit"
    shutil.copytree(EXAMPLE, kit)
    odd = "".join(rng.choice(["é", " ", "\u2028", "'", '"', "#", "*", "\\", "-"]) for _ in range(8))
    cases = [
        ("out under a file", ["build", kit, "-o", base / "file.txt" / "out"]),
        ("out is a dangling link", ["build", kit, "-o", base / "dangling"]),
        ("out through a link loop", ["build", kit, "-o", base / "loop-a" / "out"]),
        ("out name too long", ["build", kit, "-o", base / ("o" * 300)]),
        ("out with a newline", ["build", kit, "-o", base / "out\nx"]),
        ("out with odd characters", ["build", kit, "-o", base / ("out" + odd)]),
        ("out inside the kit", ["build", kit, "-o", kit / "out"]),
        ("kit is a dangling link", ["build", base / "dangling", "-o", base / "o1"]),
        ("kit through a link loop", ["build", base / "loop-a", "-o", base / "o2"]),
        ("kit is a text file", ["build", base / "file.txt", "-o", base / "o3"]),
        ("kit name too long", ["validate", base / ("k" * 300)]),
        ("kit with control characters", ["validate", base / "k\x1b[2J\x07"]),
        ("new under a file", ["new", base / "file.txt" / "kit"]),
        ("new beside a dangling link", ["new", base / "dangling"]),
        ("calibrate under a file", ["calibrate", "-o", base / "file.txt" / "c.pdf"]),
        ("calibrate name too long", ["calibrate", "-o", base / ("c" * 300 + ".pdf")]),
        ("check a dangling link", ["check", base / "dangling", "--dpi", "72"]),
        ("export under a file", ["export", "png", kit, "-o", base / "file.txt" / "png"]),
        ("sheet export name too long", ["sheet", "export", kit, "-o", base / ("s" * 300 + ".xlsx")]),
        ("sheet export under a file", ["sheet", "export", kit, "-o", base / "file.txt" / "k.xlsx"]),
        ("sheet import under a file", ["sheet", "import", kit, "-o", base / "file.txt" / "k"]),
        ("translate export under a file", ["translate", "export", kit, "--to", "en", "-o", base / "file.txt" / "e.po"]),
        ("html export name too long", ["export", "html", kit, "-o", base / ("h" * 300)]),
    ]
    rng.shuffle(cases)
    return cases


def test_hostile_paths(tmp_path, capsys):
    rng = random.Random(f"{SEED}-paths")
    for r in range(RUNS):
        base = tmp_path / f"r{r}"
        base.mkdir()
        for name, argv in _paths(base, rng):
            before = {p: _files(p) if p.is_dir() else None for p in [base / "kit"]}
            code, said = deck(capsys, *argv)
            usage = code == 2 and "Usage:" in said
            assert code in (0, 1) or usage, (name, code, said)
            assert (base / "file.txt").read_text(encoding="utf-8") == "mine\n", name
            kit_files = {k: v for k, v in _files(base / "kit").items() if not k.startswith("out/")}
            assert kit_files == {k: v for k, v in before[base / "kit"].items() if not k.startswith("out/")}, name
            if code == 1:
                assert [line for line in said.splitlines() if "error:" in line], (name, said)
            if argv[0] == "build" and code == 0:
                consistent(Path(argv[argv.index("-o") + 1]))


# -- 3. injected I/O errors -------------------------------------------------------------------------------
class _FullDisk:
    """Files written in `folder` fail with ENOSPC once they pass `room` bytes (a small full file system)."""

    def __init__(self, folder: Path, room: int):
        self.folder, self.room = str(folder), room
        self.real_open = io.open

    def open(self, file, mode="r", *args, **kw):
        f = self.real_open(file, mode, *args, **kw)
        if any(m in mode for m in "wax") and str(file).startswith(self.folder):
            disk = self
            write = f.write

            def limited(data):
                disk.room -= len(data)
                if disk.room < 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
                return write(data)

            try:
                f.write = limited
            except AttributeError:  # a C file object: wrapped instead
                return _Limited(f, limited)
        return f


class _Limited:
    def __init__(self, f, write):
        self._f, self.write = f, write

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()


def _inject(monkeypatch, rng: random.Random, out: Path) -> str:
    """Make one system call fail (or the disk full): what was done, for the messages."""
    what = rng.choice(["replace", "replace", "write", "link", "fsync", "mkdir", "full"])
    code = rng.choice([errno.EIO, errno.ENOSPC, errno.EACCES])
    if what == "full":
        room = rng.choice([4_000, 40_000, 200_000])
        disk = _FullDisk(out, room)
        monkeypatch.setattr(io, "open", disk.open)
        monkeypatch.setattr("builtins.open", disk.open)
        return f"a full disk after {room} bytes"
    real = getattr(os, what)
    at = rng.randint(1, {"replace": 20, "write": 2, "link": 2, "fsync": 12, "mkdir": 3}[what])
    calls = [0]

    def failing(*args, **kw):
        calls[0] += 1
        if calls[0] >= at:  # from the n-th call on: a disk that went bad stays bad
            raise OSError(code, os.strerror(code))
        return real(*args, **kw)

    monkeypatch.setattr(os, what, failing)
    return f"os.{what} failing with {errno.errorcode[code]} from call {at}"


def test_injected_io_errors(tmp_path, previous, capsys, monkeypatch):
    rng = random.Random(f"{SEED}-io")
    outcomes = set()
    for n in range(4 * RUNS):
        out = tmp_path / f"out{n}"
        _with_previous(previous, out)
        with monkeypatch.context() as m:
            what = _inject(m, rng, out)
            code, said = deck(capsys, "build", EXAMPLE, "-o", out, "--no-boards")
        case = f"I/O seed {SEED} case {n}: {what}"
        assert code in (0, 1), (case, said)
        if code == 1:
            assert "nothing written" in said or "holds part of the previous build" in said, (case, said)
        state = _after(previous, out, capsys)
        assert state == ("old" if code == 1 else "new"), (case, state, said)
        outcomes.add(code)
    assert 1 in outcomes


# -- 4. signals during the commit ---------------------------------------------------------------------------
_SIGNAL_AT_RENAME = """
import os, signal, sys
n, sig = int(sys.argv[1]), getattr(signal, sys.argv[2])
real, count = os.replace, [0]
def replace(a, b):
    real(a, b)
    count[0] += 1
    if count[0] == n:
        os.kill(os.getpid(), sig)
os.replace = replace
sys.argv = ["deck", "build", sys.argv[3], "-o", sys.argv[4], "--no-boards"]
from deck.__main__ import run
run()
"""


def test_signals_during_the_commit(tmp_path, previous, capsys):
    rng = random.Random(f"{SEED}-signals")
    for n in range(RUNS):
        out = tmp_path / f"out{n}"
        _with_previous(previous, out)
        sig, at = rng.choice(["SIGKILL", "SIGTERM", "SIGINT"]), rng.randint(1, 16)
        case = f"signals seed {SEED} case {n}: {sig} at rename {at}"
        proc = subprocess.run(
            [sys.executable, "-c", _SIGNAL_AT_RENAME, str(at), sig, str(EXAMPLE), str(out)],
            cwd=ROOT,
            capture_output=True,
            timeout=180,
        )
        assert b"Traceback" not in proc.stderr, (case, proc.stderr.decode())
        # killed; or the signal held until the files were in place, then obeyed (SIGTERM, Ctrl-C: 130)
        assert proc.returncode in (-signal.SIGKILL, 128 + signal.SIGTERM, 130, 0), (case, proc.returncode)
        assert _after(previous, out, capsys) in ("old", "new"), case


# -- 5. a small file system that fills up, for real --------------------------------------------------------
def _mount_tmpfs(where: Path, kb: int) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kb}k", "tmpfs", str(where)], capture_output=True)
    return done.returncode == 0


@pytest.mark.parametrize("kb", [320, 440, 560, 900])  # the previous build takes 290 kB; the new one as much
def test_a_small_full_file_system(tmp_path, previous, capsys, kb):
    """The output directory on a tmpfs of `kb` kB holding the previous build: the new one fills it at the
    first PDF, in the middle, at the end, or fits. ENOSPC from the kernel itself (root only: mount)."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, kb):
        pytest.skip(
            "mounting a small tmpfs needs root (and a system that allows mount): the injected full disk of "
            "test_injected_io_errors stands in for it"
        )
    try:
        out = disk / "out"
        _with_previous(previous, out)
        code, said = deck(capsys, "build", EXAMPLE, "-o", out)
        assert code in (0, 1), said
        if code == 1:
            assert "No space left on device" in said and "nothing written" in said, said
            assert _after(previous, out, capsys) == "old"
        else:
            assert _after(previous, out, capsys) == "new"
        assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)], "space not given back"
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
