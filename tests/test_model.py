"""The model's annotations are the format's one definition: what format_fields reads from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pytest

from deck.kit.model import (
    COLLECTIONS,
    Choice,
    DeckSpec,
    Id,
    KitHeader,
    Nested,
    NestedList,
    Ref,
    Refs,
    Scenario,
    Situation,
    Size,
    Stage,
    Str,
    Texts,
    format_fields,
)


def test_every_model_class_reads():
    for cls in [KitHeader, DeckSpec] + [c for c, _ in COLLECTIONS.values()]:
        fields = format_fields(cls)
        assert fields and "loc" not in {f.name for f in fields}


def test_kinds_come_from_types_and_markers():
    scenario = {f.name: f for f in format_fields(Scenario)}
    assert scenario["id"].kind == Id() and scenario["id"].required
    assert scenario["title"].kind == Str()
    assert scenario["start"].kind == Nested(Situation)
    assert scenario["stages"].kind == NestedList(Stage) and scenario["stages"].required
    assert scenario["actors"].kind == Refs("actors") and not scenario["actors"].required
    deck = {f.name: f for f in format_fields(DeckSpec)}
    assert isinstance(deck["cards"].kind, Choice) and deck["cards"].doc == "which content becomes cards"
    assert deck["scenario"].kind == Ref("scenarios")
    assert isinstance(deck["size"].kind, Size)
    assert {f.name: f for f in format_fields(Stage)}["questions"].kind == Texts()


@dataclass(frozen=True)
class _WrongMarker:
    scenario: Annotated[tuple[str, ...], Ref("scenarios")] = ()


@dataclass(frozen=True)
class _NoKind:
    ratio: float = 1.0


def test_a_marker_must_fit_its_type():
    with pytest.raises(TypeError, match="_WrongMarker.scenario: Ref"):
        format_fields(_WrongMarker)


def test_a_type_without_a_kind_needs_a_marker():
    with pytest.raises(TypeError, match="_NoKind.ratio"):
        format_fields(_NoKind)
