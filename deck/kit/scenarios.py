"""Which scenario an item belongs to, and a kit cut down to one scenario (`deck build --scenario N`).

An item belongs to the scenarios it names (`scenarios:` of actors and objects, `scenario:` of events and
modalities) and to those that list it (a scenario's `actors`, `modalities`, `objects`; a stage's `actors` and
`events`). An item of exactly one scenario is that scenario's own: its card carries the scenario's mark. An
item of none is common to the kit (the map's objects, shared resources) and stays in every cut.
"""

from __future__ import annotations

import dataclasses

from deck.kit.model import Kit

KINDS = ("actors", "events", "modalities", "objects")


def memberships(kit: Kit) -> dict[str, dict[str, tuple[str, ...]]]:
    """kind -> item id -> the ids of the scenarios it belongs to, in the kit's order of scenarios."""
    out: dict[str, dict[str, set[str]]] = {k: {} for k in KINDS}
    for a in kit.actors:
        out["actors"][a.id] = set(a.scenarios)
    for o in kit.objects:
        out["objects"][o.id] = set(o.scenarios)
    for e in kit.events:
        out["events"][e.id] = {e.scenario} if e.scenario else set()
    for m in kit.modalities:
        out["modalities"][m.id] = {m.scenario} if m.scenario else set()
    for sc in kit.scenarios:
        refs = {"actors": list(sc.actors), "modalities": list(sc.modalities), "objects": list(sc.objects), "events": []}
        for st in sc.stages:
            refs["actors"] += st.actors
            refs["events"] += st.events
        for kind, ids in refs.items():
            for i in ids:
                if i in out[kind] and not _names_own(kit, kind, i):
                    out[kind][i].add(sc.id)
    order = {sc.id: k for k, sc in enumerate(kit.scenarios)}
    return {
        kind: {i: tuple(sorted((s for s in ss if s in order), key=order.__getitem__)) for i, ss in items.items()}
        for kind, items in out.items()
    }


def _names_own(kit: Kit, kind: str, ident: str) -> bool:
    """An actor or object that names its scenarios belongs to those only (a scenario listing it as well
    adds nothing; one listing it without being named is the kit's inconsistency, not a membership)."""
    if kind == "actors":
        return bool(next((a.scenarios for a in kit.actors if a.id == ident), ()))
    if kind == "objects":
        return bool(next((o.scenarios for o in kit.objects if o.id == ident), ()))
    if kind in ("events", "modalities"):
        items = kit.events if kind == "events" else kit.modalities
        return bool(next((x.scenario for x in items if x.id == ident), None))
    return False


def own_scenario(kit: Kit, kind: str, ident: str, table: dict | None = None) -> str | None:
    """The id of the one scenario an item belongs to, or None (common, or shared by several)."""
    table = table if table is not None else memberships(kit)
    ss = table.get(kind, {}).get(ident, ())
    return ss[0] if len(ss) == 1 else None


def scenario_cards(kit: Kit, sid: str, table: dict | None = None) -> dict[str, list]:
    """kind -> the items of that kind that belong to scenario `sid` (shared ones too), in the kit's order."""
    table = table if table is not None else memberships(kit)
    return {kind: [x for x in getattr(kit, kind) if sid in table[kind].get(x.id, ())] for kind in KINDS}


def only_scenario(kit: Kit, number: int) -> Kit:
    """The kit with one scenario: its own items, the items it shares, and the common ones; the other
    scenarios and their own items are left out. Raises LookupError when no scenario has that number."""
    sc = next((s for s in kit.scenarios if s.number == number), None)
    if sc is None:
        raise LookupError(number)
    table = memberships(kit)

    def keep(kind: str, items) -> tuple:
        return tuple(x for x in items if not table[kind].get(x.id) or sc.id in table[kind][x.id])

    return dataclasses.replace(
        kit,
        scenarios=(sc,),
        actors=keep("actors", kit.actors),
        events=keep("events", kit.events),
        modalities=keep("modalities", kit.modalities),
        objects=keep("objects", kit.objects),
    )
