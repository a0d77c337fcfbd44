"""The commit of a build is all or nothing, even when it is killed or a rename fails: the output
directory holds the previous build or the new one, whole, with the manifest that describes it (at the
latest after the next `deck build`, which finishes or rolls back an interrupted commit)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, run

from deck.build.staging import JOURNAL, STAGING_PREFIX

NOTES = "notes.txt"


def _files(out: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.is_file()}


def _consistent(out: Path) -> dict:
    """The manifest lists exactly the PDFs of the directory, each with its sha256; the user's notes are
    untouched; no journal or staging folder is left. Returns the manifest's outputs."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    files = _files(out)
    assert {n for n in files if n.endswith(".pdf")} == set(listed)
    for name, sha in listed.items():
        assert files[name] == sha, name
    assert (out / NOTES).read_text(encoding="utf-8") == "mine\n"
    assert not (out / JOURNAL).exists()
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    return listed


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """An A4 build and a Letter build of the example (every file differs), and a fresh copy maker."""
    base = tmp_path_factory.mktemp("commit")
    old, new = base / "old", base / "new"
    assert run("build", EXAMPLE, "-o", old, "--paper", "letter").exit_code == 0
    assert run("build", EXAMPLE, "-o", new).exit_code == 0
    for d in (old, new):
        (d / NOTES).write_text("mine\n", encoding="utf-8")
    return _consistent(old), _consistent(new), old


def _previous(two_builds, out: Path) -> None:
    _, _, old = two_builds
    out.mkdir()
    for p in old.iterdir():
        if p.is_file():
            (out / p.name).write_bytes(p.read_bytes())


def _old_or_new(two_builds, out: Path) -> str:
    old, new, _ = two_builds
    listed = _consistent(out)
    assert listed in (old, new)
    return "old" if listed == old else "new"


@pytest.mark.parametrize("failing", [1, 6, "last"])
@pytest.mark.parametrize("code", [errno.EIO, errno.EACCES])
def test_a_rename_failing_mid_commit_leaves_the_previous_build(two_builds, tmp_path, monkeypatch, failing, code):
    out = tmp_path / "out"
    _previous(two_builds, out)
    real = os.replace
    calls: list = []
    failed: list = []

    def replace(src, dst):
        calls.append(dst)
        last = Path(dst).name == "manifest.json" and Path(dst).parent == out and len(calls) > 2
        if len(calls) == failing or (failing == "last" and last and not failed):
            failed.append(dst)
            raise OSError(code, os.strerror(code))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = run("build", EXAMPLE, "-o", out)
    monkeypatch.undo()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: cannot put this file in place" in result.output
    assert "the previous build is back as it was" in result.output
    assert _old_or_new(two_builds, out) == "old"


def test_a_roll_back_that_fails_too_is_finished_by_the_next_build(two_builds, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _previous(two_builds, out)
    real = os.replace
    calls: list = []

    def replace(src, dst):  # the disk goes bad after 5 renames: the roll back fails as well
        calls.append(dst)
        if len(calls) > 5:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = run("build", EXAMPLE, "-o", out)
    monkeypatch.undo()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the next deck build into" in result.output
    assert (out / JOURNAL).exists()
    result = run("build", EXAMPLE, "-o", out, "--paper", "letter")  # the disk is fine again
    assert result.exit_code == 0, result.output
    assert "the build before it was put back, whole" in result.output
    assert _old_or_new(two_builds, out) == "old"


_KILL_AT_RENAME = """
import os, signal, sys
n = int(sys.argv[1])
real, count = os.replace, [0]
def replace(a, b):
    real(a, b)
    count[0] += 1
    if count[0] == n:
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from deck.cli import main
sys.argv = ["deck", "build", sys.argv[2], "-o", sys.argv[3]]
main()
"""


def _kill_at_rename(two_builds, tmp_path, n: int) -> str:
    out = tmp_path / f"out{n}"
    _previous(two_builds, out)
    proc = subprocess.run(
        [sys.executable, "-c", _KILL_AT_RENAME, str(n), str(EXAMPLE), str(out)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert (out / JOURNAL).exists()  # killed in the middle of its commit
    result = run("build", EXAMPLE, "-o", out, "--paper", "letter")  # the next build: the old one again
    assert result.exit_code == 0, result.output
    return _old_or_new(two_builds, out)


@pytest.mark.parametrize("n", [1, 17])  # every one: the slow test below
def test_sigkill_between_two_renames_is_rolled_back_by_the_next_build(two_builds, tmp_path, n):
    assert _kill_at_rename(two_builds, tmp_path, n) == "old"


@pytest.mark.slow
def test_sigkill_after_every_rename_of_a_commit(two_builds, tmp_path):
    # 9 files (7 PDFs, the plan, the manifest) replaced: 18 renames; the last puts the manifest in place
    for n in range(1, 18):
        assert _kill_at_rename(two_builds, tmp_path, n) == "old"


@pytest.mark.slow
def test_sigkill_at_20_moments_of_a_build_leaves_a_consistent_directory(two_builds, tmp_path):
    """Killed at 20 moments spread over a whole build (from the start of the interpreter to past its end):
    the directory is the old build or the new one, with its manifest, after the next build at the latest."""
    cmd = [sys.executable, "-m", "deck", "build", str(EXAMPLE), "-o"]
    probe = tmp_path / "probe"
    t0 = time.monotonic()
    subprocess.run(cmd + [str(probe)], cwd=ROOT, check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - t0
    outcomes = set()
    for k in range(20):
        out = tmp_path / f"kill{k}"
        _previous(two_builds, out)
        proc = subprocess.Popen(cmd + [str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * (k + 1) / 19)
        proc.kill()
        proc.wait(timeout=60)
        if not (out / JOURNAL).exists():  # killed outside the commit: already one build, whole
            old, new, _ = two_builds
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
            assert {o["path"]: o["sha256"] for o in manifest["outputs"]} in (old, new)
        outcomes.add(proc.returncode)
        before = _files(out)
        result = run("build", EXAMPLE, "-o", out, "--paper", "letter")
        assert result.exit_code == 0, result.output
        assert _old_or_new(two_builds, out) == "old"
        assert before.get(NOTES) == _files(out)[NOTES]
    assert -signal.SIGKILL in outcomes


def test_a_running_builds_staging_folder_is_not_taken_for_stale(tmp_path):
    """A build in another PID namespace (a container) has a process id this one cannot see: its staging
    folder is known by its lock, which it holds, not by its process id."""
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    other = out / f"{STAGING_PREFIX}4000000-abcdefgh"  # a process id this namespace does not have
    other.mkdir()
    (other / "half.pdf").write_bytes(b"%PDF being written")
    fd = os.open(other / ".lock", os.O_CREAT | os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert run("build", EXAMPLE, "-o", out).exit_code == 0
        assert (other / "half.pdf").exists()
    finally:
        os.close(fd)
    assert run("build", EXAMPLE, "-o", out).exit_code == 0  # its build is gone: cleared
    assert not other.exists()


def test_two_outputs_with_one_name_stop_the_build_before_it_writes(tmp_path, kit_copy):
    out = tmp_path / "out"
    assert run("build", kit_copy, "-o", out, "--duplex", "none", "--tables", "2").exit_code == 0
    before = _files(out)
    text = (kit_copy / "kit.yaml").read_text(encoding="utf-8")
    (kit_copy / "kit.yaml").write_text(text.replace("id: evenements", "id: acteurs-versos"), encoding="utf-8")
    result = run("build", kit_copy, "-o", out, "--duplex", "none")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert 'deck acteurs-versos: its file "atelier-exemple-acteurs-versos.pdf" would have the name of' in result.output
    (kit_copy / "kit.yaml").write_text(text.replace("id: evenements", "id: packing-list"), encoding="utf-8")
    result = run("build", kit_copy, "-o", out, "--tables", "2")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "would have the name of the packing list" in result.output
    assert _files(out) == before
