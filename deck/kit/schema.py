"""A JSON Schema of the kit files, generated from the model's field metadata (one definition of the format)."""

from __future__ import annotations

import dataclasses

from deck.kit.model import COLLECTIONS, KitHeader
from deck.kit.validate import ID_RE, LANG_RE, kind_name
from deck.units import CARD_SIZES_MM

TEXT = {"type": ["string", "number"]}


def _kind(kind, defs: dict, overlay: bool = False):
    if isinstance(kind, type):
        name = kind.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object(kind, defs, overlay)
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(kind, tuple):
        tag = kind[0]
        if tag == "ref":
            return {"type": "string", "pattern": ID_RE.pattern, "description": kind_name(kind)}
        if tag == "refs":
            return {
                "type": "array",
                "items": {"type": "string", "pattern": ID_RE.pattern},
                "description": kind_name(kind),
            }
        if tag == "choice":
            return {"enum": list(kind[1])}
        if tag == "list":
            return {"type": "array", "items": _kind(kind[1], defs, overlay)}
    return {
        "id": {"type": ["string", "integer"], "pattern": ID_RE.pattern},
        "str": TEXT,
        "text": TEXT,
        "int": {"type": "integer"},
        "bool": {"type": "boolean"},
        "url": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"},
        "strs": {"type": "array", "items": TEXT},
        "size": {
            "anyOf": [
                {"enum": list(CARD_SIZES_MM)},
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*[xX×]\s*\d+(\.\d+)?\s*(mm)?\s*$"},
            ]
        },
        "lang": {"type": "string", "pattern": LANG_RE.pattern},
        "theme": {"type": ["string", "object"]},
        "remove": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    }[kind]


def _object(cls, defs: dict, overlay: bool = False) -> dict:
    props, required = {}, []
    for f in dataclasses.fields(cls):
        meta = f.metadata
        if meta.get("kind") is None:
            continue
        prop = dict(_kind(meta["kind"], defs, overlay))
        if meta.get("doc"):
            prop["description"] = meta["doc"]
        props[f.name] = prop
        if meta["required"] and (not overlay or f.name == "id"):
            required.append(f.name)  # an overlay's items change fields of existing ones: only the id is needed
    out = {"type": "object", "properties": props, "patternProperties": {"^x-": {}}, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def kit_schema(overlay: bool = False) -> dict:
    """Schema accepting a kit.yaml (a full kit, or an overlay that `extends` another) and a content file.

    With `overlay`, items need only their id: an overlay's content files change fields of existing items.
    """
    defs: dict = {}
    kit = _object(KitHeader, defs, overlay)
    full_required = ["id", "title", "language", "version"]
    kit.pop("required", None)
    kit["if"] = {"required": ["extends"]}
    kit["then"] = {"required": ["id"]}
    kit["else"] = {"required": full_required}
    defs["Kit"] = kit
    content = {
        "type": "object",
        "properties": {},
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "minProperties": 1,
    }
    for key, (cls, many) in COLLECTIONS.items():
        item = _kind(cls, defs, overlay)
        content["properties"][key] = {"type": "array", "items": item} if many else item
    defs["Content"] = content
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://deck.invalid/schema/kit-1.json",
        "title": "deck kit files (format 1)",
        "description": "kit.yaml, or a content file of a kit. See docs/format.md.",
        "anyOf": [{"$ref": "#/$defs/Kit"}, {"$ref": "#/$defs/Content"}],
        "$defs": defs,
    }
