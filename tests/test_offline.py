"""Offline: a full build, and its check, with the network refused. Nothing is fetched, ever."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

# Every way out of the process through a socket fails, and is written down.
NO_NETWORK = r"""
import socket, sys
tried = []
def refuse(*args, **kwargs):
    tried.append(repr(args)[:80])
    raise PermissionError("network disabled by the test")
class NoSocket(socket.socket):
    def __init__(self, family=-1, *args, **kwargs):
        if family in (socket.AF_INET, socket.AF_INET6, -1):
            refuse(family)
        super().__init__(family, *args, **kwargs)
socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
socket.gethostbyname = refuse
import atexit
atexit.register(lambda: tried and sys.stderr.write("NETWORK TRIED: %s\n" % tried))
from deck.cli import main
sys.argv = ["deck"] + sys.argv[1:]
main()
"""


def _deck(*args, prefix=()):
    return subprocess.run(
        [*prefix, sys.executable, "-c", NO_NETWORK, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_full_build_and_check_with_sockets_refused(tmp_path):
    out = tmp_path / "out"
    r = _deck("build", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "NETWORK TRIED" not in r.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all((out / o["path"]).is_file() for o in manifest["outputs"])
    r = _deck("check", "atelier-exemple")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "NETWORK TRIED" not in r.stderr


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _can_unshare(), reason="no network namespaces here (unshare -rn)")
def test_full_build_in_a_network_namespace_without_network(tmp_path):
    out = tmp_path / "out"
    r = _deck("build", "-o", out, prefix=("unshare", "-rn"))
    assert r.returncode == 0, r.stderr
    assert (out / "manifest.json").is_file()
