"""Files written safely, at the bottom of the stack: whole or not at all (a temporary name, then a
rename or a link), durable (fsync), never over a file deck did not write, Ctrl-C held across a rename."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import tempfile
import threading
from pathlib import Path

from deck.errors import DeckError, Loc, display_path

MANIFEST = "manifest.json"
DECK_PDF_MARK = b"/Creator (deck)"


@contextlib.contextmanager
def held_interrupts():
    """Hold SIGINT (Ctrl-C) and SIGTERM back during the block and deliver them after (main thread only;
    elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list = []

    def hold(signum, frame):
        pending.append((signum, frame))

    held = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None]
    previous: dict = {}
    try:
        for s in held:
            previous[s] = signal.signal(s, hold)
    except (ValueError, OSError):  # not allowed here (embedded interpreter): nothing to hold
        for s, handler in previous.items():
            signal.signal(s, handler)
        yield
        return
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        first: dict = {}
        for signum, frame in pending:
            first.setdefault(signum, frame)
        for signum, frame in first.items():
            handler = previous[signum]
            if callable(handler):
                handler(signum, frame)
            elif handler == signal.SIG_DFL and signum == signal.SIGINT:
                raise KeyboardInterrupt
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), signum)  # what it would have done, now that the files are in place


def deck_manifest(path: Path) -> dict | None:
    """The manifest deck wrote in a directory, or None (absent, unreadable, or not deck's)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and str(data.get("tool", "")).startswith("deck "):
        return data
    return None


def written_by_deck(path: Path) -> bool:
    """A PDF that carries deck's mark (its /Creator), as every PDF deck writes does."""
    try:
        with open(path, "rb") as f:
            return path.suffix.lower() == ".pdf" and DECK_PDF_MARK in f.read(64 * 1024 * 1024)
    except OSError:
        return False


def _fsync(path: Path) -> None:
    """fsync a file or a directory, as far as the file system allows (a share may refuse: then nothing)."""
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


def sync_dir(path: Path) -> None:
    """Make the renames durable (a power cut right after a build keeps it)."""
    _fsync(path)


def fsync_file(path: Path) -> None:
    """Make a file's bytes durable before it is renamed into place."""
    _fsync(path)


def fsync_files(paths: list[Path]) -> None:
    """fsync_file of each, several at once (threads: each waits for the disk, not for the others; a build's
    thirty files take a fifth of the time they take one after the other)."""
    if len(paths) < 2:
        for p in paths:
            _fsync(p)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(8, len(paths))) as ex:
        for _ in ex.map(_fsync, paths):
            pass


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _umask() -> int:
    """The process's umask (read by setting it, then put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temporary(folder: Path) -> tuple[int, str]:
    """A new file beside its final name, with the mode an ordinary new file gets (0666 less the umask):
    mkstemp makes it 0600, which the rename would keep."""
    fd, tmp = tempfile.mkstemp(prefix=".deck-", dir=folder)
    with contextlib.suppress(OSError, AttributeError):  # a file system without modes, or no fchmod (Windows)
        os.fchmod(fd, 0o666 & ~_umask())
    return fd, tmp


def create_file(path: Path, data: bytes) -> None:
    """Create `path` with `data`, never replacing a file: written under a temporary name, then linked
    into place (the link fails if the name exists), so an interrupt never leaves half a file."""
    fd, tmp = _temporary(path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with held_interrupts():
            os.link(tmp, path)  # FileExistsError when the name is taken: nothing replaced
    finally:
        Path(tmp).unlink(missing_ok=True)


MAX_NAME_BYTES = 255  # a file name, on every common file system


def update_file(path: Path, data: bytes) -> None:
    """Replace a file the user asked deck to update in place (a translation catalogue merged with the kit's
    texts), through a temporary name beside it: never a symlink or a directory."""
    if path.is_symlink() or path.is_dir():
        shown = display_path(path)
        raise DeckError(f"{shown} is a link or a directory: expected a file to update", Loc(shown))
    _replace(path, data)


def _replace(path: Path, data: bytes) -> None:
    """`data` written under a temporary name beside `path`, then renamed over it (an interrupt is held
    during the rename); the temporary file removed on any failure."""
    fd, tmp = _temporary(path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with held_interrupts():
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temporary name beside it; never over a file deck did not write. Whatever
    the system refuses (a folder under a file, a name too long, a full disk) is a located DeckError."""
    shown = display_path(path)
    with _refusals(path, shown):
        if path.is_symlink() or path.is_dir() or (path.exists() and not written_by_deck(path)):
            raise DeckError(
                f"{shown} exists and deck did not write it: deck never overwrites your files; "
                "choose another name or move it",
                Loc(shown),
            )
        _in_new_folders(path, lambda: _replace(path, data))


def create_new_file(path: Path, data: bytes) -> None:
    """Create `path` with `data`, and the folders it needs, never over an existing name (create_file);
    what the system refuses (a folder under a file, a name too long, a full disk) is a located DeckError."""
    shown = display_path(path)
    with _refusals(path, shown):
        _in_new_folders(path, lambda: create_file(path, data))


@contextlib.contextmanager
def _refusals(path: Path, shown: str):
    """What the system refuses while `path` is written, said at `path` in one sentence."""
    size = len(path.name.encode("utf-8", "surrogateescape"))
    if size > MAX_NAME_BYTES:
        raise DeckError(
            f"a file name of {size} bytes: expected at most {MAX_NAME_BYTES} (what file systems allow); "
            "choose a shorter name",
            Loc(shown),
        )
    try:
        yield
    except (FileExistsError, NotADirectoryError) as e:
        if e.filename is not None and Path(e.filename) == path:
            raise DeckError(f"cannot write the file: {e.strerror or e}", Loc(shown)) from None
        raise DeckError("cannot write the file: it is under a file, not a folder", Loc(shown)) from None
    except OSError as e:
        raise DeckError(f"cannot write the file: {e.strerror or e}", Loc(shown)) from None


def _in_new_folders(path: Path, write) -> None:
    """`write()` after making the folders `path` needs; the folders made are removed again if it fails."""
    made = []
    folder = path.parent
    while not os.path.lexists(folder) and folder != folder.parent:
        made.append(folder)
        folder = folder.parent
    try:
        for d in reversed(made):
            os.mkdir(d)
        write()
    except BaseException:
        for d in made:
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
