"""Located YAML values -> typed model, collecting every problem instead of stopping at the first."""

from __future__ import annotations

import re
from typing import Any

from deck.errors import Diagnostics, Loc, did_you_mean
from deck.kit.model import (
    Bool,
    Choice,
    Id,
    Int,
    Kind,
    Lang,
    Nested,
    NestedList,
    Ref,
    Refs,
    Remove,
    Size,
    Str,
    Text,
    Texts,
    ThemeSpec,
    Url,
    Words,
    format_fields,
)
from deck.kit.yamlio import YList, YMap, _Raw

MAX_ID = 64  # characters: an id becomes part of file names (a name has at most 255 bytes)
ID_RE = re.compile(rf"^[a-z0-9][a-z0-9._-]{{0,{MAX_ID - 1}}}$")  # matched whole (fullmatch): no newline at its end
LANG_RE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
MAX_TEXT = 20_000
# control characters (an escaped "\x07" or "\0" in a quoted YAML string) and lone surrogates print nothing
BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (YMap, dict)):
        return "a mapping"
    if isinstance(value, (YList, list)):
        return "a list"
    if isinstance(value, _Raw):
        v = value.value
        if isinstance(v, bool):
            return f"{str(value)!r} (true/false)"
        if isinstance(v, (int, float)):
            return f"the number {value}"
        return f"{str(value)!r}"
    text = str(value)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def kind_name(kind: Kind | type) -> str:
    """What a value of this kind is, as messages and schema descriptions say it."""
    match kind:
        case Id():
            return f"an id (lower-case letters, digits, '-', '_' or '.'; at most {MAX_ID})"
        case Str() | Text():
            return "a text"
        case Int():
            return "a whole number"
        case Bool():
            return "true or false"
        case Url():
            return "an http(s) address"
        case Texts():
            return "a list of texts"
        case Size():
            return "a card size (poker, tarot, … or WxH in mm)"
        case Lang():
            return "a language code such as fr or en"
        case ThemeSpec():
            return "a theme name or a mapping"
        case Remove():
            return "a mapping of collections to lists of ids"
        case Words():
            return "a mapping of names to texts"
        case Ref(collection=collection):
            return f"the id of one of the {collection}"
        case Refs(collection=collection):
            return f"a list of ids of {collection}"
        case Choice(options=options):
            return "one of " + ", ".join(options)
        case NestedList(cls=cls):
            return f"a list of {cls.__name__.lower()} mappings"
        case Nested(cls=cls):
            return f"a {cls.__name__.lower()} mapping"
        case type():
            return f"a {kind.__name__.lower()} mapping"
    raise AssertionError(kind)


# languages by their names, as a trainer may write them: the code they mean
LANGUAGE_NAMES = {
    "english": "en",
    "anglais": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "german": "de",
    "deutsch": "de",
    "allemand": "de",
    "spanish": "es",
    "español": "es",
    "espagnol": "es",
    "italian": "it",
    "italiano": "it",
    "italien": "it",
    "portuguese": "pt",
    "português": "pt",
    "portugais": "pt",
    "dutch": "nl",
    "nederlands": "nl",
    "néerlandais": "nl",
    "catalan": "ca",
    "català": "ca",
    "breton": "br",
    "brezhoneg": "br",
}


def _language_hint(text: str) -> str:
    """' (did you mean "en"?)' for a language written by its name ("english", "Français")."""
    word = text.strip().lower()
    if word in LANGUAGE_NAMES:
        return f' (did you mean "{LANGUAGE_NAMES[word]}"?)'
    close = did_you_mean(word, LANGUAGE_NAMES)
    if close:
        return f' (did you mean "{LANGUAGE_NAMES[close.split(chr(34))[1]]}"?)'
    return ""


_SINGULAR = {"object_themes": "object theme", "modalities": "modality", "stages": "stage", "decks": "deck"}


def _item_name(what: str, i: int, item) -> str:
    """An item of a list as messages name it: by its id when it has one (`actor "cse"`: in a kit that
    extends another, its place in the merged list means nothing to the trainer), else by its position."""
    ident = item.get("id") if isinstance(item, YMap) else None
    if isinstance(ident, str) and ID_RE.fullmatch(ident):
        return f'{_SINGULAR.get(what, what[:-1] if what.endswith("s") else what)} "{ident}"'
    return f"{what}[{i + 1}]"


def _source(collection: str) -> str:
    """The collection of a content file that defines the ids of `collection`."""
    return {"stages": "scenarios", "materials": "method", "phases": "method", "quiz themes": "quiz"}.get(
        collection, collection
    )


class Validator:
    """Builds model objects from located YAML values; every problem goes to `diag`."""

    def __init__(self, diag: Diagnostics):
        self.diag = diag
        self.refs: list[tuple[str, str, Loc]] = []
        self.ids: dict[str, dict[str, Loc]] = {}
        self.broken: set[str] = set()  # ids of items dropped for other problems: no cascade of refs
        self.removed: dict[str, set] = {}  # ids an overlay removed: references to them are dropped
        self.unread: set[str] = set()  # collections of a file that could not be read: their ids are not known

    # -- scalars -------------------------------------------------------------------------------
    def _text(self, value, loc: Loc, what: str):
        if value is None or isinstance(value, (YMap, YList)):
            self.diag.error(loc, f"{what}: expected a text, found {describe(value)}")
            return None
        text = str(value)
        if len(text) > MAX_TEXT:
            self.diag.error(
                loc, f"{what}: text of {len(text)} characters, expected at most {MAX_TEXT} (a card holds a few hundred)"
            )
            return None
        bad = BAD_CHAR_RE.search(text)
        if bad:
            self.diag.error(
                loc,
                f"{what}: unprintable character U+{ord(bad.group()):04X} in the text "
                f"(after {text[: bad.start()][-20:]!r}): remove it",
            )
            return None
        return text

    def scalar(self, kind: Kind, value: Any, loc: Loc, what: str) -> Any:
        if isinstance(kind, (Str, Text)):
            text = self._text(value, loc, what)
            if text is not None and not text.strip():
                self.diag.error(loc, f"{what}: the text is empty")
                return None
            return text
        if isinstance(kind, (Id, Ref)):  # a reference is written as the id it names
            if isinstance(value, _Raw) and isinstance(value.value, int) and not isinstance(value.value, bool):
                value = str(value)
            if not isinstance(value, str) or isinstance(value, _Raw) or not ID_RE.fullmatch(value):
                self.diag.error(loc, f"{what}: expected {kind_name(Id())}, found {describe(value)}")
                return None
            return str(value)
        if isinstance(kind, Int):
            v = value.value if isinstance(value, _Raw) else None
            if not isinstance(v, int) or isinstance(v, bool):
                self.diag.error(loc, f"{what}: expected a whole number, found {describe(value)}")
                return None
            return v
        if isinstance(kind, Bool):
            v = value.value if isinstance(value, _Raw) else None
            if not isinstance(v, bool):
                self.diag.error(loc, f"{what}: expected true or false, found {describe(value)}")
                return None
            return v
        if isinstance(kind, Url):
            text = self._text(value, loc, what)
            return None if text is None else self.url(text.strip(), loc, what)
        if isinstance(kind, Lang):
            text = self._text(value, loc, what)
            if text is not None and not LANG_RE.match(text):
                self.diag.error(
                    loc,
                    f"{what}: expected a language code such as fr or en, found {describe(value)}"
                    + _language_hint(text),
                )
                return None
            return text
        if isinstance(kind, Size):  # parsed once, here: the model holds points
            from deck.units import card_size

            text = self._text(value, loc, what)
            if text is None:
                return None
            try:
                return card_size(text)
            except ValueError as e:
                self.diag.error(loc, f"{what}: {e}")
                return None
        if isinstance(kind, Remove):
            if isinstance(value, YMap):
                return value
            self.diag.error(loc, f"{what}: expected {kind_name(kind)}, found {describe(value)}")
            return None
        if isinstance(kind, Words):
            if not isinstance(value, YMap):
                self.diag.error(loc, f"{what}: expected {kind_name(kind)}, found {describe(value)}")
                return None
            for k, v in value.items():
                if not isinstance(v, str) or isinstance(v, _Raw):
                    where = value.value_locs.get(k, loc)
                    self.diag.error(where, f"{what}.{k}: expected a text, found {describe(v)}")
                    return None
            return value
        if isinstance(kind, ThemeSpec):
            if isinstance(value, (YMap, str)) and not isinstance(value, _Raw):
                return value
            self.diag.error(loc, f"{what}: expected a theme name or a mapping, found {describe(value)}")
            return None
        raise AssertionError(kind)

    def url(self, url: str, loc: Loc, what: str) -> str | None:
        m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", url)
        scheme = m.group(1).lower() if m else ""
        if scheme not in ("http", "https"):
            found = f'the scheme "{scheme}:"' if scheme else f'"{url[:60]}"'
            self.diag.error(loc, f"{what}: expected an http:// or https:// address, found {found}")
            return None
        if re.match(r"^https?://+https?:/", url, re.I):
            self.diag.warning(
                loc, f"{what}: malformed URL, the scheme is doubled ({url[:30]}…): expected one http:// or https://"
            )
        elif not re.match(r"^https?://[^/\s]+\.[^/\s]+", url, re.I):
            self.diag.warning(loc, f"{what}: malformed URL {url!r}: expected https://host.domain/…")
        if re.search(r"\s", url):
            self.diag.warning(loc, f"{what}: the URL contains a space: encode it as %20")
        return url

    # -- structure -----------------------------------------------------------------------------
    def value(self, kind: Kind, value: Any, loc: Loc, what: str) -> Any:
        if isinstance(kind, Nested):
            return self.obj(kind.cls, value, loc, what)
        if isinstance(kind, Ref):
            ident = self.scalar(kind, value, loc, what)
            if ident is not None:
                self.refs.append((kind.collection, ident, loc))
            return ident
        if isinstance(kind, Choice):
            text = self._text(value, loc, what)
            if text is not None and text not in kind.options:
                self.diag.error(
                    loc,
                    f"{what}: expected one of {', '.join(kind.options)}, found {describe(value)}"
                    + did_you_mean(text, kind.options),
                )
                return None
            return text
        if isinstance(kind, (Refs, NestedList, Texts)):
            items = self._list(value, loc, what, kind)
            if items is None:
                return ()
            item_kind: Kind
            if isinstance(kind, Refs):
                gone = self.removed.get(kind.collection, set())
                items = [(x, xloc) for x, xloc in items if not (isinstance(x, str) and x in gone)]
                item_kind = Ref(kind.collection)
            elif isinstance(kind, NestedList):
                item_kind = Nested(kind.cls)
            else:
                item_kind = Text()
            out = [self.value(item_kind, item, iloc, _item_name(what, i, item)) for i, (item, iloc) in enumerate(items)]
            return tuple(x for x in out if x is not None)
        return self.scalar(kind, value, loc, what)

    def _list(self, value: Any, loc: Loc, what: str, kind: Kind) -> list[tuple[Any, Loc]] | None:
        if not isinstance(value, YList):
            hint = " (write one `- item` per line)" if isinstance(value, str) else ""
            self.diag.error(loc, f"{what}: expected {kind_name(kind)}, found {describe(value)}{hint}")
            return None
        return list(zip(value, value.locs, strict=False))

    def obj(self, cls: type, value: Any, loc: Loc, what: str) -> Any:
        if not isinstance(value, YMap):
            self.diag.error(loc, f"{what}: expected {kind_name(cls)}, found {describe(value)}")
            return None
        fields = {f.name: f for f in format_fields(cls)}
        out: dict[str, Any] = {"loc": value.loc}
        ok = True
        for key, item in value.items():
            if key.startswith("x-"):
                continue
            if key not in fields:
                self.diag.error(
                    value.key_locs[key],
                    f'unknown key "{key}" in {what}: expected one of {", ".join(fields)}' + did_you_mean(key, fields),
                )
                continue
            f = fields[key]
            v = self.value(f.kind, item, value.value_locs[key], key)
            if v is None:
                if f.required:
                    ok = False
                continue
            out[key] = v
        for name, f in fields.items():
            if f.required and name not in value:
                hint = f" ({f.doc})" if f.doc else ""
                self.diag.error(value.loc, f'{what}: missing key "{name}": expected {kind_name(f.kind)}{hint}')
                ok = False
        if not ok:
            if isinstance(out.get("id"), str):
                self.broken.add(out["id"])
            return None
        return cls(**out)

    # -- ids and references ----------------------------------------------------------------------
    def register(self, collection: str, ident: str, loc: Loc) -> None:
        seen = self.ids.setdefault(collection, {})
        if ident in seen:
            first = seen[ident]
            self.diag.error(
                loc,
                f'duplicate id "{ident}" in {collection}: already used at {first.short()}; expected each id once',
            )
        else:
            seen[ident] = loc

    def check_refs(self) -> None:
        for collection, ident, loc in self.refs:
            known = self.ids.get(collection, {})
            if ident in self.removed.get(collection, ()):
                self.diag.error(
                    loc, f'"{ident}" was removed by the overlay (remove.{collection}) but is still named here'
                )
            elif ident not in known and ident not in self.broken and _source(collection) not in self.unread:
                if known:
                    expected = f"expected the id of one of the {collection}" + did_you_mean(ident, known)
                else:
                    expected = f"the kit has no {collection}"
                self.diag.error(
                    loc, f'unknown {collection[:-1] if collection.endswith("s") else collection} "{ident}": {expected}'
                )
