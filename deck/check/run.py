"""deck check: a preflight that looks at the output itself, as the printer and the phone will see it.

The kit is built into a temporary directory (or an existing build directory is read), then every page
is rendered at print resolution and compared with the build's page plan (`deck.plan`):

- files: every file of the manifest is there, unchanged (sha256), with its number of pages;
- qr: every QR code decodes to its URL (http or https only), its modules measured on the page;
- text boxes: every text box shows all of its text inside the box (nothing cut, nothing spilling over);
- text size: no text under the box's minimum size (and none under 5 pt anywhere);
- glyphs: every character is in the font it is set in (no empty box, no character lost);
- contrast: every text against what is really behind it, at least 4.5:1 (WCAG 2.x);
- safe zone: no text of a card closer than 3 mm to its trim; no QR code either;
- marks: everything outside the cards (cut marks, labels, scale bar) inside the printable area and off
  the cards.

Every failure names the file, the page, the card and its side, and the reason. Uses pypdfium2 and
zxing-cpp, two of deck's dependencies.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from deck.build.plan import PLAN_NAME, SAFE_MM
from deck.check.pages import PageCheck
from deck.check.report import Finding, Report
from deck.errors import DeckError, display_path
from deck.files import MANIFEST, sha256
from deck.units import MM

# A page is rendered whole, as one image: at most this many pixels (an A0 board at 300 dpi has 139 million,
# about 420 MB as RGB). A larger page (a tampered PDF with a page of 5 m) is reported, not rendered.
MAX_PAGE_PIXELS = 160_000_000


class MissingLibrary(Exception):
    """pypdfium2 or zxing-cpp cannot be imported (a broken or partial installation)."""


def require_libraries():
    try:
        import pypdfium2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError as e:
        raise MissingLibrary(
            f"deck check renders the pages and reads the QR codes with pypdfium2 and zxing-cpp ({e.name} is "
            "missing): install them with  pip install pypdfium2 zxing-cpp"
        ) from None


# -- entry points --------------------------------------------------------------------------------------
def check_kit(kit_dir: Path, options=None, dpi: float = 300.0, strict: bool = False) -> Report:
    """Build the kit into a temporary directory, whatever its problems, and check what came out."""
    require_libraries()
    from deck.build.options import Options
    from deck.build.pipeline import build

    options = replace(options or Options(), draft=True, strict=False)
    report = Report(source="build", dpi=dpi, strict=strict)
    with tempfile.TemporaryDirectory(prefix="deck-check-") as tmp:
        out = Path(tmp) / "out"
        try:
            result = build(kit_dir, out, options)
        except DeckError as e:  # the kit could not be read: nothing to print, the problems say why
            _build_findings(report, e.diagnostics)
            report.checked("build")
            return report
        report.checked("build")
        _build_findings(report, result.diagnostics)
        check_directory(out, result.plan, report)
    return report


def check_directory(
    out_dir: Path, plan: dict | None = None, report: Report | None = None, dpi: float = 300.0, strict: bool = False
) -> Report:
    """Check a build directory (its manifest.json, its PDFs) against its page plan."""
    require_libraries()
    report = report or Report(source=display_path(out_dir), dpi=dpi, strict=strict)
    manifest = _read_json(out_dir / MANIFEST)
    if not isinstance(manifest, dict) or not str(manifest.get("tool", "")).startswith("deck "):
        report.add(
            Finding(
                "fail",
                "files",
                f"no deck manifest.json in {display_path(out_dir)}: expected a build "
                "directory (deck build -o DIR) or a kit",
            )
        )
        return report
    kit = manifest.get("kit")
    kit = kit if isinstance(kit, dict) else {}
    report.kit = f"{kit.get('id', '?')} {kit.get('version', '')}".strip()
    if plan is None:
        plan = _read_json(out_dir / PLAN_NAME)
        if not (isinstance(plan, dict) and str(plan.get("tool", "")).startswith("deck ")):
            plan = None
        elif not _plan_shape(plan):
            report.add(Finding("warn", "files", f"{PLAN_NAME} is damaged: the pages are checked without it"))
            plan = None
    fonts = dict(_bundled_fonts())
    fonts.update((plan or {}).get("fonts", {}))
    safe = (plan or {}).get("safe_mm", SAFE_MM) * MM
    outputs = manifest.get("outputs", [])
    if not isinstance(outputs, list):
        report.add(Finding("fail", "files", "manifest.json is damaged: its outputs are not a list; build again"))
        return report
    for out in outputs:
        if not isinstance(out, dict):
            report.add(Finding("fail", "files", f"manifest.json lists {str(out)[:60]!r}: expected a file entry"))
            continue
        _check_file(report, out_dir, out, plan, fonts, safe)
    return report


def _plan_shape(plan: dict) -> bool:
    """A page plan of the shape deck writes (a tampered or damaged one is not followed)."""
    import math

    files, fonts, faces = plan.get("files", {}), plan.get("fonts", {}), plan.get("faces", [])
    safe = plan.get("safe_mm", SAFE_MM)
    return (
        isinstance(files, dict)
        and all(isinstance(f, dict) and isinstance(f.get("pages", []), list) for f in files.values())
        and all(isinstance(pg, dict) for f in files.values() for pg in f.get("pages", []))
        and isinstance(fonts, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in fonts.items())
        and isinstance(faces, list)
        and isinstance(safe, (int, float))
        and not isinstance(safe, bool)
        and math.isfinite(safe)
        and 0 <= safe < 1000
    )


def _check_file(report: Report, out_dir: Path, out: dict, plan: dict | None, fonts: dict, safe: float) -> None:
    """One file the manifest lists: there, unchanged since the build, and if a PDF, each of its pages."""
    name = out.get("path", "")
    path = out_dir / name
    report.checked("files")
    if not isinstance(name, str) or Path(name).name != name:
        report.add(
            Finding("fail", "files", f"manifest.json lists {str(name)[:60]!r}: expected a file of this directory")
        )
        return
    if not name or not path.is_file():
        report.add(Finding("fail", "files", "listed in manifest.json but missing", file=name))
        return
    actual = sha256(path)
    if out.get("sha256") and actual != out["sha256"]:
        report.add(
            Finding(
                "fail",
                "files",
                "differs from the file the build wrote (sha256): changed or damaged since; build again",
                file=name,
            )
        )
    if name.lower().endswith(".pdf"):
        _check_pdf(report, path, out, _file_plan(report, out, plan, actual), plan, fonts, safe)


def _file_plan(report: Report, out: dict, plan: dict | None, actual: str) -> dict | None:
    """The page plan of a file, when it was made for the file as it is (a deck's file without one: a warning)."""
    name = out["path"]
    fplan = (plan or {}).get("files", {}).get(name)
    if fplan is not None and fplan.get("sha256") not in (None, "", actual):
        fplan = None
    if fplan is None and plan is not None and out.get("kind") == "cards":
        report.add(
            Finding(
                "warn",
                "files",
                "no page plan for this file: checked without knowing which card stands where",
                file=name,
            )
        )
    return fplan


def _check_pdf(
    report: Report, path: Path, out: dict, fplan: dict | None, plan: dict | None, fonts: dict, safe: float
) -> None:
    """A PDF's number of pages, then each page rendered and checked against its plan."""
    from deck.check import reader as rc

    name = out["path"]
    try:
        n_pages = rc.page_count(path)
    except rc.Unreadable as e:
        report.add(Finding("fail", "files", f"cannot be opened as a PDF ({e})", file=name))
        return
    if out.get("pages") not in (None, n_pages):
        report.add(Finding("fail", "files", f"has {n_pages} pages, the manifest says {out['pages']}", file=name))
    pages_plan = (fplan or {}).get("pages") or []
    if fplan is not None and len(pages_plan) != n_pages:
        report.add(Finding("fail", "files", f"has {n_pages} pages, the build laid out {len(pages_plan)}", file=name))
        pages_plan = []
    try:
        for view in _pages(report, name, path):
            report.checked("pages")
            pplan = pages_plan[view.index] if view.index < len(pages_plan) else None
            PageCheck(report, name, view, pplan, (plan or {}).get("faces", []), fonts, safe).run()
    except Exception as e:  # the PDF engine failing on a damaged file: say so, check the other files
        report.add(Finding("fail", "files", f"cannot be rendered ({type(e).__name__}: {str(e)[:80]})", file=name))


def _pages(report: Report, name: str, path: Path):
    """Every page rendered, one at a time; a page too large to render is reported instead."""
    from deck.check import reader as rc

    pdf = rc.open_pdf(path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                w, h = page.get_size()
                pixels = (w / 72 * report.dpi) * (h / 72 * report.dpi)
                if not pixels <= MAX_PAGE_PIXELS:
                    report.add(
                        Finding(
                            "fail",
                            "files",
                            f"this page is {w / MM:.0f} × {h / MM:.0f} mm: too large to render at "
                            f"{report.dpi:g} dpi (at most {MAX_PAGE_PIXELS // 1_000_000} million pixels); "
                            "not checked",
                            file=name,
                            page=i + 1,
                        )
                    )
                    continue
                yield rc.read_page(page, i, report.dpi)
            finally:
                page.close()
    finally:
        pdf.close()


def _build_findings(report: Report, diag) -> None:
    for d in diag.sorted():
        sev = "fail" if d.severity == "error" else "warn"
        loc = str(d.loc) if d.loc and d.loc.path else None
        report.add(Finding(sev, "build", d.message, loc=loc))


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# -- fonts -----------------------------------------------------------------------------------------------
@cache
def _bundled_fonts() -> tuple:
    from deck.kit.find import fonts_dir

    out = []
    for p in sorted(fonts_dir().glob("*.ttf")):
        name = _ps_name(str(p))
        if name:
            out.append((name, str(p)))
    return tuple(out)


@cache
def _ps_name(path: str) -> str | None:
    try:
        from reportlab.pdfbase.ttfonts import TTFontFile

        name = TTFontFile(path).name
    except Exception:
        return None
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)
