"""QR codes as a phone sees them: every symbol decodes to its address, an IRI as its ASCII URI."""

from __future__ import annotations

import pytest
from conftest import run
from pdfread import qr_codes

TEXTS = [
    "https://www.anact.fr/",
    "https://exemple.fr/ressources/fiche-00042",
    "https://fr.wikipedia.org/wiki/Dialogue_social",
    "HTTPS://EXAMPLE.ORG/ABC-12 $%*+./:",
    "https://exemple.fr/" + "0123456789" * 7,
    "https://exemple.fr/?q=%E9t%C3%A9",  # already percent-encoded: left as it is
    "h" * 2331,  # the longest byte payload of version 40 at level M
]
IRIS = {
    "https://é.fr/çà?x=1&y=ü#é": "https://xn--9ca.fr/%C3%A7%C3%A0?x=1&y=%C3%BC#%C3%A9",
    "https://exemple.fr/€": "https://exemple.fr/%E2%82%AC",
    "https://exemple.fr/\u0627\u0644\u0639": "https://exemple.fr/%D8%A7%D9%84%D8%B9",
    "https://exemple.fr/日本": "https://exemple.fr/%E6%97%A5%E6%9C%AC",
    "https://Bücher.example:8080/a": "https://xn--bcher-kva.example:8080/a",
}


def _decode(m) -> str:
    """Read a symbol the way a phone would: drawn 4 px per module with its quiet zone, then scanned."""
    import zxingcpp
    from PIL import Image

    from deck.layout.qr import QUIET

    n = len(m)
    side = n + 2 * QUIET
    img = Image.new("L", (side, side), 255)
    img.putdata(
        [
            0 if 0 <= r - QUIET < n and 0 <= c - QUIET < n and m[r - QUIET][c - QUIET] else 255
            for r in range(side)
            for c in range(side)
        ]
    )
    found = zxingcpp.read_barcodes(
        img.resize((4 * side, 4 * side), Image.NEAREST), formats=zxingcpp.BarcodeFormat.QRCode
    )
    assert len(found) == 1
    return found[0].text


def test_every_symbol_decodes_to_its_text():
    from deck.layout import qr

    for text in TEXTS:
        assert _decode(qr.matrix(text)) == text, text[:40]


def test_an_iri_is_encoded_as_its_ascii_uri():
    from deck.layout import qr

    for iri, uri in IRIS.items():
        assert qr.ascii_uri(iri) == uri
        assert _decode(qr.matrix(iri)) == uri  # UTF-8, percent-encoded: no code page for the phone to guess
    for text in TEXTS:
        assert qr.ascii_uri(text) == text  # ASCII: byte for byte


def test_symbols_are_the_smallest_version_at_level_m():
    from deck.layout import qr

    assert len(qr.matrix("https://www.anact.fr/")) == 25  # version 2: 21 bytes fit in 26 data codewords
    assert len(qr.matrix("h" * 2331)) == 177  # version 40
    assert len(qr.matrix("h" * 14)) == 21 and len(qr.matrix("h" * 15)) == 25  # version 1 holds 14 bytes at M


def test_a_url_too_long_for_any_version_is_reported():
    from deck.layout import qr

    assert qr.too_long("h" * 2332) and not qr.too_long("h" * 2331)
    with pytest.raises(ValueError):
        qr.matrix("h" * 3000)


def test_the_path_covers_exactly_the_dark_modules():
    from deck.layout import qr
    from deck.render.qr import path_ops, runs

    for text in ("https://www.anact.fr/", "h" * 300):
        m = qr.matrix(text)
        n = len(m)
        painted = set()
        for line in path_ops(m).split("\n"):
            if line:
                x, y, w, h, op = line.split()
                assert op == "re" and h == "1"
                painted |= {(n - 1 - int(y), int(x) + k) for k in range(int(w))}
        assert painted == {(r, c) for r in range(n) for c in range(n) if m[r][c]}
        assert runs(m) and all(m[r][c] for r, c0, k in runs(m) for c in range(c0, c0 + k))
        assert path_ops(m, text) == path_ops(m)  # kept per URL: the same operators


def _iri_kit(root):
    root.mkdir()
    (root / "kit.yaml").write_text(
        'id: iri\ntitle: "IRI"\nlanguage: fr\nversion: 1.0.0\n'
        'decks:\n  - id: ressources\n    title: "Ressources"\n    cards: resources\n',
        encoding="utf-8",
    )
    (root / "ressources.yaml").write_text(
        "resources:\n"
        '  - id: r1\n    title: "Été"\n    url: "https://exemple.fr/été/fiche?q=ça#dé"\n'
        '  - id: r2\n    title: "Bücher"\n    url: "https://bücher.example/"\n'
        '  - id: r3\n    title: "ASCII"\n    url: "https://www.anact.fr/"\n',
        encoding="utf-8",
    )
    return root


def test_a_kit_with_iris_prints_codes_that_read_as_ascii_uris_and_passes_check(tmp_path):
    kit = _iri_kit(tmp_path / "kit")
    out = tmp_path / "out"
    r = run("build", kit, "-o", out)
    assert r.exit_code == 0, r.output
    expected = {
        "https://exemple.fr/%C3%A9t%C3%A9/fiche?q=%C3%A7a#d%C3%A9",
        "https://xn--bcher-kva.example/",
        "https://www.anact.fr/",
    }
    assert {t for _, t in qr_codes(out / "iri-ressources.pdf", dpi=150)} == expected
    assert {t for _, t in qr_codes(out / "iri-codes-qr.pdf", dpi=150)} == expected
    r = run("check", out)
    assert r.exit_code == 0, r.output


def test_no_scan_sheet_when_no_resource_has_an_address(kit_copy, tmp_path):
    """Resources with no url: nothing to scan, so no QR sheet, in the output, the manifest or the guide's list
    of files; and not a word about it. One address is enough for the sheet."""
    import json

    from pdfread import page_texts

    content = kit_copy / "contenu.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text("\n".join(x for x in text.splitlines() if not x.startswith("    url: ")), encoding="utf-8")
    out = tmp_path / "out"
    r = run("build", kit_copy, "-o", out, "--no-boards")
    assert r.exit_code == 0 and "warning" not in r.output and "codes-qr" not in r.output, r.output
    assert not list(out.glob("*codes-qr*"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert not [o for o in manifest["outputs"] if "codes-qr" in o["path"]]
    guide = " ".join(page_texts(out / "atelier-exemple-guide-animation.pdf"))
    assert "atelier-exemple-ressources.pdf" in guide and "codes-qr" not in guide
    assert "Ressources" in " ".join(page_texts(out / "atelier-exemple-ressources.pdf"))  # the cards stay
    content.write_text(text.replace('    url: "https://www.anact.fr/"\n', ""), encoding="utf-8")
    r = run("build", kit_copy, "-o", tmp_path / "one", "--no-boards")
    assert r.exit_code == 0, r.output
    assert [t for _, t in qr_codes(tmp_path / "one" / "atelier-exemple-codes-qr.pdf", dpi=150)] == [
        "https://fr.wikipedia.org/wiki/Dialogue_social"
    ]
