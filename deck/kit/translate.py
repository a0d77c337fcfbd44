"""Translating a kit: every translatable text with its context (item id + field), its place in the source and a
hash of it; catalogues (gettext PO, XLIFF 1.2) written, merged like msgmerge and read back; a kit in another
language made from one, with every stale or missing translation reported.

A text's context (msgctxt in PO, the trans-unit id in XLIFF) names where it stands in the kit, not where it is
written: `actors:drh.role`, `stages:s1-e2.questions.3`, `fiches:charge.case.text`, `kit.title`,
`decks:acteurs.back`. It stays the same when a file is split or an item moves, so a translation follows its text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deck.errors import DeckError, Diagnostics, Loc, display_path
from deck.kit.model import COLLECTIONS, Kit, KitHeader, Nested, NestedList, Str, Text, Texts, format_fields
from deck.kit.yamlio import YList, YMap

# fields that hold a text but no words to translate
_NOT_WORDS = {
    ("KitHeader", "version"),
    ("Card", "number"),
    ("DeckSpec", "type"),
    ("Phase", "cards"),  # kinds of cards (stages, actors…), not words
    ("Phase", "reveal"),
}
# the collections of a kit, in the order a translator reads them (the header first)
_FIRST = ("resources", "actors", "events", "object_themes", "objects", "modalities", "scenarios", "method")
_ORDER: tuple[str, ...] = _FIRST + tuple(k for k in COLLECTIONS if k not in _FIRST)

HASH_NOTE = "source-hash: "


def source_hash(text: str) -> str:
    """The hash of a source text, as a catalogue keeps it (12 hex digits of its SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Unit:
    """One translatable text of a kit."""

    ctxt: str  # collection:id.field[.n]
    text: str
    item: str  # the item as messages name it: actor "drh"
    field: str  # role, questions.3, start.card
    loc: Loc  # where the text is written

    @property
    def hash(self) -> str:
        return source_hash(self.text)


def _words(cls: type, name: str, kind) -> bool:
    return isinstance(kind, (Str, Text, Texts)) and (cls.__name__, name) not in _NOT_WORDS


def _raw_item(raw, ident: str):
    if isinstance(raw, YList):
        for i, x in enumerate(raw):
            if isinstance(x, YMap) and str(x.get("id")) == ident:
                return x, raw.locs[i] if i < len(raw.locs) else None
    return None, None


def _walk(obj, ctxt: str, item: str, raw, fallback: Loc, field_prefix: str = "") -> Iterator[Unit]:
    """The units of one model object (`raw`: its located YAML mapping, when known)."""
    cls = type(obj)
    raw = raw if isinstance(raw, YMap) else None
    here = getattr(obj, "loc", None) or fallback
    here = here if here.path else fallback
    for f in format_fields(cls):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if value is None or value == () or value == "":
            continue
        sub = raw.get(f.name) if raw is not None else None
        vloc = raw.value_locs.get(f.name, here) if raw is not None else here
        name = field_prefix + f.name
        if _words(cls, f.name, f.kind) and isinstance(value, str):
            yield Unit(f"{ctxt}.{f.name}", value, item, name, vloc)
        elif _words(cls, f.name, f.kind) and isinstance(value, tuple):
            locs = sub.locs if isinstance(sub, YList) else []
            for i, text in enumerate(value):
                yield Unit(
                    f"{ctxt}.{f.name}.{i + 1}", text, item, f"{name}.{i + 1}", locs[i] if i < len(locs) else vloc
                )
        elif isinstance(f.kind, Nested):
            yield from _walk(value, f"{ctxt}.{f.name}", item, sub, vloc, name + ".")
        elif isinstance(f.kind, NestedList):
            for i, x in enumerate(value):
                ident = getattr(x, "id", None)
                if ident is not None:  # ids of nested items (stages, phases, quiz themes, decks) are the kit's
                    rx, rloc = _raw_item(sub, ident)
                    yield from _walk(x, f"{f.name}:{ident}", f'{_singular(f.name)} "{ident}"', rx, rloc or vloc)
                else:
                    rx = sub[i] if isinstance(sub, YList) and i < len(sub) else None
                    rloc = sub.locs[i] if isinstance(sub, YList) and i < len(sub.locs) else vloc
                    yield from _walk(x, f"{ctxt}.{f.name}.{i + 1}", item, rx, rloc, f"{name}.{i + 1}.")


def _singular(collection: str) -> str:
    return {"modalities": "modality", "object_themes": "object theme", "quiz": "quiz", "themes": "quiz theme"}.get(
        collection, collection[:-1] if collection.endswith("s") else collection
    )


def units(kit: Kit, raw: dict | None = None) -> list[Unit]:
    """Every translatable text of the kit, in reading order (`raw`: the located YAML, for the texts' places)."""
    raw = raw or {}
    out = list(_walk(kit.header, "kit", "kit", raw.get("kit"), kit.header.loc))
    for key in _ORDER:
        value = getattr(kit, key)
        if isinstance(value, tuple):
            for x in value:
                rx, rloc = _raw_item(raw.get(key), x.id)
                out += _walk(x, f"{key}:{x.id}", f'{_singular(key)} "{x.id}"', rx, rloc or x.loc)
        elif value is not None:
            out += _walk(value, key, key, raw.get(key), value.loc)
    seen: set[str] = set()
    unique = []
    for u in out:  # an id given twice is reported by the validator: its first text is the one kept
        if u.ctxt not in seen:
            seen.add(u.ctxt)
            unique.append(u)
    return unique


# -- applying a translation ------------------------------------------------------------------------------------------
def _replace(obj, ctxt: str, tr: Callable[[str, str], str]):
    cls = type(obj)
    changes: dict[str, Any] = {}
    for f in format_fields(cls):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if value is None or value == () or value == "":
            continue
        if _words(cls, f.name, f.kind) and isinstance(value, str):
            changes[f.name] = tr(f"{ctxt}.{f.name}", value)
        elif _words(cls, f.name, f.kind) and isinstance(value, tuple):
            changes[f.name] = tuple(tr(f"{ctxt}.{f.name}.{i + 1}", t) for i, t in enumerate(value))
        elif isinstance(f.kind, Nested):
            changes[f.name] = _replace(value, f"{ctxt}.{f.name}", tr)
        elif isinstance(f.kind, NestedList):
            changes[f.name] = tuple(
                _replace(x, f"{f.name}:{x.id}", tr)
                if getattr(x, "id", None) is not None
                else _replace(x, f"{ctxt}.{f.name}.{i + 1}", tr)
                for i, x in enumerate(value)
            )
    return dataclasses.replace(obj, **changes)


def apply(kit: Kit, language: str, tr: Callable[[str, str], str]) -> Kit:
    """The kit with each text given by `tr(context, source text)`, its language `language`."""
    header: KitHeader = _replace(kit.header, "kit", tr)
    types = {c.type: tr(f"cards:{c.id}.type", c.type) for c in kit.cards if c.type}  # decks filter by it
    decks = tuple(dataclasses.replace(d, type=types.get(d.type, d.type)) if d.type else d for d in header.decks)
    header = dataclasses.replace(header, language=language, content_language=None, decks=decks, labels=None)
    changes: dict[str, Any] = {"header": header}
    for key in COLLECTIONS:
        value = getattr(kit, key)
        if isinstance(value, tuple):
            changes[key] = tuple(_replace(x, f"{key}:{x.id}", tr) for x in value)
        elif value is not None:
            changes[key] = _replace(value, key, tr)
    return dataclasses.replace(kit, **changes)


# -- catalogues ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """A translation as a catalogue holds it."""

    source: str  # the source text it was made from (msgid)
    target: str  # "" when not translated yet
    fuzzy: bool  # marked for review (its source changed since, or the translator was unsure)
    hash: str  # the source hash written at export ("" when the tool that saved it dropped it)
    loc: Loc  # where it is in the catalogue


def plural_forms(language: str) -> str:
    """The Plural-Forms header of a language (gettext's rules)."""
    base = language.lower().split("-")[0].split("_")[0]
    if base in ("fr", "pt"):
        return "nplurals=2; plural=(n > 1);"
    if base == "ar":
        return "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    if base in ("ja", "zh", "ko", "vi", "th", "id"):
        return "nplurals=1; plural=0;"
    return "nplurals=2; plural=(n != 1);"


def _note(u: Unit) -> str:
    return f"{u.item}, {u.field}"


def _occurrence(u: Unit, root: Path) -> tuple[str, str]:
    path = u.loc.path
    try:
        rel = os.path.relpath(Path(path).resolve(), root.resolve())
    except ValueError:
        rel = path
    return rel.replace(os.sep, "/"), str(u.loc.line or "")


def read_catalogue(path: Path) -> dict[str, Entry]:
    """Context -> entry of a PO or XLIFF file (obsolete entries left out). Raises DeckError on a file that is
    neither."""
    shown = display_path(path)
    if path.suffix.lower() in (".xlf", ".xliff"):
        return _read_xliff(path, shown)
    import polib

    try:
        damage = _po_damage(path.read_bytes().decode("utf-8", "replace"))
        if damage is not None:  # polib would read it leniently: some texts lost without a word
            line, col, what = damage
            raise DeckError(f"damaged PO file: {what}", Loc(shown, line, col))
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        said = re.search(r"\(line (\d+)\)", str(e))
        at = Loc(shown, int(said.group(1)), 1) if said else Loc(shown)
        raise DeckError(f"not a readable PO file: {str(e)[:120]}", at) from None
    out: dict[str, Entry] = {}
    for po_entry in po:
        if po_entry.obsolete or not po_entry.msgctxt:
            continue
        comments = po_entry.comment.splitlines()
        h = next((c[len(HASH_NOTE) :].strip() for c in comments if c.startswith(HASH_NOTE)), "")
        out[po_entry.msgctxt] = Entry(
            po_entry.msgid,
            po_entry.msgstr,
            po_entry.fuzzy,
            h,
            Loc(shown, po_entry.linenum or 0, 1 if po_entry.linenum else 0),
        )
    return out


_PO_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+")


def _po_damage(text: str) -> tuple[int, int, str] | None:
    """(line, column, what is wrong) of the first damage in a PO file, which polib may read leniently: a
    string not closed, something after a string, an entry cut short (a msgid with no msgstr, as in a
    truncated file). None when every line is a comment, a keyword with its string, or a string."""
    pending, with_msgid = 0, False  # the first line of an entry whose msgstr is still to come
    for n, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        body = line.lstrip()
        if not body.strip() or body.startswith("#"):
            continue
        keyword = _PO_KEYWORD.match(body)
        word = keyword.group(1) if keyword else ""
        if word.startswith("msgstr"):
            pending, with_msgid = 0, False
        elif word == "msgctxt" or (word == "msgid" and with_msgid):
            if pending:
                return pending, 1, "this entry has no msgstr: expected one before the next entry"
            pending, with_msgid = n, word == "msgid"
        elif word == "msgid":
            pending, with_msgid = pending or n, True
        first = at = keyword.end() if keyword else 0
        while True:
            col = len(line) - len(body) + at + 1
            if not body.startswith('"', at) and at > first:
                return n, col, "something after the string: expected the end of the line"
            if not body.startswith('"', at):
                return n, col, 'expected a keyword (msgid, msgstr, msgctxt) and its "string", a "string" or a # comment'
            end = _string_end(body, at)
            if end is None:
                return n, col, 'a string that is not closed: expected a " at the end of the line'
            rest = body[end + 1 :]
            if not rest.strip():
                break
            at = end + 1 + len(rest) - len(rest.lstrip())
    if pending:
        return pending, 1, "the file ends inside this entry (no msgstr): a truncated file?"
    return None


def _string_end(body: str, start: int) -> int | None:
    """The index of the quote closing the string that opens at body[start], or None."""
    i = start + 1
    while i < len(body):
        if body[i] == "\\":
            i += 2
        elif body[i] == '"':
            return i
        else:
            i += 1
    return None


def _xliff_ns(tag: str) -> str:
    return tag.split("}", 1)[1] if "}" in tag else tag


def _read_xliff(path: Path, shown: str) -> dict[str, Entry]:
    import xml.etree.ElementTree as ET

    try:
        tree = ET.parse(path)
    except (ET.ParseError, OSError) as e:
        raise DeckError(f"not a readable XLIFF file: {str(e)[:120]}", Loc(shown)) from None
    out: dict[str, Entry] = {}
    for unit in tree.iter():
        if _xliff_ns(unit.tag) != "trans-unit" or unit.get("translate") == "no":  # deck's obsolete units
            continue
        ident = unit.get("id") or ""
        source = target = ""
        fuzzy, h = False, ""
        for child in unit:
            tag = _xliff_ns(child.tag)
            if tag == "source":
                source = "".join(child.itertext())
            elif tag == "target":
                target = "".join(child.itertext())
                fuzzy = child.get("state", "") in ("needs-review-translation", "needs-translation", "new")
            elif tag == "note" and (child.text or "").startswith(HASH_NOTE):
                h = (child.text or "")[len(HASH_NOTE) :].strip()
        out[ident] = Entry(source, target, fuzzy, h, Loc(shown))
    return out


def export(kit: Kit, raw: dict | None, language: str, out: Path, root: Path) -> tuple[bytes, dict[str, int]]:
    """The catalogue of `kit` for `language`, merged into `out` when it exists: (its bytes, counts of entries
    new, changed (now fuzzy), kept, obsolete)."""
    found = units(kit, raw)
    old = read_catalogue(out) if out.exists() else {}
    if out.suffix.lower() in (".xlf", ".xliff"):
        return _export_xliff(kit, found, old, language, out, root)
    return _export_po(kit, found, language, out, root)


def _counts(found: list[Unit], old: dict[str, Entry]) -> dict[str, int]:
    ctx = {u.ctxt for u in found}
    counts = {"new": 0, "changed": 0, "kept": 0, "obsolete": sum(1 for k in old if k not in ctx)}
    for u in found:
        e = old.get(u.ctxt)
        counts["new" if e is None else "changed" if e.source != u.text else "kept"] += 1
    return counts


def _export_po(kit: Kit, found: list[Unit], language: str, out: Path, root: Path):
    import polib

    previous = polib.pofile(str(out), wrapwidth=0) if out.exists() else None
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{kit.id} {kit.header.version}",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
        "X-Source-Language": kit.header.text_language,
        "X-Generator": "deck translate export",
    }
    old: dict[str, Any] = {}
    if previous is not None:
        po.metadata.update({k: v for k, v in previous.metadata.items() if k not in ("Project-Id-Version",)})
        po.metadata["Project-Id-Version"] = f"{kit.id} {kit.header.version}"
        po.header = previous.header
        old = {e.msgctxt: e for e in previous if e.msgctxt}
    ctx = set()
    counts = {"new": 0, "changed": 0, "kept": 0, "obsolete": 0}
    for u in found:
        ctx.add(u.ctxt)
        entry = polib.POEntry(
            msgctxt=u.ctxt,
            msgid=u.text,
            msgstr="",
            comment=f"{_note(u)}\n{HASH_NOTE}{u.hash}",
            occurrences=[_occurrence(u, root)],
        )
        prev = old.get(u.ctxt)
        if prev is None:
            counts["new"] += 1
        else:
            entry.msgstr = prev.msgstr
            entry.tcomment = prev.tcomment
            entry.flags = [f for f in prev.flags if f != "fuzzy"]
            if prev.msgid != u.text and not prev.obsolete:
                counts["changed"] += 1
                if prev.msgstr:
                    entry.flags.append("fuzzy")
                entry.previous_msgid = prev.previous_msgid if prev.fuzzy and prev.previous_msgid else prev.msgid
            elif prev.obsolete:
                counts["new"] += 1
                if prev.msgstr:
                    entry.flags.append("fuzzy")
            else:
                counts["kept"] += 1
                if prev.fuzzy:
                    entry.flags.append("fuzzy")
                    entry.previous_msgid = prev.previous_msgid
        po.append(entry)
    for prev in previous or ():
        if prev.msgctxt and prev.msgctxt not in ctx and prev.msgstr:
            prev.obsolete = True
            counts["obsolete"] += 1
            po.append(prev)
    text = str(po)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8"), counts


def _export_xliff(kit: Kit, found: list[Unit], old: dict[str, Entry], language: str, out: Path, root: Path):
    import xml.etree.ElementTree as ET

    ns = "urn:oasis:names:tc:xliff:document:1.2"
    ET.register_namespace("", ns)
    q = lambda t: f"{{{ns}}}{t}"  # noqa: E731
    xliff = ET.Element(q("xliff"), version="1.2")
    file = ET.SubElement(
        xliff,
        q("file"),
        {
            "original": f"{kit.id}",
            "source-language": kit.header.text_language,
            "target-language": language,
            "datatype": "plaintext",
            "product-name": "deck",
            "product-version": kit.header.version,
        },
    )
    body = ET.SubElement(file, q("body"))
    counts = _counts(found, old)
    for u in found:
        prev = old.get(u.ctxt)
        tu = ET.SubElement(body, q("trans-unit"), id=u.ctxt, resname=u.ctxt)
        tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ET.SubElement(tu, q("source")).text = u.text
        if prev is not None and prev.target:
            stale = prev.fuzzy or prev.source != u.text
            target = ET.SubElement(tu, q("target"))
            target.text = prev.target
            target.set("state", "needs-review-translation" if stale else "translated")
        ET.SubElement(tu, q("note"), {"from": "deck"}).text = _note(u)
        ET.SubElement(tu, q("note"), {"from": "deck"}).text = f"{HASH_NOTE}{u.hash}"
        file_, line = _occurrence(u, root)
        ET.SubElement(tu, q("note"), {"from": "location"}).text = f"{file_}:{line}"
    ctx = {u.ctxt for u in found}
    for key, prev in old.items():  # removed from the kit: kept, marked obsolete, for the translator's memory
        if key not in ctx and prev.target:
            tu = ET.SubElement(body, q("trans-unit"), id=key, translate="no")
            ET.SubElement(tu, q("source")).text = prev.source
            ET.SubElement(tu, q("target"), state="final").text = prev.target
            ET.SubElement(tu, q("note"), {"from": "deck"}).text = "obsolete: no longer in the kit"
    ET.indent(xliff)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(xliff, encoding="unicode").encode("utf-8") + b"\n"
    return data, counts


# -- a kit in another language ---------------------------------------------------------------------------------------
def base_language(code: str) -> str:
    return code.lower().replace("_", "-").split("-")[0]


def catalogue_for(kit: Kit, language: str) -> tuple[str, Path, Loc] | None:
    """(the language key, the catalogue's path, where kit.yaml names it) of the kit's translation into
    `language` (pt-BR falls back to pt), or None."""
    given = kit.header.translations or {}
    locs = kit.header.translation_locs
    for key in (language, base_language(language)):
        for k, v in given.items():
            if k.lower() == key.lower():
                loc = locs.get(k, kit.header.loc)
                base = Path(loc.path).parent if loc.path else Path(kit.root)
                return k, base / v, loc
    return None


@dataclass
class Translated:
    """A kit's edition in another language, and what its catalogue lacked."""

    kit: Kit
    language: str
    stale: list[tuple[Unit, Entry]]
    missing: list[Unit]
    source: str = ""  # the language it was translated from
    count: int = 0  # translatable texts of the kit


def translate(kit: Kit, raw: dict | None, language: str, diag: Diagnostics, root: Path) -> Translated | None:
    """The kit in `language` from its declared catalogue; every stale and missing text reported (warnings).
    None (an error said why) when the kit has no catalogue for it."""
    found = catalogue_for(kit, language)
    if found is None:
        declared = ", ".join(sorted(kit.header.translations or {})) or "none"
        diag.error(
            kit.header.loc,
            f'--language {language}: the kit has no translation into "{language}" (translations: {declared}); '
            f"expected its source language {kit.header.text_language} or one of its translations: "
            f"add `translations: {{{language}: translations/{language}.po}}` to kit.yaml "
            f"(deck translate export --to {language} -o translations/{language}.po writes the file to fill in)",
        )
        return None
    key, path, loc = found
    shown = display_path(path)
    real_root = Path(loc.path).parent if loc.path else root
    try:
        path.resolve().relative_to(real_root.resolve())
    except ValueError:
        diag.error(loc, f'translations.{key}: "{shown}" lies outside the kit directory: expected a file inside it')
        return None
    if not path.is_file():
        diag.error(loc, f'translations.{key}: no file "{shown}": expected a .po or .xlf file')
        return None
    try:
        entries = read_catalogue(path)
    except DeckError as e:
        diag.extend(e.diagnostics)
        return None
    if key.lower() != language.lower():
        diag.warning(loc, f'--language {language}: no "{language}" translation, the "{key}" one ({shown}) is used')
    stale: list[tuple[Unit, Entry]] = []
    missing: list[Unit] = []
    found_units = {u.ctxt: u for u in units(kit, raw)}
    said: set[str] = set()  # the texts already found missing or stale (some are read more than once)

    def tr(ctxt: str, text: str) -> str:
        entry = entries.get(ctxt)
        u = found_units.get(ctxt)
        if entry is None or not entry.target.strip():
            if u is not None and ctxt not in said:  # a text read twice is missing once
                said.add(ctxt)
                missing.append(u)
            return text
        problem = _target_problem(entry.target, text)
        if problem:
            where = entry.loc if entry.loc.line else Loc(entry.loc.path)
            diag.error(where, f"{ctxt}: {problem}; the {kit.header.text_language} text is printed instead")
            return text
        changed = entry.source != text or (entry.hash and entry.hash != source_hash(text))
        if u is not None and (entry.fuzzy or changed) and ctxt not in said:
            said.add(ctxt)
            stale.append((u, entry))
        return _same_ends(text, entry.target)

    translated = apply(kit, language, tr)
    src = kit.header.text_language
    for u, old in stale:
        why = (
            "marked fuzzy" if old.fuzzy and old.source == u.text else f"the {src} text changed since it was translated"
        )
        diag.warning(
            u.loc,
            f"{u.item}, {u.field}: stale {language} translation ({why}; {_where(old, u)}): printed as it is, "
            "review it and clear its fuzzy mark",
        )
    for u in missing:
        diag.warning(
            u.loc,
            f"{u.item}, {u.field}: no {language} translation in {shown}: printed in {src}, as written "
            f"(deck translate export --to {language} -o {shown} adds it to fill in)",
        )
    return Translated(translated, language, stale, missing, src, len(found_units))


def _where(entry: Entry, u: Unit) -> str:
    """Where a translation is: its PO line, or its XLIFF file and unit id."""
    return entry.loc.short() if entry.loc.line else f"{entry.loc.path}, unit {u.ctxt}"


def _target_problem(target: str, source: str) -> str | None:
    """What is wrong with a translation, as the validator would say it of a kit's own text (None: nothing)."""
    from deck.kit.validate import BAD_CHAR_RE, MAX_TEXT

    if len(target) > MAX_TEXT:
        return f"translation of {len(target)} characters, expected at most {MAX_TEXT}"
    bad = BAD_CHAR_RE.search(target.replace("\n", " "))
    if bad:
        return f"unprintable character U+{ord(bad.group()):04X} in the translation: remove it"
    if "\n" in target.strip() and "\n" not in source.strip():
        return "the translation has a line break where its source has none: expected one line"
    return None


def _same_ends(source: str, target: str) -> str:
    """A translation with the line breaks that begin and end its source (a folded YAML text ends with one)."""
    lead = re.match(r"\s*", source).group()  # type: ignore[union-attr]
    trail = re.search(r"\s*$", source).group()  # type: ignore[union-attr]
    return lead + target.strip() + trail
