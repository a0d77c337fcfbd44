"""`deck check DIR` on a damaged or tampered build directory: every problem is a finding, never a
traceback, and a page too large to render is reported without rendering it (memory stays bounded)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, run


def _tampered(example_build, tmp_path, page_mm: float):
    out = tmp_path / "out"
    shutil.copytree(example_build, out)
    from reportlab.pdfgen import canvas

    name = "atelier-exemple-acteurs.pdf"
    side = page_mm / 25.4 * 72
    c = canvas.Canvas(str(out / name), pagesize=(side, side))
    c.drawString(100, 100, "a page of five metres")
    c.showPage()
    c.save()
    return out, name


def test_a_page_of_five_metres_is_reported_without_rendering_it(example_build, tmp_path):
    out, name = _tampered(example_build, tmp_path, 5000)
    report = tmp_path / "report.txt"
    with open(report, "w+", encoding="utf-8") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "deck", "check", str(out)], cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory, whatever ran before it
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = report.read_text(encoding="utf-8")
    assert proc.returncode == 1, text
    assert "Traceback" not in text
    assert name in text and "5000 × 5000 mm: too large to render" in text
    assert usage.ru_maxrss < 1024 * 1024, f"{usage.ru_maxrss / 1024:.0f} MB"  # kB on Linux


@pytest.mark.parametrize(
    "damage",
    [
        {"outputs": 7},
        {"outputs": ["a.pdf"]},
        {"outputs": [None, 3]},
        {"kit": "x"},
        {"kit": ["x"]},
    ],
)
def test_a_manifest_of_the_wrong_shape_is_a_finding(example_build, tmp_path, damage):
    out = tmp_path / "out"
    shutil.copytree(example_build, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(damage)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run("check", out, "--dpi", "72")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output


@pytest.mark.parametrize(
    "damage",
    [
        {"files": []},
        {"files": {"atelier-exemple-acteurs.pdf": {"pages": 3}}},
        {"files": {"atelier-exemple-acteurs.pdf": {"pages": [1, 2]}}},
        {"fonts": ["x"]},
        {"fonts": {"A": 1}},
        {"safe_mm": "3"},
        {"safe_mm": float("nan")},
        {"faces": {}},
    ],
)
def test_a_plan_of_the_wrong_shape_is_not_followed(example_build, tmp_path, damage):
    out = tmp_path / "out"
    shutil.copytree(example_build, out)
    plan = json.loads((out / ".deck-plan.json").read_text(encoding="utf-8"))
    plan.update(damage)
    (out / ".deck-plan.json").write_text(json.dumps(plan), encoding="utf-8")
    result = run("check", out, "--dpi", "72")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    assert ".deck-plan.json is damaged" in result.output
