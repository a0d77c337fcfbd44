"""A kit (the validated model) -> YAML files that read back as the same kit: `deck sheet import`."""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from deck.kit.model import COLLECTIONS, Kit, Nested, NestedList, Size, format_fields
from deck.kit.sheets.export import size_text
from deck.kit.sheets.tables import _default

HEAD = "# yaml-language-server: $schema=kit.schema.json\n"


def plain(obj: Any) -> dict[str, Any]:
    """A model object as the mapping a kit file writes: its fields that differ from their defaults."""
    out: dict[str, Any] = {}
    cls: Any = type(obj)
    for f in format_fields(cls):
        value = getattr(obj, f.name)
        if not f.required and value == _default(cls, f.name):
            continue
        if isinstance(f.kind, Nested):
            out[f.name] = plain(value)
        elif isinstance(f.kind, NestedList):
            out[f.name] = [plain(x) for x in value]
        elif isinstance(f.kind, Size):
            out[f.name] = size_text(value)
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        elif isinstance(value, dict):
            out[f.name] = _mapping(value)
        else:
            out[f.name] = value
    return out


def _mapping(m: Any) -> Any:
    if isinstance(m, dict):
        return {str(k): _mapping(v) for k, v in m.items()}
    if isinstance(m, list):
        return [_mapping(v) for v in m]
    value = getattr(m, "value", None)
    if value is not None and not isinstance(value, str):
        return value  # a number the YAML or the cell gave
    return str(m) if isinstance(m, str) else m


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


def kit_files(kit: Kit) -> dict[str, str]:
    """File name -> text: kit.yaml (the settings and decks) and one file per collection the kit has."""
    header = plain(dataclasses.replace(kit.header, files=(), extends=None, remove=None))
    names = []
    files: dict[str, str] = {}
    for key, (_, many) in COLLECTIONS.items():
        value = getattr(kit, key)
        if not value:
            continue
        data = [plain(x) for x in value] if many else plain(value)
        name = f"{key.replace('_', '-')}.yaml"
        files[name] = HEAD + _dump({key: data})
        names.append(name)
    header["files"] = names
    return {"kit.yaml": HEAD + _dump(header), **files}
