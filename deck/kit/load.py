"""Find a kit, read its files and validate them into a `Kit` with every problem collected."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from deck.errors import DeckError, Diagnostics, Loc, did_you_mean, display_path
from deck.kit import find as bundled
from deck.kit.model import COLLECTIONS, PHASE_CARDS, Kit, KitHeader, NestedList
from deck.kit.sheets.cells import is_book, is_sheet
from deck.kit.sheets.read import read_book_settings, read_content
from deck.kit.validate import Validator
from deck.kit.yamlio import YList, YMap, collect, load_file


def resolve_kit(arg: str | None) -> Path:
    """A kit directory, a kit.yaml path or a bundled kit id -> the kit directory."""
    if arg is None:
        arg = bundled.DEFAULT_KIT
    path = Path(arg)
    if path.is_file() and is_book(path):  # a workbook that is a kit by itself (its Kit tab)
        return path
    if path.is_file() and path.name.endswith((".yaml", ".yml")):
        return path.parent
    if path.is_file():
        raise DeckError(_not_a_kit(path), Loc(display_path(path)))
    if path.is_dir():
        try:
            os.stat(path / "kit.yaml")
        except FileNotFoundError:
            raise DeckError(
                "no kit.yaml in this directory: expected a kit directory", Loc(display_path(path))
            ) from None
        except OSError as e:  # a folder deck may not enter (chmod 000): not "no kit"
            raise DeckError(
                f"cannot read the kit directory: {e.strerror or e}: expected a folder deck may read (chmod u+rx)",
                Loc(display_path(path)),
            ) from None
        if (path / "kit.yaml").is_file():
            return path
        raise DeckError("no kit.yaml in this directory: expected a kit directory", Loc(display_path(path)))
    kits = bundled.bundled_kits()
    if arg in kits:
        return kits[arg]
    raise DeckError(
        f'no kit "{arg}": expected a kit directory, a kit.yaml or one of the bundled kits '
        f"({', '.join(kits) or 'none'})" + did_you_mean(arg, kits),
        Loc(str(arg)),
    )


def _not_a_kit(path: Path) -> str:
    """What to say of a file given where a kit is expected (a CSV of one list, a PDF, a text)."""
    beside = (path.parent / "kit.yaml").is_file()
    folder = display_path(path.parent)
    if is_sheet(path):  # a CSV: one list of a kit, read with the kit it belongs to
        where = (
            f"give the kit it belongs to instead: {folder}"
            if beside
            else "put it in a kit's folder, beside its kit.yaml, or write the whole kit in a workbook "
            "(deck new NAME --sheet; docs/spreadsheets.md)"
        )
        return f"a CSV file holds one list of a kit, not a whole kit: {where}"
    if beside:
        where = f" (the kit of this folder is {folder})"
    elif (path.parent / "manifest.json").is_file():
        where = f" (a file of the build in {folder}: deck check {folder} checks that build)"
    else:
        where = ""
    return f"not a kit: expected a kit directory, a kit.yaml, a workbook (.xlsx, .ods) or a bundled kit's id{where}"


def _inside(root: Path, name: str) -> Path | None:
    candidate = root / name
    try:
        real = candidate.resolve()
        real.relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a link loop (Python before 3.13)
        return None
    return candidate


def _loops(path: Path) -> bool:
    """A link that leads back to itself (a -> b -> a)."""
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as e:
        return e.errno == 40  # ELOOP
    return False


@dataclass
class Layer:
    """One kit of an overlay stack, read but not validated: its kit.yaml and its content files."""

    root: Path
    shown: str  # kit.yaml as printed in messages
    header: YMap
    contents: list = field(default_factory=list)  # (collection, value, key loc, value loc)
    unread: set = field(default_factory=set)  # collections a file that could not be read may have held


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)


def _unread(path: Path, name: str, problems: Diagnostics) -> set[str]:
    """The collections a content file that could not be read seems to hold (its top-level keys, read
    leniently), all of them when none is seen; its first problem says they were not checked."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    held = [k for k in dict.fromkeys(_TOP_KEY.findall(text)) if k in COLLECTIONS]
    first = problems.items[0] if problems.items else None
    if first is not None:
        what = (", ".join(held[:-1]) + " and " + held[-1] if len(held) > 1 else held[0]) if held else "content"
        note = f"nothing else in {name} was read: its {what} will be checked once this is fixed"
        context = f"{first.context}\n{note}" if first.context else note
        problems.items[0] = replace(first, context=context)
    return set(held) if held else set(COLLECTIONS)


def _read_layer(kit_dir: Path, diag: Diagnostics) -> Layer | None:
    book = kit_dir if kit_dir.is_file() else None  # a workbook: its Kit tab is its kit.yaml
    kit_dir = kit_dir.parent if book else kit_dir
    shown_root = display_path(kit_dir)
    shown = os.path.join(shown_root, "kit.yaml") if book is None else display_path(book)
    if book is None:
        own = Diagnostics()  # what reading it finds without stopping (a duplicate key, a likely typo)
        data, problems = collect(load_file, kit_dir / "kit.yaml", shown, own)
        own.extend(problems)
        problems = own
    else:
        data, problems = _book_header(book, shown)
    diag.extend(problems)
    if problems.errors:
        return None
    if data is None:
        diag.error(Loc(shown, 1, 1), "the file is empty: expected a mapping with id, title, language and version")
        return None
    if not isinstance(data, YMap):
        diag.error(Loc(shown, 1, 1), "expected a mapping (key: value lines) at the top of kit.yaml")
        return None
    layer = Layer(kit_dir, shown, data)
    files = data.get("files")
    if isinstance(files, YList) and files:
        names, locs = [str(x) for x in files], list(files.locs)
    elif book is None:
        listed = _listing(kit_dir, shown_root, diag)
        if listed is None:
            return None
        yamls = [n for n in listed if n.endswith(".yaml") and not n.startswith(".") and n != "kit.yaml"]
        names = yamls + _found_sheets(kit_dir, listed, diag)
        locs = [None] * len(names)
    else:
        names, locs = [], []
    if book is not None:
        names, locs = [book.name] + names, [None] + locs
    sheets: list[tuple[Path, str]] = []  # the layer's workbooks and CSV files, read together at the first
    for name, floc in zip(names, locs, strict=True):
        path = _inside(kit_dir, name)
        if path is None and _loops(kit_dir / name):
            diag.error(
                floc or Loc(shown),
                f'content file "{name}" is a link that leads back to itself: expected a file inside the kit; remove it',
            )
            continue
        if path is None:
            diag.error(
                floc or Loc(shown), f'content file "{name}" lies outside the kit directory: expected a file inside it'
            )
            continue
        fshown = os.path.join(shown_root, name)
        if not path.is_file():
            diag.error(
                floc or Loc(shown),
                f'content file "{name}" not found' + did_you_mean(name, [p.name for p in kit_dir.glob("*.yaml")]),
            )
            layer.unread.update(COLLECTIONS)  # what it held is unknown: nothing it would define is "unknown"
            continue
        if is_sheet(path):
            if not sheets:
                sheets = _sheet_files(kit_dir, names)
                content, problems = read_content(sheets, "extends" in data, shown if book else None)
                diag.extend(problems)
                for key, value in (content or {}).items():
                    layer.contents.append((key, value, content.key_locs[key], content.value_locs[key]))
            continue
        if not name.lower().endswith((".yaml", ".yml")):
            kind = f"a {Path(name).suffix} file" if Path(name).suffix else "a file without the .yaml extension"
            diag.error(
                floc or Loc(fshown),
                f'content file "{name}" is {kind}: this kind of file is not supported here; '
                "`files:` lists YAML content files (.yaml, .yml) and spreadsheets (.xlsx, .ods, .csv)",
            )
            layer.unread.update(COLLECTIONS)
            continue
        content, problems = collect(load_file, path, fshown, diag)
        if problems.items:
            layer.unread.update(_unread(path, name, problems))
        diag.extend(problems)
        if problems.items or content is None:
            if not problems.items:
                diag.warning(Loc(fshown, 1, 1), "the file is empty")
            continue
        if not isinstance(content, YMap):
            diag.error(
                Loc(fshown, 1, 1),
                f"expected a mapping of collections ({', '.join(COLLECTIONS)}) at the top of the file",
            )
            continue
        for key, value in content.items():
            if key.startswith("x-"):
                continue
            if key not in COLLECTIONS:
                diag.error(
                    content.key_locs[key],
                    f'unknown collection "{key}": expected one of {", ".join(COLLECTIONS)}'
                    + did_you_mean(key, COLLECTIONS),
                )
                close = difflib.get_close_matches(key, list(COLLECTIONS), n=1, cutoff=0.6)
                layer.unread.update(close or COLLECTIONS)  # its items were not read: none is "unknown" elsewhere
                continue
            layer.contents.append((key, value, content.key_locs[key], content.value_locs[key]))
    return layer


def _book_header(book: Path, shown: str):
    return collect(read_book_settings, book, shown)


def _listing(kit_dir: Path, shown: str, diag: Diagnostics) -> list[str] | None:
    """The names in a kit directory, sorted; None (and an error) when it cannot be listed: a folder whose
    files cannot be seen is not an empty kit."""
    try:
        return sorted(os.listdir(kit_dir))
    except OSError as e:
        diag.error(
            Loc(shown),
            f"cannot list the kit directory: {e.strerror or e}: expected a folder deck may read "
            "(give it read permission: chmod u+r), or list its files in kit.yaml's files:",
        )
        return None


def _found_sheets(kit_dir: Path, listed: list[str], diag: Diagnostics) -> list[str]:
    """The workbooks and CSV files beside kit.yaml (not a spreadsheet's lock or temporary file); a workbook with
    a Kit tab is a kit by itself, not content: left out, with a warning."""
    out = []
    for p in (kit_dir / n for n in listed):
        if not (p.is_file() and is_sheet(p)) or p.name.startswith((".", "~")):
            continue
        if is_book(p) and collect(read_book_settings, p, display_path(p))[0] is not None:
            diag.warning(
                Loc(display_path(p)),
                "this workbook has a Kit tab: it is a kit by itself, not read as this kit's content "
                f"(deck build {display_path(p)}; or list it in kit.yaml's files:)",
            )
            continue
        out.append(p.name)
    return out


def _sheet_files(kit_dir: Path, names: list[str]) -> list[tuple[Path, str]]:
    found = [_inside(kit_dir, name) for name in names]
    return [(p, display_path(p)) for p in found if p is not None and p.is_file() and is_sheet(p)]


def _parent_dir(layer: Layer, diag: Diagnostics) -> Path | None:
    value = layer.header.get("extends")
    loc = layer.header.value_locs.get("extends", layer.header.loc)
    if not isinstance(value, str) or not value.strip():
        diag.error(loc, "extends: expected a kit id or the path of a kit directory")
        return None
    candidate = layer.root / value
    if (candidate / "kit.yaml").is_file() or (candidate.is_file() and is_book(candidate)):
        return candidate.resolve()
    kits = bundled.bundled_kits()
    if value in kits:
        return kits[value].resolve()
    diag.error(
        loc,
        f'extends: no kit "{value}": expected a bundled kit id ({", ".join(kits)}) or a kit directory'
        + did_you_mean(value, kits),
    )
    return None


def _layers(kit_dir: Path, diag: Diagnostics) -> list[Layer] | None:
    """The overlay stack, base first."""
    stack: list[Layer] = []
    seen: list[Path] = []
    current = kit_dir.resolve()
    while True:
        if current in seen:
            chain = " -> ".join(display_path(p) for p in seen + [current])
            diag.error(stack[-1].header.value_locs["extends"], f"kits extend each other in a cycle: {chain}")
            return None
        seen.append(current)
        layer = _read_layer(kit_dir if not stack else current, diag)
        if layer is None:
            return None
        stack.append(layer)
        if "extends" not in layer.header:
            return list(reversed(stack))
        parent = _parent_dir(layer, diag)
        if parent is None:
            return None
        current = parent


def _copy_map(m: YMap) -> YMap:
    out = YMap(m)
    out.loc, out.key_locs, out.value_locs = m.loc, dict(m.key_locs), dict(m.value_locs)
    return out


def _by_id(items) -> bool:
    return isinstance(items, YList) and all(isinstance(x, YMap) and "id" in x for x in items)


def merge_maps(base, over):
    """An overlay mapping on top of a base one: keys replaced, nested mappings and id-lists merged."""
    if not (isinstance(base, YMap) and isinstance(over, YMap)):
        return over
    out = _copy_map(base)
    for key, value in over.items():
        if key in out and isinstance(out[key], YMap) and isinstance(value, YMap):
            out[key] = merge_maps(out[key], value)
        elif key in out and _by_id(out[key]) and _by_id(value):
            out[key] = merge_lists(out[key], value)
        else:
            out[key] = value
        out.key_locs[key] = over.key_locs[key]
        out.value_locs[key] = over.value_locs[key]
    return out


def merge_lists(base: YList, over: YList) -> YList:
    """Items of `over` replace (field by field) the base items of the same id; others are appended."""
    items = list(base)
    locs = list(base.locs)
    index = {str(x["id"]): i for i, x in enumerate(items)}
    for item, loc in zip(over, over.locs, strict=False):
        i = index.get(str(item["id"]))
        if i is not None:
            items[i] = merge_maps(items[i], item)
        else:
            items.append(item)
            locs.append(loc)
    out = YList(items)
    out.loc, out.locs = base.loc, locs
    return out


HEADER_ONLY = ("files", "extends", "remove")


def _join(a: YList, b: YList) -> YList:
    """Two located lists as one, each item keeping its location."""
    out = YList(list(a) + list(b))
    out.loc, out.locs = a.loc, list(a.locs) + list(b.locs)
    return out


def _merge(layers: list[Layer], v: Validator, diag: Diagnostics):
    """Merged header and collections of the stack (raw, located), with removals applied."""
    header = None
    lists: dict[str, YList] = {}
    singles: dict[str, tuple[YMap, int]] = {}  # the merged mapping, and the layer that gave it last
    for n, layer in enumerate(layers):
        h = _copy_map(layer.header)
        for key in HEADER_ONLY:
            h.pop(key, None)
        if header is not None and "language" in h and not {"content_language"} & (h.keys() | header.keys()):
            # an overlay that changes the labels' language keeps the typography of the content it extends
            h["content_language"] = header["language"]
            h.key_locs["content_language"] = h.key_locs.get("language", h.loc)
            h.value_locs["content_language"] = h.value_locs.get("language", h.loc)
        header = h if header is None else merge_maps(header, h)
        mine: dict[str, YList] = {}  # this layer's items, joined over its files (duplicates kept)
        for key, value, kloc, vloc in layer.contents:
            cls, many = COLLECTIONS[key]
            if many:
                if not isinstance(value, YList):
                    v.value(NestedList(cls), value, vloc, key)  # reports the wrong type
                    continue
                mine[key] = _join(mine[key], value) if key in mine else value
            elif key in singles and singles[key][1] == n:
                first = singles[key][0].loc
                diag.error(kloc, f'a second "{key}": expected one {key} per kit (first at {first.path}:{first.line})')
            elif key in singles:
                singles[key] = (merge_maps(singles[key][0], value), n)
            else:
                singles[key] = (value, n)
        for key, value in mine.items():
            if key in lists and _by_id(value) and _by_id(lists[key]):
                lists[key] = merge_lists(lists[key], value)
            elif key in lists:
                lists[key] = _join(lists[key], value)
            else:
                lists[key] = value
        removal = layer.header.get("remove")
        if removal is not None:
            _remove(removal, layer.header.value_locs["remove"], lists, header, v, diag)
    return header, lists, {k: s[0] for k, s in singles.items()}


def _remove(removal, loc: Loc, lists, header, v: Validator, diag: Diagnostics) -> None:
    if not isinstance(removal, YMap):
        diag.error(loc, "remove: expected a mapping of collection names to lists of ids")
        return
    allowed = [k for k, (_, many) in COLLECTIONS.items() if many] + ["decks"]
    for key, ids in removal.items():
        kloc = removal.key_locs[key]
        if key not in allowed:
            diag.error(
                kloc,
                f'remove: unknown collection "{key}": expected one of {", ".join(allowed)}'
                + did_you_mean(key, allowed),
            )
            continue
        if not isinstance(ids, YList):
            diag.error(removal.value_locs[key], f"remove.{key}: expected a list of ids")
            continue
        source = header.get("decks") if key == "decks" else lists.get(key)
        present = {str(x.get("id")) for x in (source or []) if isinstance(x, YMap)}
        for ident, iloc in zip(ids, ids.locs, strict=False):
            ident = str(ident)
            if ident not in present and key not in v.unread:
                diag.error(iloc, f'remove.{key}: no {key} "{ident}" to remove' + did_you_mean(ident, present))
                continue
            v.removed.setdefault(key, set()).add(ident)
        if not isinstance(source, YList):  # the base has no such list (or one of the wrong shape): nothing to keep
            continue
        keep = [
            (x, xloc)
            for x, xloc in zip(source, source.locs, strict=False)
            if not (isinstance(x, YMap) and str(x.get("id")) in v.removed.get(key, ()))
        ]
        kept = YList([x for x, _ in keep])
        kept.loc, kept.locs = source.loc, [xloc for _, xloc in keep]
        if key == "decks":
            header["decks"] = kept
        else:
            lists[key] = kept


@dataclass
class Loaded:
    """What could be read of a kit, errors or not: the stages after it go as far as this lets them."""

    diag: Diagnostics
    kit: Kit | None = None  # the items that are valid; None when the kit's header is not
    root: Path | None = None  # the top kit's directory; None when no kit.yaml could be read
    theme: object = None  # the theme as kit.yaml (merged over its bases) gives it
    theme_loc: Loc | None = None
    language: str | None = None  # when it is a valid code
    layers: list = field(default_factory=list)  # the overlay stack, base first
    raw: dict = field(default_factory=dict)  # the merged, located YAML: "kit" (the header) and each collection

    @property
    def complete(self) -> bool:
        return self.kit is not None and not self.diag.errors


def load_kit(kit_dir: Path) -> tuple[Kit | None, Diagnostics]:
    """Read and validate the whole kit (and the kits it extends). Returns (kit or None, every problem)."""
    loaded = read_kit(kit_dir)
    return (loaded.kit if loaded.complete else None), loaded.diag


def read_kit(kit_dir: Path) -> Loaded:
    """Read and validate the whole kit (and the kits it extends), keeping what is valid."""
    diag = Diagnostics()
    v = Validator(diag)
    layers = _layers(kit_dir, diag)
    if layers is None:
        return Loaded(diag)
    top = layers[-1]
    for layer in layers:
        v.unread.update(layer.unread)
    raw_header, lists, raw_singles = _merge(layers, v, diag)
    header = v.obj(KitHeader, raw_header, top.header.loc, "kit.yaml")
    if header is not None and header.format != 1:
        diag.error(raw_header.value_locs["format"], f"kit format {header.format}: this deck reads format 1")
    collected = {k: list(v.value(NestedList(COLLECTIONS[k][0]), value, value.loc, k)) for k, value in lists.items()}
    for k in COLLECTIONS:
        collected.setdefault(k, [])
    singles = {}
    for key, value in raw_singles.items():
        obj = v.obj(COLLECTIONS[key][0], value, getattr(value, "loc", top.header.loc), key)
        if obj is not None:
            singles[key] = obj
    kit = (
        Kit(
            header=header,
            root=str(top.root),
            method=singles.get("method"),
            quiz=singles.get("quiz"),
            theme_loc=raw_header.value_locs.get("theme", raw_header.loc),
            **{k: tuple(items) for k, items in collected.items() if COLLECTIONS[k][1]},
        )
        if header is not None
        else None
    )
    _register_ids(v, collected, singles, header)
    v.check_refs()
    if kit is not None:
        _semantic_checks(kit, diag, v.unread)
    language = raw_header.get("language")
    return Loaded(
        diag,
        kit,
        top.root,
        raw_header.get("theme", "default"),
        raw_header.value_locs.get("theme", raw_header.loc),
        header.language if header is not None else (language if isinstance(language, str) else None),
        layers,
        {"kit": raw_header, **lists, **raw_singles},
    )


def _register_ids(v: Validator, collected, singles, header) -> None:
    for key, items in collected.items():
        for item in items:
            v.register(key, item.id, item.loc)
            if key == "scenarios":
                for st in item.stages:
                    v.register("stages", st.id, st.loc)
    method = singles.get("method")
    if method:
        for m in method.materials:
            v.register("materials", m.id, m.loc)
        for p in method.phases:
            v.register("phases", p.id, p.loc)
    quiz = singles.get("quiz")
    if quiz:
        for t in quiz.themes:
            v.register("quiz themes", t.id, t.loc)
    if header:
        for d in header.decks:
            v.register("decks", d.id, d.loc)


MAX_COPIES = 100  # copies of each card of a deck: a print run, not a way to exhaust memory


def _semantic_checks(kit: Kit, diag: Diagnostics, unread: set) -> None:
    for f in kit.fiches:
        if len(f.questions) != 5:
            diag.error(
                f.loc, f'fiche "{f.id}" has {len(f.questions)} questions: expected exactly 5 questions to ask yourself'
            )
    for r in kit.resources:
        for url in (r.url, r.short_url):
            if url and url.lower().startswith("http:") and not r.plain_http:
                diag.warning(
                    r.loc,
                    f'resource "{r.id}": plain http:// address {url[:60]}: expected https://, '
                    "or set `plain_http: true` if the site has no https",
                )
    if kit.quiz and not kit.quiz.scale:
        diag.error(kit.quiz.loc, "quiz: the answer scale is empty: expected at least two answers")
    types = {c.type for c in kit.cards}
    for d in kit.header.decks:
        if d.type and (d.cards != "cards" or (d.type not in types and "cards" not in unread)):
            diag.error(
                d.loc,
                f'deck "{d.id}": type "{d.type}" filters generic cards, expected `cards: cards` and one of '
                f"the cards' types ({', '.join(sorted(t for t in types if t)) or 'none'})"
                + did_you_mean(d.type, [t for t in types if t]),
            )
    if kit.method:
        for p in kit.method.phases:
            for key in ("cards", "reveal"):
                for kind in getattr(p, key):
                    if kind not in PHASE_CARDS:
                        diag.error(
                            p.loc,
                            f'phase "{p.id}": {key}: "{kind}" is not a kind of a scenario\'s cards: expected one '
                            f"of {', '.join(PHASE_CARDS)}" + did_you_mean(kind, PHASE_CARDS),
                        )
    present = {k for k in COLLECTIONS if getattr(kit, k)}
    for d in kit.header.decks:
        if not 1 <= d.copies <= MAX_COPIES:
            diag.error(d.loc, f'deck "{d.id}": copies: {d.copies}: expected a whole number from 1 to {MAX_COPIES}')
        if not 0 <= d.blanks <= MAX_COPIES:
            diag.error(d.loc, f'deck "{d.id}": blanks: {d.blanks}: expected a whole number from 0 to {MAX_COPIES}')
        source = {"stages": "scenarios", "phases": "method", "materials": "method", "cases": "fiches"}.get(
            d.cards, d.cards
        )
        if source not in present and source not in unread:
            diag.warning(d.loc, f'deck "{d.id}" prints {d.cards} but the kit has no {source}: the deck will be empty')
