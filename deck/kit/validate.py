"""Located YAML values -> typed model, collecting every problem instead of stopping at the first."""

from __future__ import annotations

import dataclasses
import re

from deck.errors import Diagnostics, Loc, did_you_mean
from deck.kit.yamlio import YList, YMap, _Raw

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
MAX_TEXT = 20_000
# control characters (an escaped "\x07" or "\0" in a quoted YAML string) and lone surrogates print nothing
BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, YMap) or isinstance(value, dict):
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


KIND_NAMES = {
    "id": "an id (lower-case letters, digits, '-', '_' or '.')",
    "str": "a text",
    "text": "a text",
    "int": "a whole number",
    "bool": "true or false",
    "url": "an http(s) address",
    "strs": "a list of texts",
    "size": "a card size (poker, tarot, … or WxH in mm)",
    "lang": "a language code such as fr or en",
    "theme": "a theme name or a mapping",
    "remove": "a mapping of collections to lists of ids",
}


def kind_name(kind) -> str:
    if isinstance(kind, str):
        return KIND_NAMES[kind]
    if isinstance(kind, tuple):
        if kind[0] == "ref":
            return f"the id of one of the {kind[1]}"
        if kind[0] == "refs":
            return f"a list of ids of {kind[1]}"
        if kind[0] == "choice":
            return "one of " + ", ".join(kind[1])
        if kind[0] == "list":
            return f"a list of {kind[1].__name__.lower()} mappings"
    return f"a {kind.__name__.lower()} mapping"


class Validator:
    """Builds model objects from located YAML values; every problem goes to `diag`."""

    def __init__(self, diag: Diagnostics):
        self.diag = diag
        self.refs: list[tuple[str, str, Loc]] = []
        self.ids: dict[str, dict[str, Loc]] = {}
        self.broken: set[str] = set()  # ids of items dropped for other problems: no cascade of refs
        self.removed: dict[str, set] = {}  # ids an overlay removed: references to them are dropped

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

    def scalar(self, kind, value, loc: Loc, what: str):
        if kind in ("str", "text"):
            text = self._text(value, loc, what)
            if text is not None and not text.strip():
                self.diag.error(loc, f"{what}: the text is empty")
                return None
            return text
        if kind == "id":
            if isinstance(value, _Raw) and isinstance(value.value, int) and not isinstance(value.value, bool):
                value = str(value)
            if not isinstance(value, str) or isinstance(value, _Raw) or not ID_RE.match(value):
                self.diag.error(loc, f"{what}: expected {KIND_NAMES['id']}, found {describe(value)}")
                return None
            return str(value)
        if kind == "int":
            v = value.value if isinstance(value, _Raw) else None
            if not isinstance(v, int) or isinstance(v, bool):
                self.diag.error(loc, f"{what}: expected a whole number, found {describe(value)}")
                return None
            return v
        if kind == "bool":
            v = value.value if isinstance(value, _Raw) else None
            if not isinstance(v, bool):
                self.diag.error(loc, f"{what}: expected true or false, found {describe(value)}")
                return None
            return v
        if kind == "url":
            text = self._text(value, loc, what)
            return None if text is None else self.url(text.strip(), loc, what)
        if kind == "lang":
            text = self._text(value, loc, what)
            if text is not None and not LANG_RE.match(text):
                self.diag.error(loc, f"{what}: expected a language code such as fr or en, found {describe(value)}")
                return None
            return text
        if kind == "size":  # parsed once, here: the model holds points
            from deck.units import card_size

            text = self._text(value, loc, what)
            if text is None:
                return None
            try:
                return card_size(text)
            except ValueError as e:
                self.diag.error(loc, f"{what}: {e}")
                return None
        if kind == "remove":
            if isinstance(value, YMap):
                return value
            self.diag.error(loc, f"{what}: expected {KIND_NAMES['remove']}, found {describe(value)}")
            return None
        if kind == "theme":
            if isinstance(value, (YMap, str)) and not isinstance(value, _Raw):
                return value
            self.diag.error(loc, f"{what}: expected a theme name or a mapping, found {describe(value)}")
            return None
        raise AssertionError(kind)

    def url(self, url: str, loc: Loc, what: str):
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
    def value(self, kind, value, loc: Loc, what: str):
        if isinstance(kind, type):
            return self.obj(kind, value, loc, what)
        if isinstance(kind, tuple):
            tag = kind[0]
            if tag == "ref":
                ident = self.scalar("id", value, loc, what)
                if ident is not None:
                    self.refs.append((kind[1], ident, loc))
                return ident
            if tag == "choice":
                text = self._text(value, loc, what)
                if text is not None and text not in kind[1]:
                    self.diag.error(
                        loc,
                        f"{what}: expected one of {', '.join(kind[1])}, found {describe(value)}"
                        + did_you_mean(text, kind[1]),
                    )
                    return None
                return text
            if tag in ("refs", "list"):
                items = self._list(value, loc, what, kind)
                if items is None:
                    return ()
                out = []
                if tag == "refs":
                    gone = self.removed.get(kind[1], set())
                    items = [(x, l) for x, l in items if not (isinstance(x, str) and x in gone)]
                for i, (item, iloc) in enumerate(items):
                    sub = ("ref", kind[1]) if tag == "refs" else kind[1]
                    v = self.value(sub, item, iloc, f"{what}[{i + 1}]")
                    if v is not None:
                        out.append(v)
                return tuple(out)
        if kind == "strs":
            items = self._list(value, loc, what, kind)
            if items is None:
                return ()
            out = [self.scalar("text", item, iloc, f"{what}[{i + 1}]") for i, (item, iloc) in enumerate(items)]
            return tuple(x for x in out if x is not None)
        return self.scalar(kind, value, loc, what)

    def _list(self, value, loc, what, kind):
        if not isinstance(value, YList):
            hint = " (write one `- item` per line)" if isinstance(value, str) else ""
            self.diag.error(loc, f"{what}: expected {kind_name(kind)}, found {describe(value)}{hint}")
            return None
        return list(zip(value, value.locs))

    def obj(self, cls, value, loc: Loc, what: str):
        if not isinstance(value, YMap):
            self.diag.error(loc, f"{what}: expected {kind_name(cls)}, found {describe(value)}")
            return None
        fields = {f.name: f for f in dataclasses.fields(cls) if f.metadata.get("kind") is not None}
        out = {"loc": value.loc}
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
            v = self.value(f.metadata["kind"], item, value.value_locs[key], key)
            if v is None:
                if f.metadata["required"]:
                    ok = False
                continue
            out[key] = v
        for name, f in fields.items():
            if f.metadata["required"] and name not in value:
                doc = f.metadata.get("doc")
                hint = f" ({doc})" if doc else ""
                self.diag.error(
                    value.loc, f'{what}: missing key "{name}": expected {kind_name(f.metadata["kind"])}{hint}'
                )
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
                f'duplicate id "{ident}" in {collection}: already used at '
                f"{first.path}:{first.line}; expected each id once",
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
            elif ident not in known and ident not in self.broken:
                if known:
                    expected = f"expected the id of one of the {collection}" + did_you_mean(ident, known)
                else:
                    expected = f"the kit has no {collection}"
                self.diag.error(
                    loc, f'unknown {collection[:-1] if collection.endswith("s") else collection} "{ident}": {expected}'
                )
