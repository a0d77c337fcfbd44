"""The bundled kits keep the seed material's own questions as the seeds write them.

tests/data/seed-questions.txt lists every question of seed 000 (opening questions and stage bubbles of the
four scenarios) and every quiz statement and fiche question of seed 002, in the seeds' wording. Each line
is checked against the seed files when they are present (../shared/seeds/), and against the kits always:
the questions at each place of the kit are the seed's, in its order, whitespace, apostrophes and the
listed typo fixes aside. A reworded, dropped, split or added question fails.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from deck.kit.load import load_kit

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tests" / "data" / "seed-questions.txt"
SEEDS = ROOT.parent / "shared" / "seeds"
DIALOGUE = ROOT / "content" / "mise-en-dialogue"
COOP = ROOT / "content" / "cooperatives-numerique"

_SAME = {"’": "'", "‘": "'", "…": "...", "«": '"', "»": '"', "“": '"', "”": '"', "‐": "-", "–": "-"}


def same(text: str) -> str:
    """A text as the comparison sees it: whitespace, apostrophe and quote forms aside."""
    text = unicodedata.normalize("NFC", text)
    for a, b in _SAME.items():
        text = text.replace(a, b)
    return re.sub(r"\s+", "", text)


def loose(text: str) -> str:
    """For finding a line in a seed's raw text: hyphens too aside (the extraction keeps line-break hyphens)."""
    return re.sub(r"-", "", same(text))


def entries() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(where, the seed's wording, [(old, new), …] typo fixes) of each line of the list."""
    out = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        where, text, *rest = line.split("\t")
        fixes = []
        if rest:
            assert rest[0].startswith("fix: "), line
            for pair in rest[0][5:].split("; "):
                old, new = pair.split(" → ")
                fixes.append((old, new))
        out.append((where, text, fixes))
    return out


def expected(text: str, fixes) -> str:
    for old, new in fixes:
        assert text.count(old) == 1, f"fix {old!r} must occur once in {text!r}"
        text = text.replace(old, new)
    return text


def kit_places() -> dict[str, list[str]]:
    """Each place of the kits the list names -> the questions the kit holds there, in order."""
    places: dict[str, list[str]] = {}
    dialogue, _ = load_kit(DIALOGUE)
    for sc in dialogue.scenarios:
        places[f"000:s{sc.number}:start"] = list(sc.start.questions)
        for st in sc.stages:
            places[f"000:s{sc.number}:e{st.number}"] = list(st.questions)
        if sc.arrival.questions:
            places[f"000:s{sc.number}:arrival"] = list(sc.arrival.questions)
    coop, _ = load_kit(COOP)
    assert coop.quiz is not None
    for n, th in enumerate(coop.quiz.themes, 1):
        places[f"002:quiz-{n}"] = list(th.statements)
    for f in coop.fiches:
        places[f"002:fiche-{f.number}"] = list(f.questions)
    return places


def test_the_list_holds_every_question_of_seeds_000_and_002():
    got = entries()
    assert sum(w.startswith("000:") for w, _, _ in got) == 80  # 18 + 19 + 22 + 21 bubbles (seeds-guide §2.3)
    assert sum(w.startswith("002:quiz-") for w, _, _ in got) == 30
    assert sum(w.startswith("002:fiche-") for w, _, _ in got) == 30


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed files (../shared/seeds/) are not here")
def test_each_listed_question_is_the_seeds_own_wording():
    raw = {}
    for seed in ("000", "002"):
        (path,) = SEEDS.glob(f"{seed}_*.txt")
        raw[seed] = loose(path.read_text(encoding="utf-8"))
    missing = [f"{w}: {t}" for w, t, _ in entries() if loose(t) not in raw[w[:3]]]
    assert not missing, "not in the seed as written:\n" + "\n".join(missing)


def test_the_kits_keep_the_seeds_questions_word_for_word():
    places = kit_places()
    want: dict[str, list[str]] = {}
    for where, text, fixes in entries():
        want.setdefault(where, []).append(expected(text, fixes))
    problems = []
    for where, texts in want.items():
        have = places.get(where, [])
        if [same(t) for t in have] != [same(t) for t in texts]:
            problems.append(f"{where}:\n  seed: {texts}\n  kit:  {have}")
    extra = [w for w in places if w not in want and places[w]]
    assert not problems, "questions that differ from the seed's:\n" + "\n".join(problems)
    assert not extra, f"questions the seed does not have at {extra}"


def _notes(value) -> list[str]:
    """Every x-note of a YAML value, at any depth."""
    if isinstance(value, dict):
        return [str(v) for k, v in value.items() if str(k).startswith("x-note")] + [
            n for v in value.values() for n in _notes(v)
        ]
    if isinstance(value, list):
        return [n for v in value for n in _notes(v)]
    return []


def test_each_typo_fix_is_small_and_noted_in_the_yaml():
    files = [path for kit in (DIALOGUE, COOP) for path in kit.glob("*.yaml")]
    notes = "\n".join(n for path in files for n in _notes(yaml.safe_load(path.read_text("utf-8"))))
    for where, _text, fixes in entries():
        for old, new in fixes:
            assert len(old) <= 30 and len(new) <= 30, f"{where}: a fix is a typo, not a rewording: {old!r}"
            quoted = re.findall(r"«([^»]*)»", notes)
            assert any(same(old) in same(q) for q in quoted), f"{where}: no x-note quotes the seed's « {old} »"
