"""Find a kit, read its files and validate them into a `Kit` with every problem collected."""

from __future__ import annotations

import os
from pathlib import Path

from deck import bundled
from deck.diagnostics import DeckError, Diagnostics, Loc, did_you_mean, display_path
from deck.model import COLLECTIONS, Kit, KitHeader
from deck.validate import Validator
from deck.yamlio import YList, YMap, collect, load_file


def resolve_kit(arg: str | None) -> Path:
    """A kit directory, a kit.yaml path or a bundled kit id -> the kit directory."""
    if arg is None:
        arg = bundled.DEFAULT_KIT
    path = Path(arg)
    if path.is_file() and path.name.endswith((".yaml", ".yml")):
        return path.parent
    if path.is_dir():
        if (path / "kit.yaml").is_file():
            return path
        raise DeckError(f"no kit.yaml in this directory: expected a kit directory", Loc(display_path(path)))
    kits = bundled.bundled_kits()
    if arg in kits:
        return kits[arg]
    raise DeckError(
        f'no kit "{arg}": expected a kit directory, a kit.yaml or one of the bundled kits '
        f'({", ".join(kits) or "none"})' + did_you_mean(arg, kits),
        Loc(str(arg)),
    )


def _inside(root: Path, name: str) -> Path | None:
    candidate = (root / name)
    try:
        real = candidate.resolve()
        real.relative_to(root.resolve())
    except (ValueError, OSError):
        return None
    return candidate


def load_kit(kit_dir: Path) -> tuple[Kit | None, Diagnostics]:
    """Read and validate the whole kit. Returns (kit or None, every problem found)."""
    diag = Diagnostics()
    v = Validator(diag)
    shown_root = display_path(kit_dir)
    kit_yaml = kit_dir / "kit.yaml"
    shown = os.path.join(shown_root, "kit.yaml")
    data, problems = collect(load_file, kit_yaml, shown)
    diag.extend(problems)
    if problems.items:
        return None, diag
    if data is None:
        diag.error(Loc(shown, 1, 1), "the file is empty: expected a mapping with id, title, language and version")
        return None, diag
    if not isinstance(data, YMap):
        diag.error(Loc(shown, 1, 1), f"expected a mapping (key: value lines) at the top of kit.yaml")
        return None, diag
    header = v.obj(KitHeader, data, data.loc, "kit.yaml")
    if header is not None and header.format != 1:
        diag.error(data.value_locs["format"], f"kit format {header.format}: this deck reads format 1")

    # Content files.
    if header is not None and header.files:
        names = list(header.files)
        locs = list(data["files"].locs) if isinstance(data.get("files"), YList) else [data.loc] * len(names)
    else:
        names = sorted(p.name for p in kit_dir.glob("*.yaml") if p.name != "kit.yaml")
        locs = [None] * len(names)
    collected: dict[str, list] = {k: [] for k in COLLECTIONS}
    singles: dict[str, object] = {}
    for name, floc in zip(names, locs):
        path = _inside(kit_dir, name)
        if path is None:
            diag.error(floc or Loc(shown), f'content file "{name}" lies outside the kit directory: expected a file inside it')
            continue
        fshown = os.path.join(shown_root, name)
        if not path.is_file():
            diag.error(floc or Loc(shown), f'content file "{name}" not found' + did_you_mean(name, [p.name for p in kit_dir.glob("*.yaml")]))
            continue
        content, problems = collect(load_file, path, fshown)
        diag.extend(problems)
        if problems.items or content is None:
            if not problems.items:
                diag.warning(Loc(fshown, 1, 1), "the file is empty")
            continue
        if not isinstance(content, YMap):
            diag.error(Loc(fshown, 1, 1), f"expected a mapping of collections ({', '.join(COLLECTIONS)}) at the top of the file")
            continue
        for key, value in content.items():
            kloc, vloc = content.key_locs[key], content.value_locs[key]
            if key.startswith("x-"):
                continue
            if key not in COLLECTIONS:
                diag.error(kloc, f'unknown collection "{key}": expected one of {", ".join(COLLECTIONS)}' + did_you_mean(key, COLLECTIONS))
                continue
            cls, many = COLLECTIONS[key]
            if many:
                collected[key].extend(v.value(("list", cls), value, vloc, key))
            elif key in singles:
                diag.error(kloc, f'a second "{key}": expected one {key} per kit (first at {singles[key].loc.path}:{singles[key].loc.line})')
            else:
                obj = v.obj(cls, value, vloc, key)
                if obj is not None:
                    singles[key] = obj

    kit = Kit(
        header=header,
        root=str(kit_dir),
        method=singles.get("method"),
        theme_loc=data.value_locs.get("theme", data.loc),
        quiz=singles.get("quiz"),
        **{k: tuple(items) for k, items in collected.items() if COLLECTIONS[k][1]},
    ) if header is not None else None
    _register_ids(v, collected, singles, header)
    v.check_refs()
    if kit is not None:
        _semantic_checks(kit, diag)
    return (kit if not diag.errors else None), diag


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


def _semantic_checks(kit: Kit, diag: Diagnostics) -> None:
    for f in kit.fiches:
        if len(f.questions) != 5:
            diag.error(f.loc, f'fiche "{f.id}" has {len(f.questions)} questions: expected exactly 5 « questions à se poser »')
    for r in kit.resources:
        for url in (r.url, r.short_url):
            if url and url.lower().startswith("http:") and not r.plain_http:
                diag.warning(r.loc, f'resource "{r.id}": plain http:// address {url[:60]}: expected https://, '
                             "or set `plain_http: true` if the site has no https")
    if kit.quiz and not kit.quiz.scale:
        diag.error(kit.quiz.loc, "quiz: the answer scale is empty: expected at least two answers")
    present = {k for k in COLLECTIONS if getattr(kit, k)}
    for d in kit.header.decks:
        source = {"stages": "scenarios", "phases": "method", "materials": "method", "cases": "fiches"}.get(d.cards, d.cards)
        if source not in present:
            diag.warning(d.loc, f'deck "{d.id}" prints {d.cards} but the kit has no {source}: the deck will be empty')
