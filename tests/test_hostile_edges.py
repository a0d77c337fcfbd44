"""The last cases of the "keep every promise" issue (13): each a located one-line error and exit 1 (or
the right output), never a traceback, nothing left behind when it fails. The table that maps every case
of the issue to its test is in tests/README.md ("Hostile cases")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, run


def _kit(tmp_path, old=None, new=None, name="kit"):
    kit = tmp_path / name
    shutil.copytree(EXAMPLE, kit)
    if old is not None:
        text = (kit / "kit.yaml").read_text(encoding="utf-8")
        assert old in text
        (kit / "kit.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return kit


def _fails(result, *said):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for s in said:
        assert s in result.output, result.output
    return result.output


def _tree(path: Path) -> list[str]:
    """Every name under `path` (links included, not followed), sorted."""
    return sorted(str(p.relative_to(path)) for p in path.rglob("*")) if path.exists() else []


# -- U+2028, U+0085 and U+2029 in a text: later line numbers stay right -----------------------------------
def _validate_with(tmp_path, sep: str, extra: list[str]) -> str:
    kit = tmp_path / f"kit-{ord(sep):x}"
    shutil.rmtree(kit, ignore_errors=True)
    shutil.copytree(EXAMPLE, kit)
    lines = (kit / "contenu.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[2].endswith('"')
    lines[2] = lines[2][:-1] + f' a{sep}b"'  # a line separator inside the title of the first resource
    lines[4:4] = extra
    (kit / "contenu.yaml").write_text("\n".join(lines), encoding="utf-8")
    result = run("validate", kit)
    assert result.exit_code == 1 and "Traceback" not in result.output
    return result.output.replace(sep, " ").replace(str(kit), "KIT")


@pytest.mark.parametrize(
    "extra",
    [
        ["  - id: Bad Id"],  # a value's error (line 5)
        ["  - id: x", "     bad: [indent"],  # a syntax error, explained with the line above
        ["  - id: x", '    title: "open'],  # a quote left open, the line where it ends named
        ["  - id: x", "    title: a", "    title: b"],  # a duplicate key, quoted
    ],
)
def test_unicode_line_separators_do_not_shift_line_numbers(tmp_path, extra):
    """YAML ends lines at U+2028, U+2029 and U+0085 too; editors do not: the messages count lines as
    editors do, exactly as if the character were a space."""
    plain = _validate_with(tmp_path, " ", extra)
    assert re.search(r"KIT/contenu\.yaml:[567]:\d+: error: ", plain), plain
    for sep in ("\u2028", "\x85", "\u2029"):
        assert _validate_with(tmp_path, sep, extra) == plain, repr(sep)
