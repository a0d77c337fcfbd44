"""`deck watch`: a save rebuilds the kit, rendering only the decks whose cards changed; the others'
files are left as they were, and the manifest still lists (and hashes) every file."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time

import pytest
from conftest import run
from pdfread import page_texts

from deck.build.pipeline import Options
from deck.watch import Watcher


@pytest.fixture(autouse=True, scope="module")
def _own_check_key(tmp_path_factory):
    """deck check seals its cache with a key of the user's ($XDG_CACHE_HOME/deck): the tests' own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def _state(out):
    """name -> (sha256, mtime, inode) of every deck's PDF: a rewritten file changes inode and mtime."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    decks = [out / o["path"] for o in manifest["outputs"] if o["kind"] == "cards"]
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_ino) for p in decks}


def _save(path, old, new):
    """Edit a kit file as an editor would, and make sure its modification time moves."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _manifest_matches_files(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"] for o in manifest["outputs"]}
    for o in manifest["outputs"]:
        assert hashlib.sha256((out / o["path"]).read_bytes()).hexdigest() == o["sha256"], o["path"]
    return listed


def test_a_save_rerenders_only_the_deck_it_changes(kit_copy, tmp_path):
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options())
    first = w.poll()
    assert first.ok and first.rendered == ["acteurs", "evenements", "ressources", "consignes"]
    assert w.poll() is None, "nothing changed: no rebuild"
    before = _state(out)
    listed_before = _manifest_matches_files(out)
    # new lines above the other decks' items move their line numbers, not what they print
    _save(kit_copy / "contenu.yaml", "Fixe le cap", "Donne\n      le cap")
    r = w.poll()
    assert r.ok and r.rendered == ["acteurs"] and r.kept == ["evenements", "ressources", "consignes"]
    assert r.changed == [str(kit_copy.resolve() / "contenu.yaml")]
    after = _state(out)
    actors = "atelier-exemple-acteurs.pdf"
    assert after[actors][0] != before[actors][0]
    assert "Donne le cap" in page_texts(out / actors)[0]
    for name in before:
        if name != actors:
            assert after[name] == before[name], f"{name} was rewritten"
    assert _manifest_matches_files(out) == listed_before  # complete, and every hash is the file's


def test_a_deck_title_change_in_kit_yaml_rerenders_that_deck_only(kit_copy, tmp_path):
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options(tables=2))
    assert w.poll().ok
    before = _state(out)
    _save(kit_copy / "kit.yaml", 'title: "Consignes"', 'title: "Consignes de jeu"')
    r = w.poll()
    assert r.ok and r.rendered == ["consignes"]
    after = _state(out)
    changed = {name for name in before if after[name] != before[name]}
    assert "atelier-exemple-consignes.pdf" in changed
    assert not changed & {
        "atelier-exemple-acteurs.pdf",
        "atelier-exemple-evenements.pdf",
        "atelier-exemple-ressources.pdf",
    }
    _manifest_matches_files(out)


def test_a_broken_save_keeps_the_files_and_the_next_save_recovers(kit_copy, tmp_path):
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options())
    assert w.poll().ok
    before = _state(out)
    _save(kit_copy / "contenu.yaml", 'name: "CSE"', 'name: ["CSE"')
    broken = w.poll()
    assert not broken.ok
    assert any("contenu.yaml" in str(d.loc) and d.severity == "error" for d in broken.diagnostics.items)
    assert _state(out) == before
    _save(kit_copy / "contenu.yaml", 'name: ["CSE"', 'name: "CSE-SSCT"')
    fixed = w.poll()
    assert fixed.ok and fixed.rendered == ["acteurs"]
    assert "CSE-SSCT" in page_texts(out / "atelier-exemple-acteurs.pdf")[0]


def test_a_deleted_output_is_written_again_on_the_next_save(kit_copy, tmp_path):
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options())
    assert w.poll().ok
    (out / "atelier-exemple-evenements.pdf").unlink()
    _save(kit_copy / "contenu.yaml", "Fixe le cap", "Tient le cap")
    r = w.poll()
    assert sorted(r.rendered) == ["acteurs", "evenements"]
    assert (out / "atelier-exemple-evenements.pdf").is_file()
    _manifest_matches_files(out)


def test_an_output_directory_inside_the_kit_does_not_rebuild_forever(kit_copy):
    w = Watcher(kit_copy, kit_copy / "out", Options())
    assert w.poll().ok
    assert w.poll() is None and w.poll() is None


def test_watch_command_builds_then_stops_cleanly_on_ctrl_c(kit_copy, tmp_path, monkeypatch):
    import deck.watch

    def interrupted(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(deck.watch.time, "sleep", interrupted)
    out = tmp_path / "out"
    r = run("watch", kit_copy, "-o", out)
    assert r.exit_code == 0, r.output
    assert "atelier-exemple-acteurs.pdf" in r.output and "stopped" in r.output
    assert (out / "manifest.json").is_file()
    once = run("watch", kit_copy, "-o", out, "--max-polls", "1")
    assert once.exit_code == 0 and "built 4 deck(s)" in once.output


def test_watch_says_a_file_it_keeps_once_not_at_every_save(kit_copy, tmp_path, monkeypatch):
    """A file of the user's in the output directory is named at the first build, not again at every save."""
    import deck.watch

    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mes notes", encoding="utf-8")
    text = "Fixe le cap, arbitre les moyens"
    saves = iter([(text, text + " !"), (text + " !", text)])

    def sleep(seconds):  # between two looks at the files: two saves, then Ctrl-C
        edit = next(saves, None)
        if edit is None:
            raise KeyboardInterrupt
        _save(kit_copy / "contenu.yaml", *edit)

    monkeypatch.setattr(deck.watch.time, "sleep", sleep)
    r = run("watch", kit_copy, "-o", out)
    assert r.exit_code == 0, r.output
    assert len(re.findall(r"built \d+ deck\(s\)", r.output)) == 3, r.output
    assert r.output.count("notes.txt was not written by deck: left as it is") == 1, r.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mes notes"


def test_watch_with_check_reports_a_planted_overflow_after_the_save(kit_copy, tmp_path):
    """`deck watch --check`: each round is checked, the pages the save did not change taken from the
    check's cache; an overlong text saved into a card is reported in the round of that save, naming the
    card. The time from the save to the report is printed (bench/check.py measures it: under 2 s); the
    bound here is only generous, the machine may be busy."""
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options(), check=True, jobs=2)
    first = w.poll()
    assert first.ok and first.check is not None and first.check.ok, first.check and first.check.findings
    assert first.check.cached == 0
    long_role = "Fixe le cap " + "et parle encore, " * 60 + "FIN-DU-TEXTE."
    saved = time.monotonic()
    _save(
        kit_copy / "contenu.yaml", "Fixe le cap, arbitre les moyens et porte le projet devant les équipes.", long_role
    )
    r = w.poll()
    seconds = time.monotonic() - saved
    assert r.ok and r.rendered == ["acteurs"]
    fails = [f for f in r.check.findings if f.severity == "fail"]
    assert [(f.check, f.file, f.card, f.side) for f in fails] == [
        ("text boxes", "atelier-exemple-acteurs.pdf", "direction", "front")
    ], fails
    assert "FIN-DU-TEXTE" in fails[0].message
    pages = r.check.counts["pages"]["checked"]
    assert 0 < r.check.cached < pages  # the pages of the other decks were not read again
    print(f"save to report: {seconds:.2f} s (build {r.seconds:.2f} s, check {r.check_seconds:.2f} s)")
    assert seconds < 30


def test_watch_command_with_check_prints_the_check(kit_copy, tmp_path):
    out = tmp_path / "out"
    once = run("watch", kit_copy, "-o", out, "--check", "--max-polls", "1")
    assert once.exit_code == 0, once.output
    assert re.search(r"checked: \d+ page\(s\), \d+ read, 0 unchanged, in [\d.]+ s: ok: every check passed", once.output)
