"""The second core (deck.build.workers): only the command line uses it, it writes the bytes a serial build
writes, it changes no setting of the process, and its workers never outlive the build."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from deck.build import pipeline, workers

LINUX = sys.platform.startswith("linux")


def _kit(root: Path, n: int) -> Path:
    """A kit of n generic cards, each with its own resource and QR code."""
    root.mkdir()
    cards = ["cards:"]
    res = ["resources:"]
    for i in range(n):
        cards += [
            f"  - id: c{i:05d}",
            f'    type: "{("Question", "Défi", "Témoignage")[i % 3]}"',
            f'    title: "Carte {i} : « le dialogue » au travail"',
            '    text: "Qu’en pensez-vous ? Le télétravail, la charge de travail et l’autonomie."',
            f"    resources: [r{i:05d}]",
        ]
        res += [f"  - id: r{i:05d}", f'    title: "Fiche {i}"', f'    url: "https://exemple.fr/fiche/{i}"']
    (root / "cartes.yaml").write_text("\n".join(cards) + "\n", encoding="utf-8")
    (root / "ressources.yaml").write_text("\n".join(res) + "\n", encoding="utf-8")
    (root / "kit.yaml").write_text(
        'id: vitesse\ntitle: "Vitesse"\nlanguage: fr\nversion: 1.0.0\n'
        'decks:\n  - id: cartes\n    title: "Cartes"\n    cards: cards\n    back: "Le verso"\n',
        encoding="utf-8",
    )
    return root


def _files(out: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def _children_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def _clear_caches(monkeypatch) -> None:
    from deck.layout import qr
    from deck.render import qr as qrdraw

    monkeypatch.setattr(qr, "_MATRICES", {})
    monkeypatch.setattr(qrdraw, "_PATHS", {})


@pytest.mark.skipif(not workers.available(), reason="no fork here: builds are serial")
def test_two_processes_write_the_bytes_one_process_writes(tmp_path, monkeypatch):
    from deck.kit.load import resolve_kit
    from deck.units import board_size

    # the default kit on A3 boards: its boards warn of their shrunk card slots, so that the messages of the
    # boards and tiles written by either process are compared too
    (w, h), a3 = board_size("A3")
    kits = [
        ("default", resolve_kit(None), {"board_size": (w, h), "board_name": a3}),
        ("cards", _kit(tmp_path / "kit", 130), {}),
    ]
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 0)  # small kits, to be quick: both on two processes
    monkeypatch.setattr(pipeline, "QR_MIN", 100)  # the synthetic kit's 130 codes computed by the workers too
    for name, kit, extra in kits:
        _clear_caches(monkeypatch)
        one = pipeline.build(kit, tmp_path / f"{name}-one", pipeline.Options(jobs=1, **extra))
        _clear_caches(monkeypatch)
        cpu = _children_cpu()
        two = pipeline.build(kit, tmp_path / f"{name}-two", pipeline.Options(jobs=2, **extra))
        assert _children_cpu() > cpu  # the workers did some of the work
        a, b = _files(tmp_path / f"{name}-one"), _files(tmp_path / f"{name}-two")
        assert a.keys() == b.keys() and sum(n.endswith(".pdf") for n in a) >= 2
        for n in a:
            assert a[n] == b[n], (name, n)
        assert [str(d) for d in one.diagnostics.items] == [str(d) for d in two.diagnostics.items]
        assert [o.path for o in one.outputs] == [o.path for o in two.outputs]
        if name == "default":
            assert sum("card slots" in str(d) for d in two.diagnostics.items) >= 4


def test_as_a_library_a_build_is_serial_and_changes_no_setting(tmp_path):
    from conftest import EXAMPLE
    from reportlab import rl_config

    gc_before, a85_before = gc.get_threshold(), rl_config.useA85
    cpu = _children_cpu()
    pipeline.build(EXAMPLE, tmp_path / "out")
    assert _children_cpu() == cpu  # no process was started
    assert gc.get_threshold() == gc_before and rl_config.useA85 == a85_before
    # the PDF streams are still binary Flate, not ASCII85 (deck's choice, made for its own files only)
    data = b"".join(p.read_bytes() for p in (tmp_path / "out").glob("*.pdf"))
    assert b"/FlateDecode" in data and b"/ASCII85Decode" not in data


def _processes_with(marker: str) -> list[int]:
    """Living processes whose command line holds `marker` (zombies left out), read from /proc."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes()
            state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmd and state != "Z":
            found.append(int(d.name))
    return found


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(d.name))
    return out


@pytest.mark.skipif(not LINUX or not workers.available(), reason="/proc and PR_SET_PDEATHSIG: Linux")
def test_killing_deck_build_leaves_no_worker_running(tmp_path):
    kit = _kit(tmp_path / "big-kit", 3000)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "deck", "build", str(kit), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        seen: list = []
        time.sleep(0.5)
        while not seen and proc.poll() is None and time.monotonic() < deadline:
            seen = _children(proc.pid)  # wait for the workers to be there
            time.sleep(0.02)
        assert seen, "the build ended before it started any worker"  # the command line uses them
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        time.sleep(1.0)
        assert _processes_with(str(kit)) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_ctrl_c_during_a_two_process_build_is_exit_130_without_traceback(tmp_path):
    kit = _kit(tmp_path / "big-kit", 1500)
    proc = subprocess.Popen(
        [sys.executable, "-m", "deck", "build", str(kit), "-o", str(tmp_path / "out")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while LINUX and not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err, err.decode()
    if LINUX:
        time.sleep(0.5)
        assert _processes_with(str(kit)) == []
    assert not (tmp_path / "out").exists() or not any(p.suffix == ".pdf" for p in (tmp_path / "out").iterdir())


_HALF_SENT = """
import multiprocessing.connection as mc, os, signal, time
from deck.build import workers

def job():
    # this worker is stopped half-way through sending its result, as a Ctrl-C's kill can catch it
    send = mc.Connection._send
    def half(self, buf):
        send(self, bytes(buf[: len(buf) // 2]))
        os.kill(os.getpid(), signal.SIGSTOP)
    mc.Connection._send = half
    return b"x" * 1_000_000

pool = workers.Pool(2)
pool.submit(job)
time.sleep(1.0)
pool.stop()
print("stopped")
"""


@pytest.mark.skipif(not workers.available() or not LINUX, reason="needs fork and SIGSTOP (Linux)")
def test_stopping_the_pool_while_a_worker_is_half_way_through_sending_its_result_does_not_hang():
    # the way a Ctrl-C during a build hung for ever (tests above, once in a while under load)
    proc = subprocess.run([sys.executable, "-c", _HALF_SENT], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "stopped"
