"""Golden geometry: what deck lays out for each bundled kit, as plain data, and the differences between two.

`kit_geometry(kit_dir)` lays a kit out the way a build does (the faces through `layout_face`, as
`deck export` does; the boards, sheets and guide through `build_extras`, with a writer that keeps the
pages instead of drawing them) and returns:

    {"cards": {deck id: {"card id/side": face}}, "pages": {file: [page, ...]}}

A face or page is a list of primitives, each one line of JSON in the snapshot file:

    ["text", role, x, y, font, size, anchor, "the line"]   (y: the baseline; font: regular, bold, italic)
    ["box", role, x, y, w, h, min size, characters]        (a text box read by deck check)
    ["rect", x, y, w, h, fill, stroke, line width, radius]
    ["line", x1, y1, x2, y2, colour, width]
    ["lines", count, x0, y0, x1, y1, colour, width]        (a run of 8 lines or more: hatching, marks)
    ["qr", x, y, module, modules per side, url]                    (the matrix is not kept)
    ["icon", shape, cx, cy, size, colour]
    ["circle", cx, cy, r, fill, stroke]
    ["image", file name, x, y, w, h]
    ["place", x, y, angle, scale, clip, key, [primitives]] (a drawing moved, turned, clipped)

In the file, consecutive text lines of the same role, font, size and anchor are written as one group,
`["texts", role, font, size, anchor, [[x, y, "line"], ...]]`, one line of text a row (`load` expands it).

Lengths are millimetres rounded to 0.01 mm, font sizes points rounded to 0.01 pt. A deck's common back
appears once, as "(back)". A drawing placed again (a board on each of its tiles) is written out the
first time, and named after that: "= <file> page <n>". Colours of text are left out (deck check
measures contrast on the page).

`compare(kit, old, new)` lists the differences as sentences naming the kit, deck, card and side (or file
and page) and what moved, by how much.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
MM = 72 / 25.4
TOLERANCE = 0.015  # mm or pt: a value that rounds the other way (x.xx5) is no change

# the fields of each primitive, for the messages (lengths are the fields in LENGTHS)
FIELDS = {
    "text": ("role", "x", "y", "font", "size", "anchor", "text"),
    "box": ("role", "x", "y", "w", "h", "min", "chars"),
    "rect": ("x", "y", "w", "h", "fill", "stroke", "width", "radius"),
    "line": ("x1", "y1", "x2", "y2", "colour", "width"),
    "lines": ("count", "x0", "y0", "x1", "y1", "colour", "width"),
    "qr": ("x", "y", "module", "n", "url"),
    "icon": ("shape", "cx", "cy", "size", "colour"),
    "circle": ("cx", "cy", "r", "fill", "stroke"),
    "image": ("file", "x", "y", "w", "h"),
    "place": ("x", "y", "angle", "scale", "clip", "key", "prims"),
}
LENGTHS = {"x", "y", "w", "h", "x0", "y0", "x1", "y1", "x2", "y2", "cx", "cy", "r", "module", "radius", "width"}
# what names a primitive, to pair the old and the new ones before comparing their numbers
IDENTITY = {
    "text": ("role", "text"),
    "box": ("role",),
    "rect": ("fill", "stroke"),
    "line": ("colour",),
    "lines": ("colour",),
    "qr": ("url",),
    "icon": ("shape",),
    "circle": ("fill",),
    "image": ("file",),
    "place": ("key",),
}


def _short(r: float):
    """12.0 as 12 (the file is shorter; 12 == 12.0 when compared), -0.0 as 0."""
    return int(r) if r == int(r) else r


def _mm(v: float):
    return _short(round(v / MM, 2))


def _pt(v: float):
    return _short(round(v, 2))


# -- primitives -> plain data ---------------------------------------------------------------------------
class Plain:
    """Turns primitives into lists (see the module's docstring), for one kit.

    `fonts`: font name -> the word written instead (regular, bold, italic); `drawings` remembers each
    placed drawing written out, so that the next time it is named instead of repeated."""

    def __init__(self, fonts: dict):
        self.fonts = fonts
        self.drawings: dict = {}  # the drawing's plain data (as JSON) -> "file page n"
        self.where = ""

    def __call__(self, prims) -> list:
        from deck.layout.geometry import Circle, Icon, Image, Place, Qr, Rect, Seg, Text

        out = []
        for p in prims:
            if isinstance(p, Text):
                font = self.fonts.get(p.font, p.font)
                out.append(["text", p.role, _mm(p.x), _mm(p.y), font, _pt(p.size), p.anchor, p.text])
            elif isinstance(p, Rect):
                out.append(
                    ["rect", _mm(p.x), _mm(p.y), _mm(p.w), _mm(p.h), p.fill, p.stroke, _pt(p.width), _mm(p.radius)]
                )
            elif isinstance(p, Seg):
                out.append(["line", _mm(p.x1), _mm(p.y1), _mm(p.x2), _mm(p.y2), p.colour, _pt(p.width)])
            elif isinstance(p, Qr):
                out.append(["qr", _mm(p.x), _mm(p.y), round(p.module / MM, 4), len(p.matrix), p.url])
            elif isinstance(p, Icon):
                out.append(["icon", p.shape, _mm(p.cx), _mm(p.cy), _mm(p.size), p.colour])
            elif isinstance(p, Circle):
                out.append(["circle", _mm(p.cx), _mm(p.cy), _mm(p.r), p.fill, p.stroke])
            elif isinstance(p, Image):
                out.append(["image", Path(p.path).name, _mm(p.x), _mm(p.y), _mm(p.w), _mm(p.h)])
            elif isinstance(p, Place):
                inner = self(p.prims)
                key = json.dumps(inner, ensure_ascii=False)
                if key in self.drawings:
                    inner = f"= {self.drawings[key]}"
                else:
                    self.drawings[key] = self.where
                clip = [_mm(v) for v in p.clip]
                out.append(["place", _mm(p.x), _mm(p.y), p.angle, round(p.scale, 4), clip, p.key, inner])
            else:
                raise TypeError(f"a primitive the snapshot does not know: {type(p).__name__}")
        return _runs(out)

    def face(self, geo) -> list:
        boxes = [
            ["box", b.role, _mm(b.x), _mm(b.y), _mm(b.w), _mm(b.h), _pt(b.min_size), len(b.text)] for b in geo.boxes
        ]
        return boxes + self(geo.prims)


RUN = 8  # this many consecutive lines of one colour and width are written as one "lines" entry


def _runs(items: list) -> list:
    out, i = [], 0
    while i < len(items):
        j = i
        while j < len(items) and items[j][0] == "line" and items[j][5:] == items[i][5:]:
            j += 1
        if j - i >= RUN:
            run = items[i:j]
            xs = [v for p in run for v in (p[1], p[3])]
            ys = [v for p in run for v in (p[2], p[4])]
            out.append(["lines", j - i, min(xs), min(ys), max(xs), max(ys)] + items[i][5:])
            i = j
        else:
            out.append(items[i])
            i += 1
    return out


# -- a kit laid out ---------------------------------------------------------------------------------------
class _Pages:
    """Stands for deck.render.pdf.PdfWriter: keeps each page's primitives instead of drawing them."""

    plain: Plain
    files: dict = {}

    def __init__(self, path, title, subject="", duplex=None):
        self.name = Path(path).name
        self.pages = 0
        _Pages.files[self.name] = []

    def page(self, size, prims, trim_box=None, bleed_box=None) -> None:
        self.pages += 1
        _Pages.plain.where = f"{self.name} page {self.pages}"
        _Pages.files[self.name].append({"size": [_mm(size[0]), _mm(size[1])], "prims": _Pages.plain(prims)})

    def close(self) -> None:
        pass


class _Staging:
    """Stands for deck.build.staging.Staging: build_extras only asks it where a file goes."""

    def __init__(self):
        self.files: list = []

    def path(self, name: str) -> str:
        self.files.append(name)
        return name


def kit_geometry(kit_dir) -> dict:
    """Every distinct card face of the kit, and every page of its boards, sheets and guide."""
    from deck.build.extras import build_extras
    from deck.build.options import Options, Output
    from deck.build.pipeline import DEFAULT_CARD, FaceCache, _deck_files, _decks, card_style, resolve
    from deck.errors import DeckError, Diagnostics
    from deck.layout.faces import Views
    from deck.render import pdf as pdfmod

    res, diag = resolve(Path(kit_dir))
    if res is None or diag.errors:
        raise DeckError(diag)
    kit = res.kit
    views = Views(kit, res.words)
    plain = Plain({name: style for style, name in vars(res.fonts).items()})
    cards: dict = {}
    plans = []
    for deck in _decks(kit):
        specs = views.cards(deck)
        if not specs:
            continue
        size = deck.size or DEFAULT_CARD
        plans.append((deck, specs, size))
        cache = FaceCache(card_style(res, deck, size), Diagnostics())
        faces = cards.setdefault(deck.id, {})
        for card in specs:
            for side, face in (("front", card.front), ("back", card.back)):
                name = "(back)" if face.common else f"{card.id}/{side}"
                if name not in faces:
                    faces[name] = plain.face(cache.get(face, card, side))
    options = Options()
    names = [n for deck, _, _ in plans for n in _deck_files(kit, deck, options, res.words["labels"])]
    real = pdfmod.PdfWriter
    _Pages.files, _Pages.plain = {}, plain
    pdfmod.PdfWriter = _Pages
    try:
        made = build_extras(res, plans, [Output(n, "cards", 0, 0) for n in names], options, _Staging(), Diagnostics())
    finally:
        pdfmod.PdfWriter = real
    # the tiles of a board are its imposition on office paper, as the sheets of a deck are its cards':
    # the board itself is kept, its tiles are not
    laid_out = sorted(o.path for o in made if o.kind != "board-tiles")
    return {"cards": cards, "pages": {name: _Pages.files[name] for name in laid_out}}


def bundled() -> dict:
    """id -> directory of every bundled kit (`deck list`)."""
    from deck.kit.find import bundled_kits

    return dict(sorted(bundled_kits().items()))


# -- the snapshot file -----------------------------------------------------------------------------------
def dumps(geometry: dict) -> str:
    """JSON with one primitive (one line of text) a line, so that a change shows as a few changed lines."""

    def line(v, sep=",") -> str:
        return json.dumps(v, ensure_ascii=False, separators=(sep, ": "))

    def prims(items, indent: str) -> list[str]:
        out = []
        items = _grouped(items)
        for i, p in enumerate(items):
            end = "," if i < len(items) - 1 else ""
            if p[0] == "place" and isinstance(p[-1], list) and p[-1]:
                out.append(indent + line(p[:-1])[:-1] + ",[")
                out += prims(p[-1], indent + "  ")
                out.append(indent + "]]" + end)
            elif p[0] == "texts":
                out.append(indent + line(p[:-1])[:-1] + ",[")
                rows = p[-1]
                out += [indent + "  " + line(r) + ("," if k < len(rows) - 1 else "") for k, r in enumerate(rows)]
                out.append(indent + "]]" + end)
            else:
                out.append(indent + line(p) + end)
        return out

    out = ['{"cards": {']
    decks = list(geometry["cards"].items())
    for di, (deck_id, faces) in enumerate(decks):
        out.append(f"{line(deck_id)}: {{")
        for fi, (name, items) in enumerate(faces.items()):
            out.append(f"{line(name)}: [")
            out += prims(items, "  ")
            out.append("]" + ("," if fi < len(faces) - 1 else ""))
        out.append("}" + ("," if di < len(decks) - 1 else ""))
    out += ["},", '"pages": {']
    files = list(geometry["pages"].items())
    for ni, (name, pages) in enumerate(files):
        out.append(f"{line(name)}: [")
        for pi, page in enumerate(pages):
            out.append(f'{{"size": {line(page["size"])}, "prims": [')
            out += prims(page["prims"], "  ")
            out.append("]}" + ("," if pi < len(pages) - 1 else ""))
        out.append("]" + ("," if ni < len(files) - 1 else ""))
    out += ["}}"]
    return "\n".join(out) + "\n"


def _grouped(items: list) -> list:
    """Consecutive text lines of one role, font, size and anchor as one "texts" group (see the docstring)."""
    out: list = []
    for p in items:
        head = ["texts", p[1], p[4], p[5], p[6]] if p[0] == "text" else None
        if head and out and out[-1][:5] == head:
            out[-1][5].append([p[2], p[3], p[7]])
        elif head and out and out[-1][0] == "text" and ["texts"] + out[-1][1:2] + out[-1][4:7] == head:
            q = out.pop()
            out.append(head + [[[q[2], q[3], q[7]], [p[2], p[3], p[7]]]])
        else:
            out.append(p)
    return out


def _expanded(items: list) -> list:
    out = []
    for p in items:
        if p[0] == "texts":
            _, role, font, size, anchor, rows = p
            out += [["text", role, x, y, font, size, anchor, text] for x, y, text in rows]
        elif p[0] == "place" and isinstance(p[-1], list):
            out.append(p[:-1] + [_expanded(p[-1])])
        else:
            out.append(p)
    return out


def loads(text: str) -> dict:
    data = json.loads(text)
    for faces in data.get("cards", {}).values():
        for name in faces:
            faces[name] = _expanded(faces[name])
    for pages in data.get("pages", {}).values():
        for page in pages:
            page["prims"] = _expanded(page["prims"])
    return data


def path_of(kit_id: str) -> Path:
    return GOLDEN / f"{kit_id}.json"


def load(kit_id: str) -> dict | None:
    p = path_of(kit_id)
    return loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def refresh(kit_id: str, geometry: dict) -> None:
    GOLDEN.mkdir(exist_ok=True)
    tmp = path_of(kit_id).with_suffix(".tmp")
    tmp.write_text(dumps(geometry), encoding="utf-8")
    os.replace(tmp, path_of(kit_id))


# -- differences -----------------------------------------------------------------------------------------
def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _ident(p) -> tuple:
    fields = FIELDS.get(p[0], ())
    return (p[0],) + tuple(p[1 + fields.index(f)] for f in IDENTITY.get(p[0], ()) if f in fields)


def _show(p) -> str:
    kind = p[0]
    if kind == "text":
        text = p[-1]
        return f'{p[1]} {kind} "{text[:40]}{"…" if len(text) > 40 else ""}"'
    if kind == "qr":
        return f"QR code for {p[-1]}"
    if kind == "place":
        return f"drawing {p[6]}" if p[6] else "placed drawing"
    named = [str(v) for v in _ident(p)[1:] if v]
    return " ".join([kind] + named)


def _changes(a, b) -> list[str]:
    """What differs between two primitives paired as the same one: 'x +1.00 mm (14.40 -> 15.40)'."""
    kind = a[0]
    out = []
    for name, va, vb in zip(FIELDS[kind], a[1:], b[1:], strict=False):
        if name in ("prims", "text"):  # the text is in the primitive's name (see diff_prims)
            continue
        if _num(va) and _num(vb):
            if abs(va - vb) > TOLERANCE:
                unit = " mm" if name in LENGTHS and name != "width" else (" pt" if name in ("size", "min") else "")
                out.append(f"{name} {vb - va:+.2f}{unit} ({va:g} -> {vb:g})")
        elif va != vb:
            out.append(f"{name} {va!r} -> {vb!r}")
    return out


def _moved(a, b) -> str | None:
    """'moved by (+1.00, -0.50) mm' when only the position changed, by the same amount in x and y."""
    fields = FIELDS[a[0]]
    pos = [("x", "y"), ("x1", "y1"), ("cx", "cy")]
    for fx, fy in pos:
        if fx in fields:
            i, j = 1 + fields.index(fx), 1 + fields.index(fy)
            dx, dy = b[i] - a[i], b[j] - a[j]
            rest_a = [v for k, v in enumerate(a) if k not in (i, j) and not (a[0] == "line" and k in (3, 4))]
            rest_b = [v for k, v in enumerate(b) if k not in (i, j) and not (a[0] == "line" and k in (3, 4))]
            if a[0] == "line" and (abs((b[3] - a[3]) - dx) > TOLERANCE or abs((b[4] - a[4]) - dy) > TOLERANCE):
                return None
            if rest_a == rest_b and (abs(dx) > TOLERANCE or abs(dy) > TOLERANCE):
                return f"moved by ({dx:+.2f}, {dy:+.2f}) mm, from ({a[i]:g}, {a[j]:g}) to ({b[i]:g}, {b[j]:g})"
            return None
    return None


def diff_prims(old: list, new: list, where: str, out: list, limit: int) -> None:
    """Append to `out` one sentence per primitive that moved, changed, appeared or went."""
    sm = difflib.SequenceMatcher(None, [_ident(p) for p in old], [_ident(p) for p in new], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if len(out) >= limit:
            return
        if op == "equal" or (
            op == "replace"
            and i2 - i1 == j2 - j1
            and all(old[i][0] == new[j][0] for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
        ):
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                if a[0] == "place" and isinstance(a[-1], list) and isinstance(b[-1], list):
                    diff_prims(a[-1], b[-1], f"{where}, in {_show(a)}", out, limit)
                moved = _moved(a, b)
                if moved:
                    out.append(f"{where}: {_show(a)} {moved}")
                    continue
                changes = _changes(a, b)
                if a[0] == "text" and a[-1] != b[-1]:
                    changes.insert(0, f'now "{b[-1]}"')
                if changes:
                    out.append(f"{where}: {_show(a)}: " + ", ".join(changes))
                if len(out) >= limit:
                    return
            continue
        for p in old[i1:i2]:
            out.append(f"{where}: {_show(p)} is gone (was at {_position(p)})")
        for p in new[j1:j2]:
            out.append(f"{where}: {_show(p)} is new (at {_position(p)})")


def _position(p) -> str:
    fields = FIELDS[p[0]]
    for fx, fy in (("x", "y"), ("x1", "y1"), ("cx", "cy")):
        if fx in fields:
            return f"{p[1 + fields.index(fx)]:g}, {p[1 + fields.index(fy)]:g} mm"
    return "?"


def compare(kit_id: str, old: dict, new: dict, limit: int = 40) -> list[str]:
    """The differences between two kit geometries, as sentences ('' when none), at most `limit`."""
    out: list = []
    od, nd = old.get("cards", {}), new.get("cards", {})
    for deck_id in sorted(set(od) | set(nd)):
        if deck_id not in nd or deck_id not in od:
            out.append(f"kit {kit_id}, deck {deck_id}: the deck is {'gone' if deck_id in od else 'new'}")
            continue
        of, nf = od[deck_id], nd[deck_id]
        for name in list(of) + [n for n in nf if n not in of]:
            card, _, side = name.partition("/")
            where = (
                f"kit {kit_id}, deck {deck_id}, common back"
                if name == "(back)"
                else f"kit {kit_id}, deck {deck_id}, card {card}, {side}"
            )
            if name not in nf or name not in of:
                out.append(f"{where}: the face is {'gone' if name in of else 'new'}")
                continue
            diff_prims(of[name], nf[name], where, out, limit)
    op, np_ = old.get("pages", {}), new.get("pages", {})
    for file in sorted(set(op) | set(np_)):
        if file not in np_ or file not in op:
            out.append(f"kit {kit_id}, file {file}: the file is {'gone' if file in op else 'new'}")
            continue
        if len(op[file]) != len(np_[file]):
            out.append(f"kit {kit_id}, file {file}: {len(np_[file])} pages, were {len(op[file])}")
        for n, (a, b) in enumerate(zip(op[file], np_[file], strict=False), 1):
            where = f"kit {kit_id}, file {file}, page {n}"
            if a["size"] != b["size"]:
                out.append(f"{where}: page size {a['size']} -> {b['size']} mm")
            diff_prims(a["prims"], b["prims"], where, out, limit)
    if len(out) > limit:
        del out[limit:]
    return out


if __name__ == "__main__":  # python tests/golden.py: the sizes of the snapshots, and whether they hold
    for kit_id, kit_dir in bundled().items():
        found = compare(kit_id, load(kit_id) or {}, kit_geometry(kit_dir))
        size = path_of(kit_id).stat().st_size if path_of(kit_id).is_file() else 0
        print(f"{kit_id}: {size / 1000:.0f} kB, {len(found)} difference(s)")
        for line in found[:5]:
            print("  " + line)
