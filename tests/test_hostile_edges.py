"""The last cases of the "keep every promise" issue (13): each a located one-line error and exit 1 (or
the right output), never a traceback, nothing left behind when it fails. The table that maps every case
of the issue to its test is in tests/README.md ("Hostile cases")."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, run
from test_hostile_env import _fails, _kit


def _tree(path: Path) -> list[str]:
    """Every name under `path` (links included, not followed), sorted."""
    return sorted(str(p.relative_to(path)) for p in path.rglob("*")) if path.exists() else []


# -- U+2028, U+0085 and U+2029 in a text: later line numbers stay right -----------------------------------
def _validate_with(tmp_path, sep: str, extra: list[str]) -> str:
    kit = tmp_path / f"kit-{ord(sep):x}"
    shutil.rmtree(kit, ignore_errors=True)
    shutil.copytree(EXAMPLE, kit)
    lines = (kit / "contenu.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[2].endswith('"')
    lines[2] = lines[2][:-1] + f' a{sep}b"'  # a line separator inside the title of the first resource
    lines[4:4] = extra
    (kit / "contenu.yaml").write_text("\n".join(lines), encoding="utf-8")
    result = run("validate", kit)
    assert result.exit_code == 1 and "Traceback" not in result.output
    return result.output.replace(sep, " ").replace(str(kit), "KIT")


@pytest.mark.parametrize(
    "extra",
    [
        ["  - id: Bad Id"],  # a value's error (line 5)
        ["  - id: x", "     bad: [indent"],  # a syntax error, explained with the line above
        ["  - id: x", '    title: "open'],  # a quote left open, the line where it ends named
        ["  - id: x", "    title: a", "    title: b"],  # a duplicate key, quoted
    ],
)
def test_unicode_line_separators_do_not_shift_line_numbers(tmp_path, extra):
    """YAML ends lines at U+2028, U+2029 and U+0085 too; editors do not: the messages count lines as
    editors do, exactly as if the character were a space."""
    plain = _validate_with(tmp_path, " ", extra)
    assert re.search(r"KIT/contenu\.yaml:[567]:\d+: error: ", plain), plain
    for sep in ("\u2028", "\x85", "\u2029"):
        assert _validate_with(tmp_path, sep, extra) == plain, repr(sep)


# -- a kit folder that cannot be listed ---------------------------------------------------------------------
def _unlistable(kit: Path, monkeypatch) -> None:
    """The kit folder's files can be opened by name but not listed (mode 0311). Root ignores modes: there
    the system's answer is given as it would be (PermissionError from listing that folder, and only it)."""
    if os.geteuid() != 0:
        os.chmod(kit, 0o311)
        return
    real_listdir, real_scandir = os.listdir, os.scandir

    def refused(path):
        if Path(path).resolve() == kit.resolve():
            raise PermissionError(13, os.strerror(13), str(path))

    monkeypatch.setattr(os, "listdir", lambda path=".": refused(path) or real_listdir(path))
    monkeypatch.setattr(os, "scandir", lambda path=".": refused(path) or real_scandir(path))


def test_a_kit_folder_that_cannot_be_listed_is_an_error_not_an_empty_kit(tmp_path, monkeypatch):
    kit = _kit(tmp_path)
    out = tmp_path / "out"
    _unlistable(kit, monkeypatch)
    try:
        result = run("build", kit, "-o", out)
    finally:
        os.chmod(kit, 0o755)
    _fails(result, f"{kit}: error: cannot list the kit directory: Permission denied")
    assert not out.exists()


# -- an image too large is refused before it is decoded ------------------------------------------------------
def test_a_logo_of_9000_by_9000_pixels_is_refused_quickly(tmp_path):
    from PIL import Image

    kit = _kit(tmp_path, "theme: default", "theme:\n  extends: default\n  logo: huge.png")
    Image.new("1", (9000, 9000)).save(kit / "huge.png")  # 10 kB on disk, 81 million pixels decoded
    import time

    start = time.monotonic()
    result = run("build", kit, "-o", tmp_path / "out")
    elapsed = time.monotonic() - start
    _fails(
        result,
        f"{kit / 'kit.yaml'}:15:9: error: 'huge.png' is 9000 × 9000 pixels (81 million): expected at most 16 million",
    )
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert not (tmp_path / "out").exists()


# -- a damaged TTF that loads but fails when a PDF is written ------------------------------------------------
def _damaged_font(path: Path) -> None:
    """NotoSans with its glyf table pointing past the end of the file: reportlab loads it (the table is
    read only when a PDF's subset is made)."""
    import struct

    from deck.kit.find import fonts_dir

    data = bytearray((fonts_dir() / "NotoSans-Regular.ttf").read_bytes())
    for i in range(struct.unpack(">H", data[4:6])[0]):
        entry = 12 + 16 * i
        if data[entry : entry + 4] == b"glyf":
            struct.pack_into(">L", data, entry + 8, len(data) + 1000)
    path.write_bytes(bytes(data))


def test_a_damaged_font_is_named_before_anything_is_written(tmp_path):
    kit = _kit(tmp_path, "theme: default", "theme:\n  extends: default\n  fonts:\n    regular: broken.ttf")
    _damaged_font(kit / "broken.ttf")
    out = tmp_path / "out"
    _fails(run("build", kit, "-o", out), "error: theme: fonts.regular: broken.ttf is not a usable TrueType font")
    assert not out.exists()


def test_a_font_failing_late_is_named_by_the_one_error_path(tmp_path):
    """Whatever reportlab raises while it reads a font for a PDF, the message names the file."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    from deck import cli

    _damaged_font(tmp_path / "broken.ttf")
    font = TTFont("deck-test-broken", str(tmp_path / "broken.ttf"))  # loads
    with pytest.raises(TTFError) as raised:
        font.face.makeSubset([65, 66])  # what writing a PDF with "AB" does
    said = cli._environment(raised.value)
    assert said is not None and said.startswith(f"{tmp_path / 'broken.ttf'}: error: this font cannot be written")


# -- deck new: nothing left behind, and the YAML it writes is quoted -----------------------------------------
def _one_error(result, *said) -> str:
    _fails(result, *said, "nothing written")
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.output
    return errors[0]


def test_deck_new_under_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = _tree(tmp_path)
    _one_error(run("new", tmp_path / "notes.txt" / "kit"), "cannot create", "under a file")
    assert _tree(tmp_path) == before
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_deck_new_under_a_read_only_parent(tmp_path, monkeypatch):
    """The parent refuses new folders (mode 0555; root ignores modes: there the system's answer, EACCES
    for a folder made in it, is given as it would be)."""
    parent = tmp_path / "ro"
    parent.mkdir()
    os.chmod(parent, 0o555)
    if os.geteuid() == 0:
        real = os.mkdir

        def mkdir(path, *args, **kw):
            if Path(path).parent == parent:
                raise PermissionError(13, os.strerror(13), str(path))
            real(path, *args, **kw)

        monkeypatch.setattr(os, "mkdir", mkdir)
    try:
        _one_error(run("new", parent / "a" / "kit"), f"cannot create {parent / 'a' / 'kit'}: Permission denied")
    finally:
        os.chmod(parent, 0o755)
    assert _tree(tmp_path) == ["ro"]


def test_deck_new_failing_midway_removes_what_it_made(tmp_path, monkeypatch):
    """The disk fills up at the second file: the first file and the two folders made for it go too."""
    import errno

    real, calls = os.link, []

    def link(src, dst, *args, **kw):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real(src, dst, *args, **kw)

    monkeypatch.setattr(os, "link", link)
    _one_error(run("new", tmp_path / "a" / "kit"), "No space left on device")
    assert len(calls) == 2
    assert _tree(tmp_path) == []


@pytest.mark.parametrize("name", ["kit.yaml", "kit.schema.json", "."])
def test_deck_new_beside_a_dangling_link(tmp_path, name):
    target = tmp_path / "kit"
    if name == ".":  # the directory itself is a link that leads nowhere
        target.symlink_to(tmp_path / "nowhere")
    else:
        target.mkdir()
        (target / name).symlink_to(tmp_path / "nowhere")
    before = _tree(tmp_path)
    line = _one_error(run("new", target))
    assert "leads nowhere" in line or f"already has {name}" in line or "already holds a kit" in line, line
    assert _tree(tmp_path) == before


def test_deck_new_quotes_what_it_writes(tmp_path):
    """A base kit in a folder named "kit #2" (a # starts a YAML comment), with a title holding line breaks
    that look like YAML lines: the files written say exactly that, and nothing more."""
    import yaml

    title = "Atelier\nextends: evil\u2028x: y\u2029z: w"
    base = _kit(tmp_path, 'title: "Atelier exemple"', "title: " + json.dumps(title))  # escapes: YAML reads them
    base = base.rename(tmp_path / "kit #2")
    assert run("validate", base).exit_code == 0
    result = run("new", tmp_path / "mine", "--from", base)
    assert result.exit_code == 0, result.output
    header = yaml.safe_load((tmp_path / "mine" / "kit.yaml").read_text(encoding="utf-8"))
    assert header == {"extends": "../kit #2", "id": "mine", "title": title + " (version adaptée)"}
    changes = yaml.safe_load((tmp_path / "mine" / "changes.yaml").read_text(encoding="utf-8"))
    assert changes == {"x-note": f"Modifications de « {title} »"}
    assert run("validate", tmp_path / "mine").exit_code == 0


# -- deck calibrate -o: one line, exit 1 -------------------------------------------------------------------
@pytest.mark.parametrize(
    "where, said",
    [
        ("notes.txt/cal.pdf", "cannot write the file: it is under a file, not a folder"),
        ("notes.txt/more/cal.pdf", "cannot write the file: it is under a file, not a folder"),
        ("é" * 130 + ".pdf", "a file name of 264 bytes: expected at most 255"),
        ("new/" + "x" * 300 + ".pdf", "a file name of 304 bytes: expected at most 255"),
    ],
)
def test_calibrate_to_a_path_it_cannot_write(tmp_path, where, said):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    out = tmp_path / where
    result = run("calibrate", "-o", out)
    _fails(result)
    errors = [x for x in result.output.splitlines() if ": error: " in x]
    assert len(errors) == 1 and errors[0].startswith(f"{out}: error: {said}"), result.output
    assert _tree(tmp_path) == ["notes.txt"]


@pytest.mark.parametrize(
    "where, said",
    [
        ("notes.txt/x.po", "cannot write the file: it is under a file, not a folder"),  # was "File exists"
        ("notes.txt/more/x.xlf", "cannot write the file: it is under a file, not a folder"),
        ("new/" + "x" * 300 + ".po", "a file name of 303 bytes: expected at most 255"),
    ],
)
def test_translate_export_to_a_path_it_cannot_write(tmp_path, where, said):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    out = tmp_path / where
    result = run("translate", "export", EXAMPLE, "--to", "en", "-o", out)
    _fails(result)
    errors = [x for x in result.output.splitlines() if ": error: " in x]
    assert len(errors) == 1 and errors[0].startswith(f"{out}: error: {said}"), result.output
    assert _tree(tmp_path) == ["notes.txt"]


def test_translate_export_makes_the_folders_it_needs(tmp_path):
    out = tmp_path / "a" / "b" / "en.po"
    result = run("translate", "export", EXAMPLE, "--to", "en", "-o", out)
    assert result.exit_code == 0, result.output
    assert 'msgid ""' in out.read_text(encoding="utf-8")


def test_calibrate_on_a_full_disk_leaves_no_folder(tmp_path, monkeypatch):
    import errno

    def replace(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(os, "replace", replace)
    out = tmp_path / "a" / "b" / "cal.pdf"
    _fails(run("calibrate", "-o", out), f"{out}: error: cannot write the file: No space left on device")
    assert _tree(tmp_path) == []


# -- deck watch on a kit nested 600 levels ---------------------------------------------------------------------
@pytest.mark.parametrize("how", ["kit.yaml", "folders"])
def test_watch_on_a_kit_nested_600_levels(tmp_path, how):
    """A kit.yaml nested 600 levels (read leniently by watch, for its `extends:`), or 600 folders one in
    another: no RecursionError, a located error or a build, and the look at the files ends."""
    kit = _kit(tmp_path)
    if how == "kit.yaml":
        text = (kit / "kit.yaml").read_text(encoding="utf-8")
        (kit / "kit.yaml").write_text(text + "x-deep: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    else:
        deep = kit.joinpath(*["a"] * 600)
        deep.mkdir(parents=True)
        (deep / "notes.txt").write_text("deep\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("watch", kit, "-o", out, "--max-polls", "2", "--interval", "0.05")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    if how == "kit.yaml":
        assert f"{kit / 'kit.yaml'}:27:48: error: nesting deeper than 40 levels" in result.output
        assert "not built" in result.output and not out.exists()
    else:
        assert "built 4 deck(s)" in result.output and (out / "manifest.json").is_file()


# -- a put-back that fails: never "nothing written" --------------------------------------------------------------
def _disk_fails_after(monkeypatch, n: int) -> None:
    import errno

    real, calls = os.replace, []

    def replace(src, dst):  # the disk goes bad after n renames: the put-back fails as well
        calls.append(dst)
        if len(calls) > n:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_a_failed_put_back_says_what_the_directory_holds(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out, "--paper", "letter").exit_code == 0
    _disk_fails_after(monkeypatch, 5)
    result = run("build", EXAMPLE, "-o", out)
    monkeypatch.undo()
    text = _fails(result, "putting the previous build back failed too")
    assert "nothing written" not in text
    assert f"{out} holds part of the previous build and part of this one" in text
    assert "the next deck build into it puts the previous build back, whole" in text
    _disk_fails_after(monkeypatch, 0)  # the next build cannot put it back either: it says so, and not more
    text = _fails(run("build", EXAMPLE, "-o", out), "putting the previous files back failed")
    assert "nothing written to" not in text and "still holds an interrupted build's files" in text
    monkeypatch.undo()
    assert run("build", EXAMPLE, "-o", out).exit_code == 0  # the disk is fine again: all put right


def test_a_failed_put_back_in_a_watch_round_says_it_too(kit_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", kit_copy, "-o", out, "--paper", "letter").exit_code == 0
    _disk_fails_after(monkeypatch, 5)
    result = run("watch", kit_copy, "-o", out, "--max-polls", "1")
    monkeypatch.undo()
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert "not built: " in result.output and "nothing written" not in result.output
    assert f"{out} holds part of the previous build and part of this one" in result.output


# -- deck check DIR of an interrupted commit ------------------------------------------------------------------
def _consistent(out: Path) -> dict:
    import hashlib

    from deck.build.staging import JOURNAL

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    pdfs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.pdf")}
    assert pdfs == listed and not (out / JOURNAL).exists()
    return listed


def test_deck_check_of_a_directory_with_an_interrupted_commit(tmp_path, monkeypatch):
    """The put-back failed too: the directory is mixed, with its journal. deck check rolls it back first,
    says so, and checks the build before it, whole: never a mixed directory, silently."""
    from deck.build.staging import JOURNAL

    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out, "--paper", "letter").exit_code == 0
    letter = _consistent(out)
    _disk_fails_after(monkeypatch, 5)
    assert run("build", EXAMPLE, "-o", out).exit_code == 1
    monkeypatch.undo()
    assert (out / JOURNAL).exists()
    result = run("check", out, "--dpi", "72")
    assert "Traceback" not in result.output
    assert f"{out}: an interrupted build left its commit half done: rolled back first" in result.output
    assert _consistent(out) == letter
    assert result.exit_code == 0, result.output


# -- --force: replaces what deck did not write, each file said ----------------------------------------------
def test_force_replaces_files_deck_did_not_write_and_says_each(tmp_path):
    import hashlib

    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    mine, annotated = out / "atelier-exemple-acteurs.pdf", out / "atelier-exemple-evenements.pdf"
    mine.write_bytes(b"%PDF-1.7\n% my own actors\n")
    annotated.write_bytes(annotated.read_bytes() + b"\n% an annotation\n")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = run("build", EXAMPLE, "-o", out)  # the default still refuses, naming both
    assert refused.exit_code == 1 and refused.output.count("deck never overwrites your files") == 2
    result = run("build", EXAMPLE, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "replaced all the same (--force)" in line]
    assert warnings == [
        f"warning: {mine}: this file changed since deck wrote it: replaced all the same (--force); "
        "what it held is gone",
        f"warning: {annotated}: this file changed since deck wrote it: replaced all the same (--force); "
        "what it held is gone",
    ]
    listed = _consistent(out)
    assert listed[mine.name] == hashlib.sha256(mine.read_bytes()).hexdigest()
    assert b"my own actors" not in mine.read_bytes() and b"an annotation" not in annotated.read_bytes()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"  # not an output's name: never touched


def test_force_never_replaces_a_folder(tmp_path):
    out = tmp_path / "out"
    (out / "atelier-exemple-acteurs.pdf").mkdir(parents=True)
    (out / "atelier-exemple-acteurs.pdf" / "keep.txt").write_text("mine\n", encoding="utf-8")
    _fails(run("build", EXAMPLE, "-o", out, "--force"), "a folder is in the way")
    assert (out / "atelier-exemple-acteurs.pdf" / "keep.txt").read_text(encoding="utf-8") == "mine\n"


# -- Ctrl-C at any moment, the first 0.1 s too: exit 130, no traceback ------------------------------------------
_INTERRUPT_AT_IMPORT = """
import builtins, os, signal, sys
n, count, real = int(sys.argv[1]), [0], builtins.__import__
def counting(*args, **kw):
    count[0] += 1
    if count[0] == n:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while deck loads its n-th module
    return real(*args, **kw)
from deck.__main__ import run  # what the deck command's script does (its only line before deck's code)
builtins.__import__ = counting
sys.argv = ["deck"] + sys.argv[2:]
run()
"""


def _interrupted_cleanly(proc, err: bytes) -> None:
    assert proc.returncode == 130, (proc.returncode, err.decode())
    assert b"Traceback" not in err and err.decode().strip().startswith("interrupted: "), err.decode()


def _moments(n: int) -> list[int]:
    a, b, out = 1, 2, []
    while len(out) < n:
        out.append(b)
        a, b = b, a + b
    return out


@pytest.mark.parametrize("n", _moments(5))
def test_ctrl_c_while_deck_is_loading(tmp_path, n):
    """At the 2nd, 3rd, 5th, 8th, 13th module deck imports (21st to 987th with --slow): the first tenths of
    a second of the command, deterministically."""
    import subprocess
    import sys

    from conftest import ROOT

    cmd = [sys.executable, "-c", _INTERRUPT_AT_IMPORT, str(n), "build", str(EXAMPLE), "-o", str(tmp_path / "out")]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=120)
    _interrupted_cleanly(proc, proc.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("n", _moments(15)[5:])
def test_ctrl_c_while_deck_is_loading_later(tmp_path, n):
    test_ctrl_c_while_deck_is_loading(tmp_path, n)


def _python_starting(err: bytes) -> bool:
    """A Ctrl-C that lands while Python itself starts (its site module, the editable install's finder),
    before the first line of deck runs: Python's own, which no program can catch (nothing was written)."""
    from deck.kit.find import HERE

    return b"Fatal Python error: init_" in err or (b"Traceback" in err and str(HERE).encode() not in err)


def test_ctrl_c_in_the_first_tenth_of_a_second_and_later(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    def start(out):
        return subprocess.Popen(
            [sys.executable, "-m", "deck", "build", str(EXAMPLE), "-o", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    # One build timed first: the later interrupts land at fractions of its length, so that on a loaded
    # machine (a slower start, a slower build) they still fall inside the build, not all in Python's start.
    began = time.monotonic()
    whole = start(tmp_path / "timed")
    _, err = whole.communicate(timeout=120)
    length = time.monotonic() - began
    assert whole.returncode == 0, err.decode()
    fractions = [0.3, 0.5, 0.7, 0.9]
    outcomes = []
    for k, delay in enumerate([0.0, 0.02, 0.04, 0.06, 0.08, 0.1] + [f * length for f in fractions]):
        proc = start(tmp_path / f"out{k}")
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        if proc.returncode == -signal.SIGINT or _python_starting(err):  # before Python could raise it
            outcomes.append("python")
            continue
        assert str(ROOT / "deck").encode() not in err, err.decode()  # never a traceback from deck's code
        assert proc.returncode in (0, 130), (delay, proc.returncode, err.decode())
        if proc.returncode == 130:
            _interrupted_cleanly(proc, err)
        outcomes.append(proc.returncode)
    assert 130 in outcomes, (length, outcomes)


# -- more cases of the issue, each with its test -------------------------------------------------------------
def test_content_files_that_are_a_link_loop(tmp_path):
    kit = _kit(tmp_path)
    (kit / "a.yaml").symlink_to("b.yaml")
    (kit / "b.yaml").symlink_to("a.yaml")
    out = tmp_path / "out"
    _fails(
        run("build", kit, "-o", out),
        f'{kit / "kit.yaml"}: error: content file "a.yaml" is a link that leads back to itself',
        f'{kit / "kit.yaml"}: error: content file "b.yaml" is a link that leads back to itself',
    )
    assert not out.exists()


def test_a_font_that_is_a_link_loop(tmp_path):
    kit = _kit(tmp_path, "theme: default", "theme:\n  extends: default\n  fonts:\n    regular: f1.ttf")
    (kit / "f1.ttf").symlink_to("f2.ttf")
    (kit / "f2.ttf").symlink_to("f1.ttf")
    _fails(run("build", kit, "-o", tmp_path / "out"), "kit.yaml:16:14: error: 'f1.ttf' is a link that leads back")


def test_a_deleted_working_directory(tmp_path, monkeypatch, capsys):
    """deck run from a folder deleted since (a shell left in it): one line, exit 1 (was a TypeError)."""
    from deck import cli

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.setattr(sys, "argv", ["deck", "build", str(EXAMPLE), "-o", "out"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err == "error: the current directory no longer exists (deleted?): cd to one that does\n"


def test_a_full_disk_while_a_pdf_is_written(tmp_path, monkeypatch):
    """ENOSPC from the first PDF written: located at the output's name, "nothing written", the previous
    build as it was."""
    import errno
    import hashlib
    import io

    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out, "--paper", "letter").exit_code == 0
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    real_open = io.open

    def full(file, mode="r", *args, **kw):
        if "w" in mode and str(file).endswith(".pdf"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kw)

    monkeypatch.setattr(io, "open", full)
    monkeypatch.setattr("builtins.open", full)
    result = run("build", EXAMPLE, "-o", out)
    monkeypatch.undo()
    _fails(result, f"{out}/atelier-exemple-", ".pdf: error: cannot write this file: No space left on device")
    assert f"nothing written to {out}" in result.output and ".deck-build-" not in result.output
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()} == before


def test_sigterm_between_two_renames(tmp_path):
    """SIGTERM in the middle of the commit is held until every file is in place, then obeyed: the new
    build, whole, with its manifest; no journal, no staging folder."""
    import signal
    import subprocess

    from conftest import ROOT

    from deck.build.staging import JOURNAL, STAGING_PREFIX

    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out, "--paper", "letter").exit_code == 0
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    script = """
import os, signal, sys
real, count = os.replace, [0]
def replace(a, b):
    real(a, b)
    count[0] += 1
    if count[0] == 5:
        os.kill(os.getpid(), signal.SIGTERM)
os.replace = replace
sys.argv = ["deck", "build", sys.argv[1], "-o", sys.argv[2]]
from deck.__main__ import run
run()
"""
    proc = subprocess.run(
        [sys.executable, "-c", script, str(EXAMPLE), str(out)], cwd=ROOT, capture_output=True, timeout=120
    )
    assert proc.returncode == 128 + signal.SIGTERM and b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert len(_consistent(out)) == 7
    assert not (out / JOURNAL).exists() and not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert b"Letter" not in (out / "manifest.json").read_bytes()  # the A4 build: it finished its renames


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc: Linux")
def test_sigterm_of_a_two_process_build_ends_it_whole(tmp_path):
    """`kill PID` of a build with its worker running: exit 143, no traceback, no worker left a second
    later, no staging folder, nothing in the output directory."""
    import signal
    import subprocess
    import time

    from conftest import ROOT
    from test_workers import _children, _kit, _processes_with

    from deck.build import workers

    if not workers.available():
        pytest.skip("no fork: the build is serial")
    kit = _kit(tmp_path / "big-kit", 1500)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "deck", "build", str(kit), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the build ended before it started its worker"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM and b"Traceback" not in err, (proc.returncode, err.decode())
    time.sleep(1.0)
    assert _processes_with(str(kit)) == []
    assert not out.exists() or not list(out.iterdir()), list(out.iterdir())


@pytest.mark.parametrize("name", ["yes", "2024", "null"])
def test_deck_new_in_a_folder_whose_name_yaml_reads_as_another_type(tmp_path, name):
    """The kit's id comes from the folder's name: "yes" is a boolean to YAML, "2024" a number, unless quoted."""
    import yaml

    assert run("new", tmp_path / name).exit_code == 0
    header = yaml.safe_load((tmp_path / name / "kit.yaml").read_text(encoding="utf-8"))
    assert header["id"] == name
    assert run("validate", tmp_path / name).exit_code == 0


def test_ctrl_c_while_the_staging_folder_is_made_leaves_no_folder(tmp_path, monkeypatch):
    """Ctrl-C held while the staging folder is made is raised at the end of that step, before the build's
    `with` block is entered: the folder just made goes too (it used to be left for the next build)."""
    import signal
    import tempfile

    from deck.build.pipeline import Options, build
    from deck.build.staging import STAGING_PREFIX

    real = tempfile.mkdtemp

    def mkdtemp(*args, **kw):
        made = real(*args, **kw)
        os.kill(os.getpid(), signal.SIGINT)  # held until the folder is made and locked
        return made

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        build(EXAMPLE, out, Options())
    assert not [p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_a_ctrl_c_while_zxing_loads_arrives_once_it_has_loaded(signame):
    """zxing-cpp is imported with Ctrl-C (and SIGTERM, which the command unwinds the same way) held: a
    KeyboardInterrupt inside its native module's loading aborts the interpreter ("terminate called after
    throwing …", seen in a Ctrl-C test). One that comes while it loads arrives once it has loaded, and the
    signal is not left held."""
    code = (
        "import os, signal, sys\n"
        f"SIG = signal.{signame}\n"
        "def unwind(*_):\n"
        "    raise KeyboardInterrupt\n"
        "signal.signal(SIG, unwind)  # as the command's handlers do\n"
        "class Press:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'zxingcpp':\n"
        "            os.kill(os.getpid(), SIG)  # as the import starts\n"
        "        return None\n"
        "sys.meta_path.insert(0, Press())\n"
        "from deck.layout.qr import load_zxing\n"
        "try:\n"
        "    load_zxing()\n"
        "    print('never interrupted')\n"
        "except KeyboardInterrupt:\n"
        "    print('loaded' if 'zxingcpp' in sys.modules else 'cut')\n"
        "held = SIG in signal.pthread_sigmask(signal.SIG_BLOCK, set())\n"
        "print('held' if held else 'free')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["loaded", "free"], r.stdout
