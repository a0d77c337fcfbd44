"""What `pip install .` puts in place: every package of the source tree, so that an installed deck runs."""

from __future__ import annotations

import re

from conftest import ROOT


def _listed() -> set[str]:
    """The packages pyproject.toml lists (read as text: tomllib is not in Python 3.10)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^packages = \[(.*?)\]", text, re.S | re.M)
    assert block, "no packages = [...] in pyproject.toml"
    return set(re.findall(r'"([\w.]+)"', block.group(1)))


def test_every_package_of_the_tree_is_installed():
    listed = _listed()
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "deck").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    missing = sorted(found - listed)
    assert not missing, f"packages missing from pyproject.toml [tool.setuptools] packages: {missing}"


def test_every_kind_of_file_of_the_bundled_kits_and_layouts_is_installed():
    # the English catalogues (content/*/translations/en.po) were once left out of `pip install .`: an
    # installed deck could not build `--language en`, while the tests, on an editable install, could
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for package, folder in (("deck.content", "content"), ("deck.layouts", "layouts")):
        line = re.search(rf'^"{re.escape(package)}" = \[(.*?)\]', text, re.M)
        assert line, f"no package data for {package}"
        patterns = set(re.findall(r'"\*\*/\*\.(\w+)"', line.group(1)))
        kinds = {
            p.suffix.lstrip(".")
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in p.parts)
        }
        assert kinds <= patterns, f"{folder}/ holds files that pip install leaves out: {sorted(kinds - patterns)}"
