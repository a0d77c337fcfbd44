"""A JSON Schema of the kit files, generated from the model's annotations (one definition of the format)."""

from __future__ import annotations

from typing import Any

from deck.kit.model import (
    COLLECTIONS,
    Bool,
    Choice,
    Id,
    Int,
    Kind,
    KitHeader,
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
from deck.kit.validate import ID_RE, LANG_RE, kind_name
from deck.units import CARD_SIZES_MM

TEXT = {"type": ["string", "number"]}


def _kind(kind: Kind, defs: dict[str, Any], overlay: bool = False) -> dict[str, Any]:
    match kind:
        case Nested(cls=cls):
            name = cls.__name__
            if name not in defs:
                defs[name] = {}  # placeholder against recursion
                defs[name] = _object(cls, defs, overlay)
            return {"$ref": f"#/$defs/{name}"}
        case Ref():
            return {"type": "string", "pattern": ID_RE.pattern, "description": kind_name(kind)}
        case Refs():
            return {
                "type": "array",
                "items": {"type": "string", "pattern": ID_RE.pattern},
                "description": kind_name(kind),
            }
        case Choice(options=options):
            return {"enum": list(options)}
        case NestedList(cls=cls):
            return {"type": "array", "items": _kind(Nested(cls), defs, overlay)}
        case Id():
            return {"type": ["string", "integer"], "pattern": ID_RE.pattern}
        case Str() | Text():
            return TEXT
        case Int():
            return {"type": "integer"}
        case Bool():
            return {"type": "boolean"}
        case Url():
            return {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}
        case Texts():
            return {"type": "array", "items": TEXT}
        case Size():
            return {
                "anyOf": [
                    {"enum": list(CARD_SIZES_MM)},
                    {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*[xX×]\s*\d+(\.\d+)?\s*(mm)?\s*$"},
                ]
            }
        case Lang():
            return {"type": "string", "pattern": LANG_RE.pattern}
        case ThemeSpec():
            return {"type": ["string", "object"]}
        case Remove():
            return {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
        case Words():
            return {"type": "object", "additionalProperties": {"type": "string"}}
    raise AssertionError(kind)


def _object(cls: type, defs: dict[str, Any], overlay: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in format_fields(cls):
        prop = dict(_kind(f.kind, defs, overlay))
        if f.doc:
            prop["description"] = f.doc
        props[f.name] = prop
        if f.required and (not overlay or f.name == "id"):
            required.append(f.name)  # an overlay's items change fields of existing ones: only the id is needed
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def kit_schema(overlay: bool = False) -> dict[str, Any]:
    """Schema accepting a kit.yaml (a full kit, or an overlay that `extends` another) and a content file.

    With `overlay`, items need only their id: an overlay's content files change fields of existing items.
    """
    defs: dict[str, Any] = {}
    kit = _object(KitHeader, defs, overlay)
    full_required = [f.name for f in format_fields(KitHeader) if f.required]
    kit.pop("required", None)
    kit["if"] = {"required": ["extends"]}
    kit["then"] = {"required": ["id"]}
    kit["else"] = {"required": full_required}
    defs["Kit"] = kit
    properties: dict[str, Any] = {}
    content = {
        "type": "object",
        "properties": properties,
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "minProperties": 1,
    }
    for key, (cls, many) in COLLECTIONS.items():
        item = _kind(Nested(cls), defs, overlay)
        properties[key] = {"type": "array", "items": item} if many else item
    defs["Content"] = content
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://deck.invalid/schema/kit-1.json",
        "title": "deck kit files (format 1)",
        "description": "kit.yaml, or a content file of a kit. See docs/format.md.",
        "anyOf": [{"$ref": "#/$defs/Kit"}, {"$ref": "#/$defs/Content"}],
        "$defs": defs,
    }
