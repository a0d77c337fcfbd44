"""deck check: a preflight that looks at the output itself, as the printer and the phone will see it.

The kit is built into a temporary directory (or an existing build directory is read), then every page
is read (`deck.check.reader`: text and objects from pdfium, pixels only where a check needs them) and
compared with the build's page plan (`deck.plan`):

- files: every file of the manifest is there, unchanged (sha256), with its number of pages;
- qr: every QR code decodes to its URL (http or https only), its modules measured on the page;
- text boxes: every text box shows all of its text inside the box (nothing cut, nothing spilling over);
- overlap: no text drawn over a QR code, no text over other text;
- text size: no text under the box's minimum size (and none under 5 pt anywhere);
- glyphs: every character is in the font it is set in (no empty box, no character lost);
- contrast: every text against what is really behind it, at least 4.5:1 (WCAG 2.x);
- safe zone: no text of a card closer than 3 mm to its trim; no QR code either;
- marks: everything outside the cards (cut marks, labels, scale bar) inside the printable area and off
  the cards.

Pages are checked in chunks, by `jobs` processes (deck.build.workers: the command line asks for 2, a
library call for 1). With `cache`, the result of every page (what each check counted, what it found) is
kept in `.deck-check-cache.json` beside the build, under the page's fingerprint: a digest of the page's
content (`deck.check.fingerprint`), of what the plan expects of it, of the fonts, the resolution and the
check's own code. A page whose fingerprint is in the cache is not read again: its findings are reported as
they were found, so the cache never hides a defect; a change of the page or of the plan re-checks it.
Each entry is sealed (HMAC-SHA256) with a key of the user's ($XDG_CACHE_HOME/deck/check.key): an entry
edited by hand, copied from another page, or a cache from elsewhere is not trusted, and the page is read.

Every failure names the file, the page, the card and its side, and the reason. Uses pypdfium2 and
zxing-cpp, two of deck's dependencies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cache
from pathlib import Path

from deck.build import workers
from deck.build.plan import PLAN_NAME
from deck.check.pages import PageCheck, Slot
from deck.check.report import CHECKS, Finding, Report
from deck.errors import DeckError, display_path
from deck.files import MANIFEST
from deck.units import MM, SAFE_MM

# A page of more pixels than this at the dpi asked (an A0 board at 300 dpi has 139 million) is reported, not
# read: a tampered PDF with a page of 5 m would otherwise be read in thousands of bands.
MAX_PAGE_PIXELS = 160_000_000
CACHE_NAME = ".deck-check-cache.json"
KITS_KEPT = 32  # kits (and options) whose results the user's cache keeps: those checked last
_CACHE_FILE = re.compile(r"[0-9a-f]{32}\.json")  # a kit's results there (see _kit_cache)
CACHE_FORMAT = 1
CHUNK_PAGES = 12  # pages handed to a worker at a time, at most
PARALLEL_MIN_PAGES = 8  # fewer pages to read: no worker (a fork costs more than it saves)


class MissingLibrary(Exception):
    """pypdfium2 or zxing-cpp cannot be imported (a broken or partial installation)."""


def require_libraries():
    try:
        import pypdfium2  # noqa: F401

        from deck.layout.qr import load_zxing

        load_zxing()  # Ctrl-C held while its native module loads (see load_zxing)
    except ImportError as e:
        raise MissingLibrary(
            f"deck check renders the pages and reads the QR codes with pypdfium2 and zxing-cpp ({e.name} is "
            "missing): install them with  pip install pypdfium2 zxing-cpp"
        ) from None


# -- entry points --------------------------------------------------------------------------------------
def check_kit(
    kit_dir: Path, options=None, dpi: float = 300.0, strict: bool = False, jobs: int = 1, cache: bool = False
) -> Report:
    """Build the kit into a temporary directory, whatever its problems, and check what came out. With
    `cache`, the pages of this build whose content and plan were checked before (the same kit, the same
    options) are taken from the user's cache ($XDG_CACHE_HOME/deck/check/), and the results are kept there."""
    require_libraries()
    from deck.build.options import Options
    from deck.build.pipeline import build

    options = replace(options or Options(), draft=True, strict=False, jobs=jobs)
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
        where = _kit_cache(kit_dir, options) if cache else None
        check_directory(out, result.plan, report, jobs=jobs, cache=cache, cache_path=where)
        if where is not None:
            _prune(where)
    return report


def _prune(kept: Path) -> None:
    """The user's cache keeps the results of the KITS_KEPT kits (and options) checked last: older files of
    deck's own names there go (nothing else is touched), so that the folder does not grow with every kit
    ever checked."""
    try:
        ours = [p for p in kept.parent.iterdir() if _CACHE_FILE.fullmatch(p.name) and p != kept]
        dated = sorted((p.lstat().st_mtime_ns, p.name, p) for p in ours if p.is_file() and not p.is_symlink())
        for _, _, p in dated[: max(0, len(dated) - (KITS_KEPT - 1))]:
            p.unlink(missing_ok=True)
    except OSError:  # a folder it cannot read or change: left as it is, the check stands
        pass


def _kit_cache(kit_dir: Path, options) -> Path | None:
    """Where the results of checking this kit built with these options are kept: one file per kit and options
    in the user's cache; None when there is no such place."""
    base = _user_cache() / "check"
    try:
        base.mkdir(parents=True, exist_ok=True)
        where = str(Path(kit_dir).resolve())
    except OSError:
        return None
    name = hashlib.sha256(json.dumps([where, repr(options)]).encode()).hexdigest()[:32]
    return base / f"{name}.json"


def check_directory(
    out_dir: Path,
    plan: dict | None = None,
    report: Report | None = None,
    dpi: float = 300.0,
    strict: bool = False,
    jobs: int = 1,
    cache: bool = False,
    cache_path: Path | None = None,
) -> Report:
    """Check a build directory (its manifest.json, its PDFs) against its page plan. With `cache`, pages
    checked before, unchanged, are taken from `.deck-check-cache.json` (or `cache_path`) and the results
    are kept there."""
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
    ctx = _Context(report.dpi, (plan or {}).get("safe_mm", SAFE_MM) * MM, fonts, (plan or {}).get("faces", []))
    outputs = manifest.get("outputs", [])
    if not isinstance(outputs, list):
        report.add(Finding("fail", "files", "manifest.json is damaged: its outputs are not a list; build again"))
        return report
    files = [
        _File.of(report, out_dir, out, plan) if isinstance(out, dict) else _File.not_an_entry(out) for out in outputs
    ]
    cache_path = cache_path or out_dir / CACHE_NAME
    stored = _load_cache(cache_path, ctx.version) if cache else {}
    todo = []
    for n, f in enumerate(files):
        for i, pplan in enumerate(f.pages):
            key = ctx.fingerprint(f, i, pplan)
            f.keys.append(key)
            if key in stored:
                f.results[i] = stored[key]
                report.cached += 1
            else:
                todo.append((n, f.name, str(f.path), i, (pplan, f.digests[i] if f.digests else None)))
    _run(ctx, todo, files, jobs)
    kept = {}
    for f in files:
        f.report_into(report)
        for i, key in enumerate(f.keys):
            if i in f.results and f.error is None:
                kept[key] = f.results[i]
    if cache:
        _save_cache(cache_path, ctx.version, kept)
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


# -- a file of the manifest ----------------------------------------------------------------------------
@dataclass
class _File:
    """One file the manifest lists: what the parent found (findings before its pages), its pages' plans,
    and each page's result once checked or taken from the cache."""

    name: str
    path: Path
    found: list = field(default_factory=list)  # findings of the file itself, reported before its pages
    pages: list = field(default_factory=list)  # the plan of each page (None: no plan), one per page to check
    digests: list | None = None  # each page's content digest (deck.check.fingerprint), or None
    sha: str = ""
    keys: list = field(default_factory=list)
    results: dict = field(default_factory=dict)  # page index -> {"checked": {...}, "findings": [...]}
    error: str | None = None  # pdfium failed on the file: the pages after this are not reported

    @classmethod
    def not_an_entry(cls, out) -> _File:
        """An item of the manifest's outputs that is not a file entry (a damaged manifest)."""
        f = cls("", Path())
        f.found.append(Finding("fail", "files", f"manifest.json lists {str(out)[:60]!r}: expected a file entry"))
        return f

    @classmethod
    def of(cls, report: Report, out_dir: Path, out: dict, plan: dict | None) -> _File:
        name = out.get("path", "")
        f = cls(name if isinstance(name, str) else "", out_dir / str(name))
        report.checked("files")
        if not isinstance(name, str) or Path(name).name != name:
            msg = f"manifest.json lists {str(name)[:60]!r}: expected a file of this directory"
            f.found.append(Finding("fail", "files", msg))
            return f
        if not name or not f.path.is_file():
            f.found.append(Finding("fail", "files", "listed in manifest.json but missing", file=name))
            return f
        data = f.path.read_bytes()
        f.sha = hashlib.sha256(data).hexdigest()
        if out.get("sha256") and f.sha != out["sha256"]:
            f.found.append(
                Finding(
                    "fail",
                    "files",
                    "differs from the file the build wrote (sha256): changed or damaged since; build again",
                    file=name,
                )
            )
        if name.lower().endswith(".pdf"):
            f._pdf(out, _file_plan(f, out, plan), data)
        return f

    def _pdf(self, out: dict, fplan: dict | None, data: bytes) -> None:
        """The PDF's number of pages, and the plan of each of its pages."""
        from deck.check import reader as rc
        from deck.check.fingerprint import page_digests

        try:
            n_pages = rc.page_count(self.path)
        except rc.Unreadable as e:
            self.found.append(Finding("fail", "files", f"cannot be opened as a PDF ({e})", file=self.name))
            return
        if out.get("pages") not in (None, n_pages):
            msg = f"has {n_pages} pages, the manifest says {out['pages']}"
            self.found.append(Finding("fail", "files", msg, file=self.name))
        pages_plan = (fplan or {}).get("pages") or []
        if fplan is not None and len(pages_plan) != n_pages:
            msg = f"has {n_pages} pages, the build laid out {len(pages_plan)}"
            self.found.append(Finding("fail", "files", msg, file=self.name))
            pages_plan = []
        self.pages = [pages_plan[i] if i < len(pages_plan) else None for i in range(n_pages)]
        digests = page_digests(data)
        self.digests = digests if digests is not None and len(digests) == n_pages else None

    def report_into(self, report: Report) -> None:
        for f in self.found:
            report.add(f)
        for i in range(len(self.pages)):
            result = self.results.get(i)
            if result is None:
                break  # pdfium failed here: the error below says so
            for check, n in result["checked"].items():
                report.checked(check, n)
            for f in result["findings"]:
                report.add(Finding(**f))
        if self.error is not None:
            report.add(Finding("fail", "files", f"cannot be rendered ({self.error})", file=self.name))


def _file_plan(f: _File, out: dict, plan: dict | None) -> dict | None:
    """The page plan of a file, when it was made for the file as it is (a deck's file without one: a warning)."""
    fplan = (plan or {}).get("files", {}).get(f.name)
    if fplan is not None and fplan.get("sha256") not in (None, "", f.sha):
        fplan = None
    if fplan is None and plan is not None and out.get("kind") == "cards":
        f.found.append(
            Finding(
                "warn",
                "files",
                "no page plan for this file: checked without knowing which card stands where",
                file=f.name,
            )
        )
    return fplan


# -- pages: checked here or by workers ------------------------------------------------------------------
class _Context:
    """What every page's check reads besides the page: resolution, safe zone, fonts, the plan's faces."""

    def __init__(self, dpi: float, safe: float, fonts: dict, faces: list):
        self.dpi, self.safe, self.fonts, self.faces = dpi, safe, fonts, faces
        h = hashlib.sha256(_code_version().encode())
        h.update(json.dumps([dpi, safe, sorted(fonts.items()), [_stat(p) for _, p in sorted(fonts.items())]]).encode())
        self.version = h.hexdigest()

    def fingerprint(self, f: _File, index: int, pplan: dict | None) -> str:
        """The page's content (its digest, else the whole file's) and what the plan expects of it."""
        content = f.digests[index] if f.digests is not None else f"file {f.sha}"
        expected = None
        if pplan is not None:
            expected = [pplan, [self.faces[s["face"]] if _face_index(s, self.faces) else None for s in _slots(pplan)]]
        h = hashlib.sha256(self.version.encode())
        h.update(json.dumps([f.name, index, content, expected], sort_keys=True, default=str).encode())
        return h.hexdigest()


def _slots(pplan) -> list:
    slots = pplan.get("slots", []) if isinstance(pplan, dict) else []
    return slots if isinstance(slots, list) else []


def _face_index(slot, faces: list) -> bool:
    face = slot.get("face") if isinstance(slot, dict) else None
    return isinstance(face, int) and 0 <= face < len(faces)


def _stat(path: str) -> list:
    try:
        st = Path(path).stat()
        return [st.st_size, st.st_mtime_ns]
    except OSError:
        return []


def _run(ctx: _Context, todo: list, files: list, jobs: int) -> None:
    """Check the pages of `todo` ((file number, name, path, index, plan) in order), in chunks of consecutive
    pages of one file; by two workers when asked and worth it. Results go to each file's `results`."""
    if not todo:
        return
    chunks: list = []
    size = max(1, min(CHUNK_PAGES, math.ceil(len(todo) / (4 * max(1, jobs)))))
    for n, name, path, index, plan in todo:
        last = chunks[-1] if chunks else None
        if last and last[0] == n and len(last[3]) < size and last[3][-1][0] + 1 == index:
            last[3].append((index, plan))
        else:
            chunks.append((n, name, path, [(index, plan)]))
    if jobs > 1 and len(todo) >= PARALLEL_MIN_PAGES and workers.available():
        # the longest chunks first: the workers end together, on short ones (the results keep their order)
        longest = sorted(range(len(chunks)), key=lambda k: -len(chunks[k][3]))
        with workers.Pool(jobs, check=ctx) as pool:
            done = {k: pool.submit(_chunk_in_worker, chunks[k]) for k in longest}
            outcomes = [done[k].result() for k in range(len(chunks))]
    else:
        outcomes = [_check_chunk(ctx, chunk) for chunk in chunks]
    for (n, _, _, _), (results, error) in zip(chunks, outcomes, strict=True):
        f = files[n]
        f.results.update(results)
        if error is not None and f.error is None:
            f.error = error


def _chunk_in_worker(chunk) -> tuple:
    return _check_chunk(workers.shared("check"), chunk)


def _check_chunk(ctx: _Context, chunk) -> tuple:
    """({page index: result}, error or None) of consecutive pages of one PDF."""
    from deck.check import reader as rc

    _, name, path, pages = chunk
    plans = {i: plan for i, (plan, _) in pages}
    digests = {i: digest for i, (_, digest) in pages}
    results: dict = {}
    try:
        for view in rc.pages(
            Path(path),
            ctx.dpi,
            lambda i: _planned_codes(plans[i], ctx.faces),
            pages[0][0],
            pages[-1][0] + 1,
            digests.get,
            MAX_PAGE_PIXELS,
        ):
            sub = Report(dpi=ctx.dpi)
            if view.too_large:
                w, h = view.size
                msg = (
                    f"this page is {w / MM:.0f} × {h / MM:.0f} mm: too large to render at {ctx.dpi:g} dpi "
                    f"(at most {MAX_PAGE_PIXELS // 1_000_000} million pixels); not checked"
                )
                sub.add(Finding("fail", "files", msg, file=name, page=view.index + 1))
            else:
                sub.checked("pages")
                PageCheck(sub, name, view, plans[view.index], ctx.faces, ctx.fonts, ctx.safe).run()
            results[view.index] = {
                "checked": {c: v["checked"] for c, v in sub.counts.items() if v["checked"]},
                "findings": [{k: v for k, v in asdict(f).items() if v is not None} for f in sub.findings],
            }
    except Exception as e:  # the PDF engine failing on a damaged file: say so, check the other files
        return results, f"{type(e).__name__}: {str(e)[:80]}"
    return results, None


def _planned_codes(pplan: dict | None, faces: list) -> list:
    """The QR codes the plan puts on a page: (rectangle on the page, module side), in points."""
    out = []
    for data in _slots(pplan):
        try:
            slot = Slot(data, faces)
            for q in slot.face.get("qr", []):
                x, y, w, h = q["rect"]
                out.append((slot.rect_to_page((x, y, x + w, y + h)), float(q.get("module") or 0) * slot.scale))
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            continue  # a plan the page check will find wanting; the codes are still looked for
    return out


# -- the cache -------------------------------------------------------------------------------------------
_FINDING_FIELDS = {f.name for f in fields(Finding)}


def _valid(result) -> bool:
    """A page's result as the cache holds it; anything else is not trusted (the page is checked again)."""
    if not isinstance(result, dict) or set(result) != {"checked", "findings"}:
        return False
    checked, found = result["checked"], result["findings"]
    if not isinstance(checked, dict) or not isinstance(found, list):
        return False
    if not all(k in CHECKS and type(n) is int and n >= 0 for k, n in checked.items()):
        return False
    for f in found:
        if not (isinstance(f, dict) and set(f) <= _FINDING_FIELDS and {"severity", "check", "message"} <= set(f)):
            return False
        if f["severity"] not in ("fail", "warn") or f["check"] not in CHECKS:
            return False
        if not all(isinstance(v, int if k == "page" else str) and type(v) is not bool for k, v in f.items()):
            return False
    return True


def _user_cache() -> Path:
    """deck's folder in the user's cache: the check's key and the results of kits checked."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "deck"


def _key() -> bytes | None:
    """This user's key for the cache's seals ($XDG_CACHE_HOME/deck/check.key, made on first use, readable
    by its owner only); None when there is no such place (then nothing is cached)."""
    base = _user_cache()
    path = base / "check.key"
    for _ in range(2):
        try:
            key = path.read_bytes()
            return key if len(key) == 32 else None  # a damaged key: nothing cached, nothing trusted
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            base.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # made by another check meanwhile: read it
        except OSError:
            return None
        key = os.urandom(32)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        return key
    return None


def _seal(key: bytes, fingerprint: str, result: dict) -> str:
    """A page's result bound to its fingerprint: an entry edited, or moved to another page, is not trusted."""
    body = json.dumps([fingerprint, result], sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _load_cache(path: Path, version: str) -> dict:
    """fingerprint -> result of the pages in the cache whose seal holds (any other entry: checked again)."""
    key = _key()
    data = _read_json(path)
    if key is None or not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    if data.get("check") != version or not isinstance(data.get("pages"), dict):
        return {}
    out = {}
    for fp, entry in data["pages"].items():
        if not (isinstance(entry, dict) and set(entry) == {"result", "seal"} and _valid(entry["result"])):
            continue
        if isinstance(entry["seal"], str) and hmac.compare_digest(entry["seal"], _seal(key, fp, entry["result"])):
            out[fp] = entry["result"]
    return out


def _save_cache(path: Path, version: str, pages: dict) -> None:
    """Replace the cache (through a temporary name: an interrupt leaves the old one or the new one), never a
    file that is not one (deck never overwrites your files), and never failing the check."""
    key = _key()
    if key is None or path.is_symlink() or path.is_dir():
        return
    sealed = {fp: {"result": r, "seal": _seal(key, fp, r)} for fp, r in pages.items()}
    data = {"tool": "deck check", "format": CACHE_FORMAT, "check": version, "pages": sealed}
    if path.exists():
        old = _read_json(path)
        if not (isinstance(old, dict) and old.get("tool") == "deck check"):
            return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".deck-", dir=path.parent)
    except OSError:  # a read-only build directory: checked, not remembered
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        os.replace(tmp, path)
    except OSError:
        pass
    finally:
        Path(tmp).unlink(missing_ok=True)


@cache
def _code_version() -> str:
    """deck's version, the check's own code, and the libraries that read the pages."""
    import pypdfium2
    import zxingcpp

    from deck import __version__

    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    for p in sorted(here.glob("*.py")) + [here.parent / "layout" / "qr.py"]:
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    h.update(f"{getattr(pypdfium2, 'PDFIUM_INFO', '')} {getattr(pypdfium2, 'PYPDFIUM_INFO', '')}".encode())
    h.update(str(getattr(zxingcpp, "__version__", "")).encode())
    return h.hexdigest()


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


def _ps_name(path: str) -> str | None:
    from deck.style.fonts import ps_name

    return ps_name(path)
