"""Atomic output: every file is written under a temporary name in the output directory's staging
folder, then renamed into place only when the whole build succeeded.

Nothing is lost: a rename replaces a file in one step, so every file of the output directory is, at any
moment, either the previous version or the new one, complete. Ctrl-C is held back while the files are
renamed and while the staging folder is removed, then delivered. A file the user wrote is never replaced:
only files that deck wrote itself (listed in the previous manifest, or carrying deck's mark) are.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from deck.errors import DeckError, Diagnostics, Loc, display_path

STAGING_PREFIX = ".deck-build-"
MANIFEST = "manifest.json"
_STAGING_RE = re.compile(r"^\.deck-build-(\d+)-")
_DECK_PDF_MARK = b"/Creator (deck)"


@contextlib.contextmanager
def held_interrupts():
    """Hold SIGINT back during the block and deliver it after (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list = []

    def hold(signum, frame):
        pending.append((signum, frame))

    try:
        previous = signal.signal(signal.SIGINT, hold)
    except (ValueError, OSError):  # not allowed here (embedded interpreter): nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pending and callable(previous):
            previous(*pending[0])
        elif pending and previous == signal.SIG_DFL:
            raise KeyboardInterrupt


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours
        return True
    return True


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by a build that was killed (SIGKILL, power cut): its process is gone."""
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return
    for p in entries:
        m = _STAGING_RE.match(p.name)
        if (
            m
            and p.is_dir()
            and not p.is_symlink()
            and int(m.group(1)) != os.getpid()
            and not _pid_alive(int(m.group(1)))
        ):
            shutil.rmtree(p, ignore_errors=True)


def _deck_manifest(path: Path) -> dict | None:
    """The manifest deck wrote in a directory, or None (absent, unreadable, or not deck's)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and str(data.get("tool", "")).startswith("deck "):
        return data
    return None


def _written_by_deck(path: Path) -> bool:
    """A PDF that carries deck's mark (its /Creator), as every PDF deck writes does."""
    try:
        with open(path, "rb") as f:
            return path.suffix.lower() == ".pdf" and _DECK_PDF_MARK in f.read(64 * 1024 * 1024)
    except OSError:
        return False


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and sha256(a) == sha256(b)
    except OSError:
        return False


class Staging:
    """Collects the files of one build; `commit()` moves them into place, anything else leaves DIR as it was."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.dir: Path | None = None
        self.files: list[str] = []
        self.helpers: list = []  # forked helpers writing here: stopped before the folder is removed

    def __enter__(self) -> Staging:
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise DeckError(
                f"{display_path(self.out_dir)} is a file: expected an output directory (-o)",
                Loc(display_path(self.out_dir)),
            )
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DeckError(
                f"cannot create the output directory: {e.strerror or e}", Loc(display_path(self.out_dir))
            ) from None
        remove_stale_staging(self.out_dir)
        with held_interrupts():
            try:
                self.dir = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.out_dir))
            except OSError as e:
                raise DeckError(
                    f"cannot write in the output directory: {e.strerror or e}", Loc(display_path(self.out_dir))
                ) from None
        return self

    def path(self, name: str) -> Path:
        self.files.append(name)
        return self.dir / name

    def write_json(self, name: str, data) -> None:
        self.path(name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def in_the_way(self) -> list[str]:
        """Names this build would replace that deck did not write: a file of the user's, a folder."""
        previous = _deck_manifest(self.out_dir / MANIFEST)
        listed = {o.get("path") for o in (previous or {}).get("outputs", []) if isinstance(o, dict)}
        blocked = []
        for name in self.files:
            target = self.out_dir / name
            if not target.exists() and not target.is_symlink():
                continue
            if target.is_dir() and not target.is_symlink():
                blocked.append(name)
            elif target.is_symlink():
                if not _same_bytes(target, self.dir / name):
                    blocked.append(name)
            elif name == MANIFEST:
                if previous is None:
                    blocked.append(name)
            elif not (
                name in listed
                or name.startswith(".deck-")
                or _written_by_deck(target)
                or _same_bytes(target, self.dir / name)
            ):
                blocked.append(name)
        return blocked

    def commit(self) -> None:
        blocked = self.in_the_way()
        if blocked:
            diag = Diagnostics()
            for name in blocked:
                diag.error(
                    Loc(display_path(self.out_dir / name)),
                    "a file deck did not write is in the way: deck never overwrites your files; "
                    "move or rename it, or choose another output directory (-o)",
                )
            raise DeckError(diag)
        with held_interrupts():
            for name in self.files:  # the manifest last: it describes complete files only
                os.replace(self.dir / name, self.out_dir / name)
            _sync_dir(self.out_dir)

    def __exit__(self, *exc) -> None:
        if self.dir is not None:
            with held_interrupts():
                for helper in self.helpers:
                    helper.stop()
                shutil.rmtree(self.dir, ignore_errors=True)


def _sync_dir(path: Path) -> None:
    """Make the renames durable (a power cut right after a build keeps it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def create_file(path: Path, data: bytes) -> None:
    """Create `path` with `data`, never replacing a file: written under a temporary name, then linked
    into place (the link fails if the name exists), so an interrupt never leaves half a file."""
    fd, tmp = tempfile.mkstemp(prefix=".deck-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with held_interrupts():
            os.link(tmp, path)  # FileExistsError when the name is taken: nothing replaced
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temporary name beside it; never over a file deck did not write."""
    if path.is_symlink() or path.is_dir() or (path.exists() and not _written_by_deck(path)):
        shown = display_path(path)
        raise DeckError(
            f"{shown} exists and deck did not write it: deck never overwrites your files; "
            "choose another name or move it",
            Loc(shown),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".deck-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with held_interrupts():
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
