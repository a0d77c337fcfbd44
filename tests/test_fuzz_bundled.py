"""Random breakage of the bundled kits never gives a traceback: a clean build or located errors."""

from __future__ import annotations

import random
import re
import shutil

import pytest
from conftest import CONTENT, run

MUTATIONS = ("delete", "duplicate", "indent", "dedent", "truncate", "unknown_key", "wrong_type", "dup_id", "bad_bytes")


def mutate(text: str, rng: random.Random, how: str) -> bytes:
    lines = text.splitlines()
    i = rng.randrange(len(lines))
    if how == "delete":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = "  " + lines[i]
    elif how == "dedent":
        lines[i] = lines[i].lstrip()
    elif how == "truncate":
        return "\n".join(lines)[: rng.randrange(len(text))].encode()
    elif how == "unknown_key":
        lines[i] = re.sub(r"^(\s*-?\s*)([a-z_]+):", r"\1\2x:", lines[i])
    elif how == "wrong_type":
        lines[i] = re.sub(r":\s.*$", ": [1, 2]", lines[i])
    elif how == "dup_id":
        ids = [line for line in lines if re.match(r"^\s*- id: ", line)]
        if ids:
            lines[i] = rng.choice(ids) if re.match(r"^\s*- id: ", lines[i]) else lines[i]
    elif how == "bad_bytes":
        data = "\n".join(lines).encode()
        k = rng.randrange(len(data))
        return data[:k] + bytes([0xFF, 0xFE, 0x00]) + data[k:]
    return "\n".join(lines).encode()


@pytest.mark.parametrize("kit", sorted(p.name for p in CONTENT.iterdir() if (p / "kit.yaml").is_file()))
def test_random_breakage_never_crashes(kit, tmp_path):
    rng = random.Random(kit)
    src = CONTENT / kit
    files = sorted(p.name for p in src.glob("*.yaml"))
    for n in range(12):
        work = tmp_path / f"k{n}"
        shutil.copytree(src, work)
        name = rng.choice(files)
        how = MUTATIONS[n % len(MUTATIONS)]
        (work / name).write_bytes(mutate((src / name).read_text(encoding="utf-8"), rng, how))
        result = run("validate", work)
        assert result.exit_code in (0, 1), (how, name, result.output)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            lines = [line for line in result.output.splitlines() if ": error: " in line]
            assert lines, (how, result.output)
            assert all(re.match(r"^\S+\.yaml(:\d+:\d+)?: error: ", line) for line in lines), (how, lines)
