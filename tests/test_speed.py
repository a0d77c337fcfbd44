"""What makes deck fast, checked as behaviour (timings are measured by bench/run.py, never here): the command
line starts without the heavy libraries and the fast paths write the bytes the slow ones write (a build on two
cores: tests/test_workers.py)."""

from __future__ import annotations

import subprocess
import sys

from conftest import CONTENT, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

HEAVY = ("reportlab", "zxingcpp", "pypdfium2", "PIL", "pyphen")


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


def _files(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


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


def test_fast_numbers_and_rounded_boxes_write_the_same_bytes(tmp_path, monkeypatch):
    """deck writes reportlab's numbers and rounded rectangles itself: a build with reportlab's own writer
    for both is byte-identical (every position, size and colour in the same digits)."""
    import contextlib

    from deck.build import pipeline
    from deck.render import pdf

    kit = CONTENT / "voix-management"  # rounded boxes among its cards
    pipeline.build(kit, tmp_path / "fast")

    def reportlab_round_rect(c, x, y, width, height, radius, stroke, fill):
        c.roundRect(x, y, width, height, radius, stroke=stroke, fill=fill)

    monkeypatch.setattr(pdf, "_remembered_numbers", contextlib.nullcontext)
    monkeypatch.setattr(pdf, "_round_rect", reportlab_round_rect)
    pipeline.build(kit, tmp_path / "slow")
    fast, slow = _files(tmp_path / "fast"), _files(tmp_path / "slow")
    assert fast.keys() == slow.keys()
    for name in fast:
        assert fast[name] == slow[name], name


@given(
    st.one_of(
        st.floats(-1e7, 1e7, allow_nan=False),
        st.integers(-(10**7), 10**7),
        st.sampled_from(
            [0, 0.0, -0.0, 1e-7, -1e-7, 1.0000001e-7, 1, 10, 100, 1000, 0.1, 0.001, 999999.5, 9.9999995, 1e6, 1e-6]
        ),
    )
)
@settings(max_examples=3000, deadline=None, derandomize=True)
def test_a_number_is_written_in_reportlabs_digits(v):
    from reportlab.lib.rl_accel import _py_fp_str

    from deck.render import pdf

    assert pdf._fp_one(v) == _py_fp_str(v)
    assert pdf._remembered_fp_str(v, v / 3, -v) == _py_fp_str(v, v / 3, -v)


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
            for x, y in zip(a, b, strict=True):
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


def test_a_build_never_sends_reportlab_searching_the_disk_for_fonts(tmp_path, monkeypatch):
    # asking reportlab for a font it has not registered makes it parse every AFM file it can find (5 s
    # per build once: the fingerprints asked for the fallback fonts deck reads lazily)
    from conftest import EXAMPLE, run
    from reportlab.pdfbase import pdfmetrics

    searches: list = []
    monkeypatch.setattr(pdfmetrics, "bruteForceSearchForAFM", lambda *a, **k: searches.append(a))
    result = run("build", EXAMPLE, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert not searches, f"reportlab searched the disk for fonts: {searches}"
