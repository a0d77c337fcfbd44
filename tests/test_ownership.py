"""Ownership is the manifest's sha256 of what deck wrote: a file under an output's name that is not
those bytes (the user's own PDF, a deck PDF annotated since) is never replaced, by a build or by
`deck watch`; the build stops before putting anything in place, names it, and exits 1."""

from __future__ import annotations

import hashlib
import json

from conftest import EXAMPLE, run

from deck.build.pipeline import Options
from deck.watch import Watcher

ACTORS = "atelier-exemple-acteurs.pdf"
EVENTS = "atelier-exemple-evenements.pdf"


def _files(out) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.is_file()}


def _tamper(out) -> dict:
    """The user saves their own PDF under one output's name and annotates another deck PDF."""
    (out / ACTORS).write_bytes(b"%PDF-1.7\n% my own actors, exported from my slides\n")
    annotated = (out / EVENTS).read_bytes()
    assert b"/Creator (deck)" in annotated  # still carries deck's mark: not what makes it deck's
    (out / EVENTS).write_bytes(annotated + b"\n% an annotation saved by a PDF editor\n")
    return _files(out)


def _names_both(output: str, out) -> None:
    assert f"{out / ACTORS}: error: this file changed since deck wrote it" in output
    assert f"{out / EVENTS}: error: this file changed since deck wrote it" in output
    assert "Traceback" not in output


def test_a_rebuild_keeps_a_users_file_and_an_annotated_deck_pdf(tmp_path):
    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    before = _tamper(out)
    for args in ((), ("--paper", "letter")):  # the same build, and one that changes every file
        result = run("build", EXAMPLE, "-o", out, *args)
        assert result.exit_code == 1, result.output
        _names_both(result.output, out)
        assert _files(out) == before  # nothing replaced, not even the files nobody touched


def test_a_watch_round_keeps_them_too(kit_copy, tmp_path):
    out = tmp_path / "out"
    w = Watcher(kit_copy, out, Options())
    assert w.poll().ok
    before = _tamper(out)
    text = (kit_copy / "contenu.yaml").read_text(encoding="utf-8")
    (kit_copy / "contenu.yaml").write_text(text.replace("Fixe le cap", "Donne le cap"), encoding="utf-8")
    w.seen = {}  # the next poll sees a change whatever the clock's resolution
    r = w.poll()
    assert r is not None and not r.ok
    _names_both("\n".join(f"{d.loc}: {d.severity}: {d.message}" for d in r.diagnostics.sorted()), out)
    assert _files(out) == before


def test_a_file_deck_wrote_and_nobody_changed_is_replaced(tmp_path):
    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    assert run("build", EXAMPLE, "-o", out, "--paper", "letter").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {o["path"]: o["sha256"] for o in manifest["outputs"]} == {
        k: v for k, v in _files(out).items() if k not in ("manifest.json", ".deck-plan.json")
    }


def test_a_pdf_that_merely_carries_decks_mark_is_not_decks(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ACTORS).write_bytes(b"%PDF-1.4\n<< /Creator (deck) >>\n% mine\n")
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 1 and f"{out / ACTORS}: error: a file deck did not write" in result.output
    assert (out / ACTORS).read_bytes().endswith(b"% mine\n")
