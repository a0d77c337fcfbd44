"""Safe YAML reading with a location for every node.

Only plain YAML is accepted: standard tags, bounded size, bounded nesting and bounded alias expansion.
The result is built from dict/list subclasses that remember where each key and item stands.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from deck.errors import DeckError, Diagnostics, Loc
from deck.kit.syntax import explain

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_REPEATS = 20_000  # values reached a second time through aliases: a "billion laughs" stops here at once

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


class YMap(dict):
    """A mapping that knows where it, each key and each value stand."""

    loc: Loc
    key_locs: dict
    value_locs: dict


class YList(list):
    """A sequence that knows where it and each item stand."""

    loc: Loc
    locs: list


class _Raw(str):
    """Text of a non-string scalar (a number, a date) kept as written, with its parsed value."""

    value: object


def _mark_loc(path: str, mark, lines: _Breaks | None = None) -> Loc:
    if mark is None:
        return Loc(path)
    if lines is not None:
        return Loc(path, *lines.at(mark.index))
    return Loc(path, mark.line + 1, mark.column + 1)


_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


class _Breaks:
    """Lines as editors count them (at "\n" only) for a text where YAML breaks lines elsewhere too: PyYAML
    and libyaml also end a line at U+0085, U+2028 and U+2029, which would shift every later line number
    of a message. Marks carry their character index: the line and column are counted again from it."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    @staticmethod
    def of(text: str) -> _Breaks | None:
        return _Breaks(text) if _OTHER_BREAKS.search(text) else None

    def at(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a character index."""
        i = bisect.bisect_right(self.starts, index) - 1
        return i + 1, index - self.starts[i] + 1


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _decode(data: bytes, path: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        good = data[: e.start].decode("utf-8", errors="replace")
        line, col = _position(good, len(good))
        raise DeckError(
            f"invalid UTF-8 byte 0x{data[e.start]:02X}: expected UTF-8 text (save the file as UTF-8)",
            Loc(path, line, col),
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _position(text, nul)
        raise DeckError("NUL byte in the file: expected text (is this a binary file?)", Loc(path, line, col))
    return text


def _check_depth(text: str, path: str) -> None:
    depth = 0
    lines = _Breaks.of(text)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise DeckError(
                        f"nesting deeper than {MAX_DEPTH} levels: expected a kit file "
                        "(mappings and lists a few levels deep)",
                        _mark_loc(path, event.start_mark, lines),
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as e:
        raise _syntax_error(text, e, path) from None
    except yaml.YAMLError as e:  # reader errors (control characters) carry a position too
        raise DeckError(_yaml_message(e), Loc(path)) from None


def _syntax_error(text: str, e: yaml.MarkedYAMLError, path: str) -> DeckError:
    """The mistake behind a parser error, in plain words, located where it is, its line quoted."""
    diag = Diagnostics()
    lines = _Breaks.of(text)
    if lines is not None:  # the error's places counted again as editors count lines, and the text read
        for mark in (e.problem_mark, e.context_mark):  # again with YAML's other line breaks made spaces
            if mark is not None:
                mark.line, mark.column = (n - 1 for n in lines.at(mark.index))
        text = _OTHER_BREAKS.sub(" ", text)
    try:
        found = explain(text, e)
    except Exception:  # whatever the reading again stumbles on, the parser's place still stands
        mark = e.problem_mark or e.context_mark
        diag.error(_mark_loc(path, mark), "YAML cannot read this line: check its quotes, and its indentation")
        return DeckError(diag)
    diag.error(Loc(path, found.line, found.col), found.message, found.context)
    return DeckError(diag)
    line, col, context = found.line, found.col, found.context
    if lines is not None:
        line, col = lines.from_yaml(line, col)
        context = excerpt(text.split("\n"), line - 1, col - 1)
    diag.error(Loc(path, line, col), found.message, context)
    return DeckError(diag)


def _yaml_message(e: yaml.YAMLError) -> str:
    """A problem without a place in the text (the reader's: a character YAML does not allow)."""
    if isinstance(e, yaml.reader.ReaderError):
        ch = e.character
        code = f"U+{ord(ch):04X}" if isinstance(ch, str) else f"0x{ch:02X}"
        return f"control character {code} is not allowed in YAML text: remove it"
    return "YAML cannot read this file: check its quotes and its indentation"


def excerpt(lines: list[str], line: int, col: int) -> str:
    """A line quoted with a caret under column col (both 0-based)."""
    text = lines[line].replace("\t", "→") if 0 <= line < len(lines) else ""
    width = len(str(line + 1))
    return f"{line + 1:>{width}} | {text}\n{'':>{width}} | {' ' * col}^"


class _Converter:
    def __init__(self, path: str, text: str, diag: Diagnostics, typos: bool = False):
        self.path = path
        self.typos = typos  # warn of likely typos that are still valid YAML (a lone closing quote)
        self.lines = text.split("\n")
        self.breaks = _Breaks.of(text)
        self.diag = diag  # problems that leave the rest of the file readable (a duplicate key)
        self.count = 0
        self.seen: set[int] = set()
        self.repeats = 0
        self.scalars = SafeConstructor()

    def loc(self, node) -> Loc:
        return _mark_loc(self.path, node.start_mark, self.breaks)

    def _duplicate(self, key: str, out: YMap, knode, repeated: list[str]) -> None:
        """A key given twice in one mapping: one message, the line quoted. A second "id" is most often an
        item whose "- " is missing: what follows it repeats the item's keys, and is not reported again."""
        if "id" in repeated:
            return
        first = out.key_locs[key]
        where = self.loc(knode)
        line, col = (where.line or 1) - 1, (where.col or 1) - 1
        if key == "id":
            message = (
                f'"id" a second time in this item (first at line {first.line}): is the "- " missing that starts '
                "a new item?"
            )
        else:
            message = f'"{key}" is given twice here (first at line {first.line}): keep only one'
        self.diag.error(where, message, excerpt(self.lines, line, col))

    def _lone_quote(self, node) -> None:
        """`name: Direction"`: valid YAML (the text « Direction" »), but most often a quote left over."""
        where = _mark_loc(self.path, node.end_mark, self.breaks)
        line, col = (where.line or 1) - 1, max(0, (where.col or 1) - 2)
        at = Loc(where.path, where.line, col + 1)
        self.diag.warning(
            at,
            f"the text ends with a quote mark that opens nowhere: {node.value}; remove it, or put the whole "
            'text in quotes (an inch mark: "27\\"")',
            excerpt(self.lines, line, col),
        )

    def convert(self, node, depth: int = 0):
        self.count += 1
        if id(node) in self.seen:
            self.repeats += 1
            if self.repeats > MAX_REPEATS:
                raise DeckError(
                    f"the document expands to more than {MAX_REPEATS} values through its aliases "
                    "(aliases repeating aliases?): expected a kit file that uses few aliases",
                    self.loc(node),
                )
        else:
            self.seen.add(id(node))
        if self.count > MAX_NODES:
            raise DeckError(
                f"the document expands to more than {MAX_NODES} values "
                "(aliases repeating aliases?): expected a kit file of reasonable size",
                self.loc(node),
            )
        if depth > MAX_DEPTH:
            raise DeckError(f"nesting deeper than {MAX_DEPTH} levels (a recursive alias?)", self.loc(node))
        if node.tag not in _STANDARD_TAGS:
            raise DeckError(
                f"tag {node.tag} is not allowed: only plain YAML values are read (remove the '!' tag)",
                self.loc(node),
            )
        if isinstance(node, yaml.MappingNode):
            out = YMap()
            out.loc, out.key_locs, out.value_locs = self.loc(node), {}, {}
            repeated: list[str] = []
            for knode, vnode in node.value:
                key = self.convert(knode, depth + 1)
                if isinstance(key, (YMap, YList)):
                    raise DeckError("a key must be a plain word, not a list or mapping", self.loc(knode))
                key = str(key) if key is not None else "null"
                if key in out:
                    self._duplicate(key, out, knode, repeated)
                    repeated.append(key)
                    self.convert(vnode, depth + 1)  # still checked (bounds), then left out: the first one counts
                    continue
                out[key] = self.convert(vnode, depth + 1)
                out.key_locs[key] = self.loc(knode)
                out.value_locs[key] = self.loc(vnode)
            return out
        if isinstance(node, yaml.SequenceNode):
            seq = YList()
            seq.loc, seq.locs = self.loc(node), []
            for item in node.value:
                seq.append(self.convert(item, depth + 1))
                seq.locs.append(self.loc(item))
            return seq
        if node.tag == _STR_TAG:  # what construct_object gives for a string, without its bookkeeping
            if self.typos and not node.style and node.value.endswith('"') and node.value.count('"') == 1:
                self._lone_quote(node)
            return node.value
        try:
            value = self.scalars.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # looks like a date but is none (2024-13-45): keep the text
            return str(node.value)
        if isinstance(value, str) or value is None:
            return value
        raw = _Raw(node.value)
        raw.value = value
        return raw


_CLoader = getattr(yaml, "CSafeLoader", None)  # libyaml: the same parse, about 25 times faster


def _compose_fast(text: str):
    """The document's node through libyaml, or None when that is not available or the text has any
    problem (the pure-Python parser then reports it, with its own words and location). Depth is checked
    on libyaml's events first: its composer recurses in C and must never see a deeply nested document."""
    if _CLoader is None:
        return None
    try:
        depth = 0
        starts, ends = (yaml.MappingStartEvent, yaml.SequenceStartEvent), (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    return None
            elif isinstance(event, ends):
                depth -= 1
        return yaml.compose(text, Loader=_CLoader) or False
    except yaml.YAMLError:
        return None


def load_text(text: str, path: str, diag: Diagnostics | None = None):
    """Parse YAML text into located values; raise DeckError with a location on any problem. With `diag`,
    a problem that leaves the rest of the text readable (a duplicate key) goes there instead."""
    node = _compose_fast(text)
    if node is False:
        return None
    if node is not None:
        return _convert(node, path, text, diag)
    _check_depth_safe(text, path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        raise _syntax_error(text, e, path) from None
    except yaml.YAMLError as e:
        raise DeckError(_yaml_message(e), Loc(path)) from None
    if node is None:
        return None
    return _convert(node, path, text, diag)


def _convert(node, path: str, text: str, diag: Diagnostics | None):
    problems = Diagnostics()
    try:
        value = _Converter(path, text, problems, typos=diag is not None).convert(node)
    except RecursionError:
        raise DeckError("nesting too deep: expected a kit file", Loc(path)) from None
    if problems.items and diag is None:
        raise DeckError(problems)
    if diag is not None:
        diag.extend(problems)
    return value


def _check_depth_safe(text: str, path: str) -> None:
    try:
        _check_depth(text, path)
    except RecursionError:
        raise DeckError("nesting too deep: expected a kit file", Loc(path)) from None


def load_file(path: Path, shown: str | None = None, diag: Diagnostics | None = None):
    """Read a YAML file safely. `shown` is the path as printed in messages; `diag`: as for load_text."""
    shown = shown or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DeckError(
                f"file is {size / 1e6:.1f} MB: expected a kit file under "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB (split it, or remove pasted data)",
                Loc(shown),
            )
        data = path.read_bytes()
    except OSError as e:
        raise DeckError(f"cannot read the file: {e.strerror or e}", Loc(shown)) from None
    text = _decode(data, shown)
    bad = _CONTROL.search(text)
    if bad:
        ch = bad.group()
        line, col = _position(text, bad.start())
        raise DeckError(
            f"control character U+{ord(ch):04X} is not allowed in YAML text: remove it",
            Loc(shown, line, col),
        )
    return load_text(text, shown, diag)


def collect(fn, *args) -> tuple[object, Diagnostics]:
    """Run fn; turn a DeckError into diagnostics."""
    try:
        return fn(*args), Diagnostics()
    except DeckError as e:
        return None, e.diagnostics
