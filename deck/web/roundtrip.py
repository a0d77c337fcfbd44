"""YAML read and written back as the user wrote it, for `deck edit`: comments, order, quotes, indentation.

ruamel.yaml's round-trip mode keeps every comment, the order of the keys, each scalar's quotes and block
style (`>-`, `|`), flow lists (`[a, b]`) and the file's indentation (guessed from the file). A change sets
the fields the form edits, and only those; a field whose value did not change keeps its bytes. The file
is then replaced in one step (`replace_text`), never half-written.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

_QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString)
_BLOCK = (FoldedScalarString, LiteralScalarString)


class Doc:
    """One YAML file in round-trip form: its text, its data, the indentation to write it back with."""

    def __init__(self, text: str):
        self.text = text
        _, indent, seq_indent = load_yaml_guess_indent(text) if text.strip() else (None, 2, 0)
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096  # never fold a long line the user wrote on one line
        indent = indent or 2
        seq_indent = seq_indent or 0
        self.yaml.indent(mapping=indent, sequence=indent, offset=seq_indent)
        self.data = self.yaml.load(text) if text.strip() else CommentedMap()

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()


def find_node(data, line: int, col: int) -> list | None:
    """The path (keys and indexes) of the mapping that starts at (line, col), 1-based as a Loc gives them."""

    def walk(node, path):
        if isinstance(node, CommentedMap):
            if (node.lc.line + 1, node.lc.col + 1) == (line, col):
                return path
            for key, value in node.items():
                found = walk(value, path + [key])
                if found is not None:
                    return found
        elif isinstance(node, CommentedSeq):
            for i, value in enumerate(node):
                found = walk(value, path + [i])
                if found is not None:
                    return found
        return None

    return walk(data, [])


def get(data, path: list):
    for step in path:
        data = data[step]
    return data


def plain(value) -> Any:
    """A YAML value as JSON-ready data (ruamel's subclasses of str, int, float, dict and list undone)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _styled(old, new):
    """`new` in the style `old` was written in: the same quotes, block style or flow list."""
    if isinstance(new, str):
        if isinstance(old, _BLOCK) or (isinstance(old, _QUOTED) and "\n" in new):
            return (LiteralScalarString if "\n" in new.rstrip("\n") else FoldedScalarString)(new)
        if isinstance(old, _QUOTED):
            return type(old)(new)
        if "\n" in new:
            return LiteralScalarString(new)
        return new
    if isinstance(new, list):
        seq = CommentedSeq(_styled(None, x) for x in new)
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    if isinstance(new, dict):
        m = old if isinstance(old, CommentedMap) else CommentedMap()
        set_fields(m, new, list(new))
        return m
    return new


def set_fields(node: CommentedMap, value: dict, fields: list[str]) -> bool:
    """Set `fields` of the mapping `node` from `value` (absent or empty: the key goes); the other keys stay.
    Returns whether anything changed."""
    changed = False
    for name in fields:
        new = value.get(name)
        if new is None or new == "" or new == []:
            if name in node:
                del node[name]
                changed = True
            continue
        old = node.get(name)
        if name in node and plain(old) == new:
            continue  # unchanged: its quotes, style and comments stay as written
        if isinstance(new, dict) and isinstance(old, CommentedMap):
            changed |= set_fields(old, new, list(new))
            continue
        node[name] = _styled(old, new)
        changed = True
    return changed


def replace_text(path: Path, text: str) -> None:
    """Replace the file's text in one step: a temporary file beside it, synced, renamed over it (its
    permissions kept). Whatever happens, the file is the old text or the new one, whole."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=".deck-edit-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
