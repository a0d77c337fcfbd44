"""Nothing lost: a build stopped by Ctrl-C at any moment leaves only complete, readable PDFs; no command
overwrites a file the user wrote."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, run


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _readable(pdf: Path) -> int:
    """Pages of the PDF, opened by two independent readers (raises if it is damaged or truncated)."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    n = len(PdfReader(str(pdf), strict=True).pages)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        assert len(doc) == n
        doc[n - 1].get_textpage().get_text_range()
    finally:
        doc.close()
    return n


def _state(out: Path) -> dict:
    return {p.name: _sha(p) for p in out.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, example_build):
    """The same kit built two ways (letter, and A4: the session's build): every output file differs."""
    old = tmp_path_factory.mktemp("builds") / "old"
    assert run("build", EXAMPLE, "-o", old, "--paper", "letter").exit_code == 0
    return _state(old), _state(example_build), old


def test_sigint_at_any_moment_leaves_complete_readable_pdfs(builds, tmp_path):
    """Ctrl-C at 5 moments spread over a build (every 1/4 of it); at 15 with --slow."""
    _interrupt_builds(builds, tmp_path, moments=5)


@pytest.mark.slow
def test_sigint_at_any_moment_leaves_complete_readable_pdfs_finely(builds, tmp_path):
    """Ctrl-C at 15 moments spread over a build (every 1/14 of it)."""
    _interrupt_builds(builds, tmp_path, moments=15)


def _interrupt_builds(builds, tmp_path, moments: int) -> None:
    old_state, new_state, old_dir = builds
    started = time.monotonic()
    cmd = [sys.executable, "-m", "deck", "build", str(EXAMPLE), "-o"]
    # how long a whole build takes here, to spread the interrupts over it
    probe = tmp_path / "probe"
    t0 = time.monotonic()
    subprocess.run(cmd + [str(probe)], cwd=ROOT, check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - t0
    # from the start of the interpreter to past the end
    delays = [whole * k / (moments - 1) for k in range(1, moments + 1)]
    outcomes = set()
    readable: dict = {}  # sha256 -> pages, of the PDFs already opened
    for n, delay in enumerate(delays):
        out = tmp_path / f"out{n}"
        out.mkdir()
        for name in old_state:
            (out / name).write_bytes((old_dir / name).read_bytes())
        (out / "notes.txt").write_text("mine\n", encoding="utf-8")
        proc = subprocess.Popen(cmd + [str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        outcomes.add(proc.returncode)
        # no traceback from deck's own code (an interrupt that lands while the interpreter itself is
        # still starting, before any of deck is imported, is reported by Python, not by deck)
        assert b"/deck/" not in err and b"deck.cli" not in err, err.decode()
        in_startup = b"init_import_site" in err or (b"<frozen" in err and b"/deck/" not in err)
        assert proc.returncode in (0, 130, -signal.SIGINT) or in_startup, (proc.returncode, err.decode())
        assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
        leftovers = [p.name for p in out.iterdir() if p.name.startswith(".deck-build-")]
        assert not leftovers, (delay, leftovers)
        for p in out.iterdir():
            if p.suffix == ".pdf":
                # every PDF is complete: byte for byte the previous build's file or the new build's
                sha = _sha(p)
                assert sha in (old_state.get(p.name), new_state.get(p.name)), (delay, p.name)
                if sha not in readable:  # the same bytes open the same way: each file is opened once
                    readable[sha] = _readable(p)
                assert readable[sha] >= 1
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["tool"].startswith("deck ")
    assert time.monotonic() - started < 90
    assert 130 in outcomes or -signal.SIGINT in outcomes, outcomes  # some builds were really interrupted


def test_ctrl_c_during_the_renames_finishes_them_first(tmp_path, monkeypatch):
    """Ctrl-C while the files are being renamed into place is held until the last one is in."""
    from deck.build.pipeline import Options, build

    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out, "--paper", "letter").exit_code == 0
    real_replace = os.replace
    calls = []

    def replace_then_interrupt(src, dst):
        real_replace(src, dst)
        if Path(dst).parent == out:  # put in place (the previous file is first moved aside)
            calls.append(Path(dst).name)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl-C after the first rename
            time.sleep(0.05)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(EXAMPLE, out, Options())
    monkeypatch.undo()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(calls) == len(manifest["outputs"]) + 2  # every PDF, the plan and the manifest
    for o in manifest["outputs"]:
        assert _sha(out / o["path"]) == o["sha256"]  # the new build, whole and consistent
    assert not [p for p in out.iterdir() if p.name.startswith(".deck-build-")]


def test_a_file_of_the_user_in_the_way_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "atelier-exemple-acteurs.pdf"
    mine.write_bytes(b"%PDF-1.4 my own actors, made by hand\n")
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 1
    assert f"{out / 'atelier-exemple-acteurs.pdf'}: error: a file deck did not write is in the way" in result.output
    assert mine.read_bytes() == b"%PDF-1.4 my own actors, made by hand\n"
    assert sorted(p.name for p in out.iterdir()) == ["atelier-exemple-acteurs.pdf"]


def test_a_manifest_of_the_user_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"my": "inventory"}\n', encoding="utf-8")
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 1 and "manifest.json: error: a file deck did not write" in result.output
    assert (out / "manifest.json").read_text(encoding="utf-8") == '{"my": "inventory"}\n'


def test_deck_replaces_its_own_files_even_from_another_kit(tmp_path):
    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    assert run("build", "cooperatives-numerique", "-o", out).exit_code == 0  # the manifest now lists these
    assert run("build", EXAMPLE, "-o", out).exit_code == 0  # its PDFs carry deck's mark: replaced


def test_a_staging_folder_of_a_killed_build_is_cleared(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "deck", "build", str(EXAMPLE), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        out.is_dir() and any(p.name.startswith(".deck-build-") for p in out.iterdir())
    ):
        time.sleep(0.005)
    proc.kill()  # SIGKILL: nothing can clean up
    proc.wait()
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    assert not [p for p in out.iterdir() if p.name.startswith(".deck-build-")]


def test_calibrate_never_overwrites_a_file_of_the_user(tmp_path):
    mine = tmp_path / "sheet.pdf"
    mine.write_bytes(b"my scan\n")
    result = run("calibrate", "-o", mine)
    assert result.exit_code == 1 and "deck never overwrites your files" in result.output
    assert mine.read_bytes() == b"my scan\n"
    fresh = tmp_path / "calage.pdf"
    assert run("calibrate", "-o", fresh).exit_code == 0
    assert run("calibrate", "-o", fresh, "--paper", "letter").exit_code == 0  # its own file: replaced


def test_new_never_overwrites(tmp_path):
    target = tmp_path / "kit"
    target.mkdir()
    (target / "kit.yaml").write_text("id: mine\n", encoding="utf-8")
    result = run("new", target)
    assert result.exit_code == 1
    assert (target / "kit.yaml").read_text(encoding="utf-8") == "id: mine\n"


def test_ctrl_c_wrapped_by_an_import_is_still_an_interrupt(monkeypatch, capsys):
    """Ctrl-C landing while Python builds a class at import time surfaces as a RuntimeError caused by
    KeyboardInterrupt (seen in a fresh-clone run): deck reports an interrupt, exit 130, no traceback."""
    from deck import cli

    def interrupted_import(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as e:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from e

    monkeypatch.setattr(cli.cli, "main", interrupted_import)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 130
    assert "interrupted" in capsys.readouterr().err


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_signal_inside_a_callback_python_cannot_raise_from_is_said_without_a_traceback(sig):
    """Ctrl-C landing while Python ran a weakref's callback (seen at the end of a build in a fresh-clone run):
    Python printed "Exception ignored in … Traceback … deck/__main__.py … KeyboardInterrupt" and the command
    went on. Now the command ends as it would have, then says it was interrupted: no traceback, exit 130 (143
    for SIGTERM, which was lost altogether)."""
    program = f"""
import signal, sys, weakref
import deck.cli

def work():  # a command whose last step lets a callback run: the signal's handler runs inside it
    class Thing:
        pass
    thing = Thing()

    def gone(ref):
        signal.raise_signal(signal.{sig})
        sum(range(1000))  # the handler runs here, in the callback

    keep = weakref.ref(thing, gone)
    del thing
    print("done", keep is not None)
    sys.exit(0)

deck.cli.main = work
from deck.__main__ import run
run()
"""
    proc = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    assert proc.stdout.strip() == "done True"
    word = "interrupted" if sig == "SIGINT" else "terminated"
    assert f"{word}: the command had already done its work" in proc.stderr, proc.stderr
    assert proc.returncode == (130 if sig == "SIGINT" else 128 + signal.SIGTERM)
