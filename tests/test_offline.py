"""Offline: a full build, and its check, with the network refused. Nothing is fetched, ever."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

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


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def test_full_build_and_check_with_sockets_refused(tmp_path):
    """The default kit built with every socket refused (and each attempt written down) and, where the
    system allows it, in a network namespace that has no network at all (unshare -rn); then a check."""
    out = tmp_path / "out"
    namespace = ("unshare", "-rn") if _can_unshare() else ()
    r = _deck("build", "-o", out, prefix=namespace)
    assert r.returncode == 0, r.stderr
    assert "NETWORK TRIED" not in r.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all((out / o["path"]).is_file() for o in manifest["outputs"])
    r = _deck("check", "atelier-exemple", "--dpi", "150")  # the resolution does not change what is fetched
    assert r.returncode == 0, r.stdout + r.stderr
    assert "NETWORK TRIED" not in r.stderr
