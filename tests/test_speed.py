"""What makes deck fast, checked as behaviour (timings are measured by bench/run.py, never here): the command
line starts without the heavy libraries, the QR encoder gives the qrcode package's matrices, the fast paths
write the bytes the slow ones write, and a build on two cores writes what a build on one core writes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import CONTENT, ROOT

HEAVY = ("reportlab", "qrcode", "PIL", "pyphen")


def _modules_after(code: str) -> set:
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_cli_loads_no_heavy_library():
    loaded = _modules_after("import deck.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_deck_help_loads_no_heavy_library():
    loaded = _modules_after(
        "import sys\nsys.argv = ['deck', '--help']\nimport deck.cli\n"
        "try:\n    deck.cli.main()\nexcept SystemExit:\n    pass"
    )
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


# -- QR codes ---------------------------------------------------------------------------------------
def _reference(data: str):
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data.encode("utf-8"), optimize=0)
    code.make(fit=True)
    return [[bool(v) for v in row] for row in code.get_matrix()]


def _texts():
    from deck.layout import qr

    out = [f"https://exemple.fr/ressources/fiche-{i:05d}" for i in range(8)]
    out += ["https://fr.wikipedia.org/wiki/Dialogue_social", "https://www.anact.fr/", "https://é.fr/çà?x=1&y=ü"]
    out += ["0123456789" * 7, "HTTPS://EXAMPLE.ORG/ABC-12 $%*+./:", ""]
    for v in list(range(1, 13)) + [20, 26, 27, 40]:  # the largest byte payload of each version, and one more
        n = (qr._DATA_BITS[v] - 4 - (8 if v < 10 else 16)) // 8
        out += ["h" * n]
        if v < 40:
            out += ["h" * (n + 1)]
    return out


def test_qr_matrices_are_those_of_the_qrcode_package():
    from deck.layout import qr

    for text in _texts():
        mine = [[bool(b) for b in row] for row in qr.matrix(text)]
        assert mine == _reference(text), (len(text), text[:40])


def test_qr_too_long_is_reported():
    from deck.layout import qr

    assert qr.too_long("h" * 2332) and not qr.too_long("h" * 2331)
    with pytest.raises(ValueError):
        qr.matrix("h" * 3000)


def test_qr_path_covers_exactly_the_dark_modules():
    from deck.layout import qr

    for text in ("https://www.anact.fr/", "h" * 300):
        m = qr.matrix(text)
        n = len(m)
        painted = set()
        for line in qr.path_ops(m).split("\n"):
            if line:
                x, y, w, h, op = line.split()
                assert op == "re" and h == "1"
                painted |= {(n - 1 - int(y), int(x) + k) for k in range(int(w))}
        assert painted == {(r, c) for r in range(n) for c in range(n) if m[r][c]}
        assert qr.runs(m) and all(m[r][c] for r, c0, k in qr.runs(m) for c in range(c0, c0 + k))


def test_prepared_matrices_are_the_computed_ones(monkeypatch):
    from deck.layout import qr

    urls = [f"https://exemple.fr/prepare/{i}" for i in range(150)]
    monkeypatch.setattr(qr, "_MATRICES", {})
    monkeypatch.setattr(qr, "_PATHS", {})
    qr.prepare(urls + ["h" * 3000])  # one that no version holds: left out, reported where it is used
    assert set(qr._MATRICES) == set(urls)
    for url in urls[::17]:
        m = qr._MATRICES[url]
        assert m == qr._encode(url)
        assert qr.path_ops(m, url) == qr.path_ops(qr._encode(url))


# -- work ahead on the second core ----------------------------------------------------------------------
PARENT = os.getpid()


def _square(x):
    return x * x


def _fails_in_helper(x):
    if x == 70 and os.getpid() != PARENT:
        raise RuntimeError("only in the helper")
    return x + 1


def test_ahead_gives_every_result_in_order_whoever_computes_it():
    from deck.build.ahead import Ahead

    with Ahead(list(range(500)), _square, chunk=7) as ahead:
        assert [ahead.get(i) for i in range(500)] == [x * x for x in range(500)]
    with Ahead(list(range(300)), _fails_in_helper) as ahead:  # the helper fails: computed here instead
        assert [ahead.get(i) for i in range(300)] == [x + 1 for x in range(300)]
    with Ahead(list(range(400)), _square) as ahead:  # the helper is killed
        got = []
        for i in range(400):
            if i == 50 and ahead.pid:
                os.kill(ahead.pid, 9)
            got.append(ahead.get(i))
        assert got == [x * x for x in range(400)]
    with Ahead(list(range(100)), _square) as ahead:  # asked again, or out of order
        assert [ahead.get(i) for i in range(60)] == [x * x for x in range(60)]
        assert ahead.get(3) == 9 and ahead.get(99) == 99 * 99 and ahead.get(70) == 4900


def test_aside_returns_what_the_function_returns_or_says_it_could_not():
    from deck.build.ahead import Aside

    assert Aside(lambda: {"made": [1, 2, 3]}).result() in ((True, {"made": [1, 2, 3]}), (False, None))

    def boom():
        raise ValueError("x")

    assert Aside(boom).result() == (False, None)


def _kit(root, n: int):
    """A kit of n generic cards, each with its own resource and QR code."""
    root.mkdir()
    cards = ["cards:"]
    res = ["resources:"]
    for i in range(n):
        cards += [
            f"  - id: c{i:03d}",
            f'    type: "{("Question", "Défi", "Témoignage")[i % 3]}"',
            f'    title: "Carte {i} : « le dialogue » au travail"',
            (
                '    text: "Qu’en pensez-vous ? Le télétravail, la charge de travail et l’autonomie ; '
                f'{i} 000 salariés concernés, 12 % d’entre eux."'
            ),
            f"    resources: [r{i:03d}]",
        ]
        res += [f"  - id: r{i:03d}", f'    title: "Fiche {i}"', f'    url: "https://exemple.fr/fiche/{i}"']
    (root / "cartes.yaml").write_text("\n".join(cards) + "\n", encoding="utf-8")
    (root / "ressources.yaml").write_text("\n".join(res) + "\n", encoding="utf-8")
    (root / "kit.yaml").write_text(
        'id: vitesse\ntitle: "Vitesse"\nlanguage: fr\nversion: 1.0.0\n'
        'decks:\n  - id: cartes\n    title: "Cartes"\n    cards: cards\n'
        '    back: "Le verso"\n',
        encoding="utf-8",
    )
    return root


def _files(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_a_build_on_two_cores_writes_what_a_build_on_one_core_writes(tmp_path, monkeypatch):
    from deck.build import ahead, pipeline
    from deck.layout import qr

    kit = _kit(tmp_path / "kit", 110)
    monkeypatch.setattr(qr, "_MATRICES", {})
    monkeypatch.setattr(qr, "_PATHS", {})
    monkeypatch.setenv("DECK_JOBS", "1")
    one = pipeline.build(kit, tmp_path / "one")
    forks = []
    real = ahead._fork

    def counted():
        pid = real()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(ahead, "_fork", counted)
    monkeypatch.setattr(qr, "_MATRICES", {})
    monkeypatch.setattr(qr, "_PATHS", {})
    monkeypatch.setenv("DECK_JOBS", "2")
    two = pipeline.build(kit, tmp_path / "two")
    if ahead.cores() >= 2:
        assert len(forks) >= 3  # QR codes, the extras aside, the faces ahead
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert [str(d) for d in one.diagnostics.items] == [str(d) for d in two.diagnostics.items]
    assert [o.path for o in one.outputs] == [o.path for o in two.outputs]


# -- fast paths write what the slow ones write -----------------------------------------------------------
def test_fast_text_and_early_compression_write_the_same_bytes(tmp_path, monkeypatch):
    from deck.build import pipeline
    from deck.render import pdf

    kit = CONTENT / "atelier-exemple"
    pipeline.build(kit, tmp_path / "fast")
    monkeypatch.setattr(pdf.PdfWriter, "remember_lines", False)  # every line shaped and encoded again
    monkeypatch.setattr(pdf, "_compress_now", lambda page: None)  # pages compressed by reportlab at save
    pipeline.build(kit, tmp_path / "slow")
    fast, slow = _files(tmp_path / "fast"), _files(tmp_path / "slow")
    assert fast.keys() == slow.keys()
    for name in fast:
        assert fast[name] == slow[name], name


def test_libyaml_reads_what_the_python_parser_reads(monkeypatch):
    from deck.kit import yamlio

    def walk(a, b):
        assert type(a) is type(b) and a == b
        if isinstance(a, yamlio.YMap):
            assert (a.loc, a.key_locs, a.value_locs) == (b.loc, b.key_locs, b.value_locs)
            for k in a:
                walk(a[k], b[k])
        elif isinstance(a, yamlio.YList):
            assert (a.loc, a.locs) == (b.loc, b.locs)
            for x, y in zip(a, b):
                walk(x, y)
        elif isinstance(a, yamlio._Raw):
            assert a.value == b.value

    files = sorted(CONTENT.rglob("*.yaml"))[:40]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yamlio.load_text(text, str(path))
        monkeypatch.setattr(yamlio, "_CLoader", None)
        slow = yamlio.load_text(text, str(path))
        monkeypatch.undo()
        walk(fast, slow)
