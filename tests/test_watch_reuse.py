"""`deck watch` lays the boards, sheets and guide out again every round, but draws only those whose pages
changed: the others stay the very files of the previous round. Whatever a round took or drew, the output
directory holds the bytes a fresh `deck build` of the kit writes, manifest and page plan included."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from conftest import CONTENT, ROOT
from pdfread import page_texts

from deck.build import pipeline, workers
from deck.build.pipeline import Options, build
from deck.watch import Watcher

ROLE = "Fixe le cap, arbitre les moyens et porte le projet devant les équipes."
INDEX = "atelier-exemple-index-des-cartes.pdf"
QR = "atelier-exemple-codes-qr.pdf"
GUIDE = "atelier-exemple-guide-animation.pdf"


@pytest.fixture(autouse=True)
def _own_check_key(tmp_path, monkeypatch):
    """deck check seals its cache with a key of the user's ($XDG_CACHE_HOME/deck): the tests' own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def _save(path, old, new):
    """Edit a kit file as an editor would, and make sure its modification time moves."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _files(out) -> dict:
    """name -> bytes of every file of a build directory (its page plan too; deck check's cache left out)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".deck-check-cache.json"}


def _same_as_a_fresh_build(kit, out, fresh, options=None):
    build(kit, fresh, options or Options())
    got, want = _files(out), _files(fresh)
    assert got.keys() == want.keys()
    assert [n for n in want if got[n] != want[n]] == []


def _identity(path):
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def _extras(result) -> list[str]:
    return [o.path for o in result.outputs if o.kind != "cards"]


def test_a_card_edit_draws_again_only_the_extras_whose_pages_change(kit_copy, tmp_path):
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options())
    first = w.poll()
    assert first.ok and first.reused == []
    extras = _extras(first.result)
    assert sorted(extras) == sorted([INDEX, QR, GUIDE])
    before = {n: _identity(out / n) for n in extras}

    _save(kit_copy / "contenu.yaml", ROLE, "Tient le cap et porte le projet devant les équipes.")  # on its card only
    r = w.poll()
    assert r.ok and r.rendered == ["acteurs"]
    assert sorted(r.reused) == sorted(extras)
    assert [o.path for o in r.written] == ["atelier-exemple-acteurs.pdf"]
    assert {n: _identity(out / n) for n in extras} == before  # the very files, untouched
    assert "Tient le cap" in "".join(page_texts(out / "atelier-exemple-acteurs.pdf"))
    _same_as_a_fresh_build(kit_copy, out, tmp_path / "fresh-1")

    _save(kit_copy / "contenu.yaml", 'name: "Direction"', 'name: "Direction générale"')  # the index lists it
    r = w.poll()
    assert r.ok and INDEX not in r.reused and INDEX in [o.path for o in r.written]
    assert QR in r.reused
    assert "Direction générale" in "".join(page_texts(out / INDEX))
    _same_as_a_fresh_build(kit_copy, out, tmp_path / "fresh-2")


def test_an_extra_deleted_is_drawn_again_and_one_annotated_is_never_overwritten(kit_copy, tmp_path):
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options())
    assert w.poll().ok
    (out / GUIDE).unlink()
    _save(kit_copy / "contenu.yaml", ROLE, "Tient le cap.")
    r = w.poll()
    assert r.ok and GUIDE not in r.reused and sorted(r.reused) == sorted([INDEX, QR])
    _same_as_a_fresh_build(kit_copy, out, tmp_path / "fresh")

    annotated = (out / QR).read_bytes() + b"% my notes\n"
    (out / QR).write_bytes(annotated)
    _save(kit_copy / "contenu.yaml", "Tient le cap.", "Garde le cap.")
    r = w.poll()
    assert not r.ok
    assert any("changed since deck wrote it" in d.message and QR in str(d.loc) for d in r.diagnostics.items)
    assert (out / QR).read_bytes() == annotated


@pytest.mark.skipif(not workers.available(), reason="no fork here: builds are serial")
def test_extras_written_by_the_build_worker_are_taken_as_they_were_too(kit_copy, tmp_path, monkeypatch):
    """A big kit's extras are written by a forked worker while the decks are drawn: it takes and keys its
    files as this process does (its keys come back through the staging folder)."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 0)  # the example kit, on two processes
    out = tmp_path / "out"
    options = Options(jobs=2)
    w = Watcher(kit_copy, out, options)
    first = w.poll()
    assert first.ok
    extras = _extras(first.result)
    before = {n: _identity(out / n) for n in extras}
    cpu = os.times().children_user + os.times().children_system
    _save(kit_copy / "contenu.yaml", ROLE, "Tient le cap.")
    r = w.poll()
    assert os.times().children_user + os.times().children_system > cpu  # the worker did the extras
    assert r.ok and sorted(r.reused) == sorted(extras)
    assert {n: _identity(out / n) for n in extras} == before
    _same_as_a_fresh_build(kit_copy, out, tmp_path / "fresh", options)


def test_the_default_kit_keeps_its_boards_tiles_and_booklets_after_a_card_edit(tmp_path):
    import shutil

    kit = tmp_path / "kit"
    shutil.copytree(CONTENT / "mise-en-dialogue", kit)
    out = tmp_path / "out"
    w = Watcher(kit, out, Options())
    first = w.poll()
    assert first.ok
    kinds = {o.path: o.kind for o in first.result.outputs}
    assert {"board", "board-tiles", "sheet", "guide"} <= set(kinds.values())
    _save(
        kit / "actors.yaml",
        "Fixe le cap, arbitre et décide en dernier ressort.",
        "Fixe le cap, " + "et parle encore longtemps, " * 40 + "FIN-DU-TEXTE.",
    )
    r = w.poll()
    assert r.ok and r.rendered == ["acteurs"]
    assert sorted(r.reused) == sorted(n for n, k in kinds.items() if k != "cards")
    assert any("text does not fit" in d.message for d in r.diagnostics.items)  # said again, drawn or not
    _same_as_a_fresh_build(kit, out, tmp_path / "fresh")


def test_a_change_in_a_kit_it_extends_is_seen_and_so_is_a_new_parent(tmp_path):
    import shutil

    base, other = tmp_path / "base", tmp_path / "other"
    shutil.copytree(CONTENT / "atelier-exemple", base)
    shutil.copytree(CONTENT / "atelier-exemple", other)
    child = tmp_path / "child"
    shutil.copytree(ROOT / "tests" / "kits" / "overlay", child)
    _save(child / "kit.yaml", "extends: atelier-exemple", "extends: ../base")
    w = Watcher(child, tmp_path / "out", Options())
    assert w.poll().ok
    assert w.poll() is None
    _save(base / "contenu.yaml", 'name: "CSE"', 'name: "CSE central"')
    r = w.poll()
    assert r is not None and r.ok and r.changed == [str((base / "contenu.yaml").resolve())]
    _save(child / "kit.yaml", "extends: ../base", "extends: ../other")
    assert w.poll().ok
    _save(other / "contenu.yaml", 'name: "CSE"', 'name: "CSE local"')
    r = w.poll()
    assert r is not None and r.ok and str((other / "contenu.yaml").resolve()) in r.changed
    _save(base / "contenu.yaml", 'name: "CSE central"', 'name: "CSE"')  # no longer part of the kit
    assert w.poll() is None


def test_polls_are_spaced_out_when_looking_at_the_files_takes_long(kit_copy, tmp_path):
    w = Watcher(kit_copy, tmp_path / "out", Options(), interval=0.1)
    w.looked = 0.0005  # a look at a few files
    assert w.pause() == 0.1
    w.looked = 0.01  # a kit of thousands of files: looking stays a fiftieth of the time
    assert w.pause() == pytest.approx(0.5)


def test_watch_check_process_reports_the_overflow_and_writes_a_fresh_builds_bytes(kit_copy, tmp_path):
    """A real `deck watch --check` process: an overlong text saved into a card is reported by the check of
    that round, the extras are said to be the same, and the directory is then a fresh build's."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "deck", "watch", str(kit_copy), "-o", str(out), "--check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[str] = []
    seen = threading.Condition()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            with seen:
                lines.append(line.rstrip("\n"))
                seen.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_for(test, after: int) -> int:
        with seen:
            ok = seen.wait_for(lambda: any(test(x) for x in lines[after:]) or proc.poll() is not None, timeout=120)
        assert ok and proc.poll() is None, lines
        return next(i for i in range(after, len(lines)) if test(lines[i]))

    try:
        first = wait_for(lambda x: " checked: " in x, 0)
        assert lines[first].endswith("ok: every check passed"), lines
        long_role = "Fixe le cap " + "et parle encore, " * 60 + "FIN-DU-TEXTE."
        _save(kit_copy / "contenu.yaml", ROLE, long_role)
        done = wait_for(lambda x: " checked: " in x, first + 1)
        round_lines = lines[first + 1 : done + 1]
        built = next(x for x in round_lines if " built 1 deck(s) in " in x)
        assert "3 other file(s) laid out the same, not drawn again" in built, round_lines
        written = [x for x in round_lines if ".pdf  (" in x]
        assert len(written) == 1 and written[0].startswith(str(out / "atelier-exemple-acteurs.pdf")), round_lines
        fails = [x for x in round_lines if x.startswith("FAIL ")]
        assert len(fails) == 1 and "[text boxes]" in fails[0] and '"direction" (front)' in fails[0], round_lines
        assert lines[done].endswith("FAILED") and " read, " in lines[done]
    finally:
        proc.terminate()
        proc.wait(30)
    _same_as_a_fresh_build(kit_copy, out, tmp_path / "fresh")
