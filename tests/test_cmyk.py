"""`deck build --print-shop --cmyk`: PDF/X-4 in CMYK, read back as a print shop's preflight would."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT, run

from deck.style import cmyk

# colour operators of content streams: what a PDF/X file in CMYK may use (k/K CMYK, g/G gray) and not
ALLOWED = {b"k", b"K", b"g", b"G"}
COLOUR_OPS = ALLOWED | {b"rg", b"RG", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS"}


@pytest.fixture(scope="module")
def cmyk_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmyk")
    result = run("build", "-o", out, "--print-shop", "--cmyk")  # the bundled default kit
    assert result.exit_code == 0, result.output
    return out


def _colour_ops(stream, reader) -> set:
    from pypdf.generic import ContentStream

    return {op for _, op in ContentStream(stream, reader).operations if op in COLOUR_OPS}


def test_every_file_is_pdfx4_with_an_embedded_cmyk_output_intent(cmyk_build):
    from pypdf import PdfReader

    files = sorted(cmyk_build.glob("*.pdf"))
    assert len(files) > 10  # decks, boards, tiles, sheets, guide
    profile = (ROOT / "deck" / "icc" / "FOGRA39L_coated.icc").read_bytes()
    for f in files:
        r = PdfReader(f)
        assert r.pdf_header == "%PDF-1.6", f.name
        info = r.trailer["/Info"]
        assert info["/GTS_PDFXVersion"] == "PDF/X-4" and info["/Trapped"] == "/False", f.name
        assert info["/Title"] and info["/CreationDate"] == info["/ModDate"], f.name
        (intent,) = r.trailer["/Root"]["/OutputIntents"]
        intent = intent.get_object()
        assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39", f.name
        dest = intent["/DestOutputProfile"].get_object()
        assert dest["/N"] == 4 and dest.get_data() == profile, f.name
        xmp = r.trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp, f.name


def test_every_page_has_boxes_cmyk_colours_embedded_fonts(cmyk_build):
    from pypdf import PdfReader

    for f in sorted(cmyk_build.glob("*.pdf")):
        r = PdfReader(f)
        ops: set = set()
        for n, page in enumerate(r.pages, 1):
            assert "/TrimBox" in page and "/BleedBox" in page, f"{f.name} page {n}"
            ops |= _colour_ops(page.get_contents(), r)
            res = page["/Resources"]
            for xo in (res.get("/XObject") or {}).values():
                xo = xo.get_object()
                if xo["/Subtype"] == "/Form":  # a face drawn more than once, a board under its tiles
                    ops |= _colour_ops(xo, r)
                else:
                    assert xo["/ColorSpace"] in ("/DeviceCMYK", "/DeviceGray"), f.name
            for font in (res.get("/Font") or {}).values():
                font = font.get_object()
                desc = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in desc.get_object(), f"{f.name}: {font['/BaseFont']} not embedded"
        assert ops and ops <= ALLOWED, f"{f.name}: colour operators {sorted(ops - ALLOWED)}"


def test_cmyk_build_is_byte_identical_twice(cmyk_build, tmp_path):
    again = tmp_path / "again"
    assert run("build", "-o", again, "--print-shop", "--cmyk", "--no-boards").exit_code == 0
    for f in again.glob("*print-shop.pdf"):
        assert f.read_bytes() == (cmyk_build / f.name).read_bytes(), f.name


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) is not installed: apt-get install ghostscript")
def test_ghostscript_renders_every_file_without_a_warning(cmyk_build):
    # (Ghostscript's -dPDFX is for writing PDF/X, not a validator: this only shows the files render cleanly)
    for f in sorted(cmyk_build.glob("*.pdf")):
        p = subprocess.run(
            ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(f)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert p.returncode == 0 and not (p.stdout + p.stderr).strip(), f"{f.name}: {p.stdout}{p.stderr}"


def test_the_colour_rule():
    assert cmyk.from_hex("#000000") == (0, 0, 0, 100)
    assert cmyk.from_hex("#FFFFFF") == (0, 0, 0, 0)
    c, m, y, k = cmyk.from_hex("#8C8C8C")  # a grey: black ink alone
    assert (c, m, y) == (0, 0, 0) and 30 < k < 70
    c, m, y, k = cmyk.from_hex("#0072B2")  # a blue: mostly cyan
    assert c > 70 and y < 10
    conv = cmyk.Converter()
    assert conv.inks("#1A1A1A", text=True) == (0, 0, 0, 100)  # near-black text: plain K
    assert conv.inks("#000000", area=200 * 200) == cmyk.RICH_BLACK  # a large black area: rich black
    assert conv.inks("#000000", area=10) == (0, 0, 0, 100)


def _images(resources) -> list:
    """The image XObjects of a page's resources, those of its forms too."""
    out = []
    for xo in (resources.get("/XObject") or {}).values():
        xo = xo.get_object()
        if xo["/Subtype"] == "/Image":
            out.append(xo)
        elif "/Resources" in xo:
            out += _images(xo["/Resources"])
    return out


def test_a_theme_colour_in_cmyk_keeps_its_inks_and_the_logo_turns_cmyk(kit_copy, tmp_path):
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (200, 60), (0, 0, 0, 0))  # an RGB logo on a transparent background
    ImageDraw.Draw(logo).ellipse((5, 5, 55, 55), fill=(213, 94, 0, 255))
    logo.save(kit_copy / "logo.png")
    (kit_copy / "themes").mkdir()
    (kit_copy / "themes" / "encre.yaml").write_text(
        "extends: default\nlogo: logo.png\ntypes:\n  actors: {colour: 'cmyk(100, 60, 0, 20)'}\n"
        "  events: {colour: {c: 0, m: 60, y: 100, k: 0}}\n",
        encoding="utf-8",
    )
    kit = kit_copy / "kit.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("theme: default", "theme: encre"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", kit_copy, "-o", out, "--print-shop", "--cmyk", "--no-boards")
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    r = PdfReader(out / "atelier-exemple-acteurs-print-shop.pdf")
    assert b"1 0.6 0 0.2 k" in r.pages[0].get_contents().get_data()  # the header band, as given
    r = PdfReader(out / "atelier-exemple-evenements-print-shop.pdf")
    assert b"0 0.6 1 0 k" in r.pages[0].get_contents().get_data()
    images = [im for page in r.pages for im in _images(page["/Resources"])]
    assert images and all(im["/ColorSpace"] == "/DeviceCMYK" and "/SMask" in im for im in images)


def test_a_bad_cmyk_colour_is_located(kit_copy, tmp_path):
    (kit_copy / "themes").mkdir()
    (kit_copy / "themes" / "encre.yaml").write_text(
        "extends: default\ntypes:\n  actors: {colour: 'cmyk(100, 0, 0)'}\n"
        "  events: {colour: {c: 0, m: 160, y: 0, k: 0}}\n",
        encoding="utf-8",
    )
    kit = kit_copy / "kit.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("theme: default", "theme: encre"), encoding="utf-8")
    result = run("build", kit_copy, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "encre.yaml:3:" in result.output and "expected four inks in cmyk(c, m, y, k), found 3" in result.output
    assert "encre.yaml:4:" in result.output and "ink m: expected a percent from 0 to 100, found 160" in result.output
    assert not (tmp_path / "out").exists()


def test_cmyk_needs_print_shop(tmp_path):
    result = run("build", "-o", tmp_path / "out", "--cmyk")
    assert result.exit_code == 2 and "--cmyk goes with --print-shop" in result.output


def test_the_job_sheet_tells_each_file_as_a_shop_asks(cmyk_build):
    from pypdf import PdfReader

    text = (cmyk_build / "mise-en-dialogue-print-shop-job.txt").read_text(encoding="utf-8")
    assert "CMYK, PDF/X-4, output intent FOGRA39" in text
    blocks = {b.split("\n")[0]: b for b in text.split("\n\n")}
    for f in cmyk_build.glob("*.pdf"):
        block = blocks[f.name]
        assert f"pages:     {len(PdfReader(f).pages)}" in block, f.name
        assert "trim size:" in block and "bleed:" in block and "duplex:" in block and "copies:" in block
    deck = blocks["mise-en-dialogue-acteurs-print-shop.pdf"]
    assert "trim size: 63 × 88 mm" in deck and "bleed:     3 mm on every side" in deck and "duplex:    yes" in deck
