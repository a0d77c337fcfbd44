"""Atomic output: every file is written under a temporary name in the output directory's staging
folder, then renamed into place only when the whole build succeeded, through a journal.

All or nothing, even across a crash. The commit writes `DIR/.deck-commit.json` (the staging folder, the
names to put in place, in order, the manifest last) and makes it durable before the first rename; each
file of the previous build that a new one replaces is first moved aside into the staging folder (`.old/`),
never deleted before the new manifest is in place. A build killed (SIGKILL, power cut) or failing (EIO,
EACCES) in the middle of its renames leaves the journal: the next build into DIR (or the failing one at
once) puts the previous files back, or, when the new manifest was already in place, finishes. So DIR
always holds one build, whole, with the manifest that describes it. Only renames inside one directory and
a plain file are used: it works on every file system that has rename (FAT, network shares), no links.

Nothing is overwritten that deck did not write: ownership is the previous manifest's sha256. A file under
the name of an output that is not the bytes the previous build wrote (the user's own PDF, a deck PDF
annotated since) stops the build before any rename, and is named. Ctrl-C and SIGTERM are held back while
the files are renamed and delivered after.

The directory holds exactly the build: a file the previous build wrote and this one does not (a deck
renamed, the kit's language switched) is removed in the same commit, if it is unchanged since (its
sha256 is the previous manifest's). Files deck did not write, and files changed since deck wrote them,
stay as they are: the commit names them (`foreign`, `modified`) for the CLI to say so.

A staging folder is owned by the build that holds the lock on its `.lock` file (flock: it works across
PID namespaces and containers); one whose lock is free is a killed build's, cleared by the next one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from deck.errors import DeckError, Diagnostics, Loc, display_path
from deck.files import (
    MANIFEST,
    deck_manifest,
    fsync_files,
    held_interrupts,
    sha256,
    sync_dir,
)

STAGING_PREFIX = ".deck-build-"
JOURNAL = ".deck-commit.json"  # a commit under way: what the next build finishes or rolls back
LOCK = ".lock"  # in a staging folder: flocked by its build while it lives
OLD = ".old"  # in a staging folder: the previous build's files a commit moved aside
MAX_NAME_BYTES = 255  # a file name, on every common file system
_STAGING_RE = re.compile(r"^\.deck-build-(\d+)-[A-Za-z0-9_]+$")
_YOUNG = 60.0  # seconds: a staging folder without its lock file yet is being made


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours
        return True
    return True


def _lock(folder: Path) -> int | None:
    """Take the lock of a new staging folder; its descriptor, kept open while the build lives."""
    try:
        import fcntl
    except ImportError:  # Windows: the process id in the folder's name tells
        return None
    try:
        fd = os.open(folder / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # a file system without locks: the process id tells
        os.close(fd)
        return None
    return fd


def in_use(folder: Path) -> bool:
    """Whether the build that made a staging folder is still running."""
    m = _STAGING_RE.match(folder.name)
    pid = int(m.group(1)) if m else -1
    try:
        import fcntl
    except ImportError:
        return _pid_alive(pid)
    try:
        fd = os.open(folder / LOCK, os.O_RDWR)
    except FileNotFoundError:
        try:  # made by a build between mkdtemp and its lock, or by an older deck
            young = time.time() - folder.stat().st_mtime < _YOUNG
        except OSError:
            return False
        return young or _pid_alive(pid)
    except OSError:
        return True  # cannot tell: left alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # no locks here: the process id (same PID namespace only)
        return _pid_alive(pid)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by a build that was killed (SIGKILL, power cut): nobody holds their lock."""
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return
    for p in entries:
        if _STAGING_RE.match(p.name) and p.is_dir() and not p.is_symlink() and not in_use(p):
            shutil.rmtree(p, ignore_errors=True)


def _plain_name(name: str) -> bool:
    """A name deck writes: a file directly in the output directory (a manifest naming anything else is
    not followed)."""
    return (
        bool(name)
        and "/" not in name
        and "\\" not in name
        and name not in (".", "..")
        and not any(ord(c) < 32 or c == "\x7f" for c in name)
        and len(name.encode("utf-8", "surrogateescape")) <= MAX_NAME_BYTES
    )


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and sha256(a) == sha256(b)
    except OSError:
        return False


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _listed(previous: dict | None) -> dict[str, str | None]:
    """The previous manifest's outputs: name -> the sha256 of what deck wrote; and the files of earlier
    builds it kept because they had changed since (`kept`): name -> None, still deck's, still changed."""
    listed: dict[str, str | None] = {}
    kept = (previous or {}).get("kept")
    for name in kept if isinstance(kept, list) else []:
        if isinstance(name, str) and _plain_name(name):
            listed[name] = None
    for o in (previous or {}).get("outputs", []) if isinstance((previous or {}).get("outputs"), list) else []:
        name = o.get("path") if isinstance(o, dict) else None
        if isinstance(name, str) and _plain_name(name):
            sha = o.get("sha256")
            listed[name] = sha if isinstance(sha, str) else None
    return listed


def _write_journal(out_dir: Path, data: dict) -> Path:
    """The journal, created (never over another build's) and durable before the first rename."""
    path = out_dir / JOURNAL
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        os.write(fd, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)
    sync_dir(out_dir)
    return path


def _roll_back(out_dir: Path, folder: Path, order: list[str], existed: list[str]) -> None:
    """Put the previous build back: its files moved aside return, the new ones it did not have go."""
    old = folder / OLD
    had = set(existed)
    for name in reversed(order):
        if (old / name).exists() or (old / name).is_symlink():
            os.replace(old / name, out_dir / name)
        elif name not in had and not _exists(folder / name) and _exists(out_dir / name):
            (out_dir / name).unlink()  # this build's file, put in place: the previous build had none
    if old.is_dir():  # the previous build's files that this one removed
        for p in old.iterdir():
            if _plain_name(p.name) and not _exists(out_dir / p.name):
                os.replace(p, out_dir / p.name)
    sync_dir(out_dir)


def recover(out_dir: Path) -> str | None:
    """Finish or roll back a commit that did not end (its build was killed, or failed in its renames):
    'finished', 'rolled back', or None when there was none. Raises DeckError while another build is
    in its commit."""
    journal = out_dir / JOURNAL
    shown = display_path(out_dir)
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise DeckError(f"cannot read {JOURNAL}: {e.strerror or e}", Loc(display_path(journal))) from None
    try:
        data = json.loads(raw.decode("utf-8"))
        folder = out_dir / data["staging"]
        order = [n for n in data["order"] if isinstance(n, str) and _plain_name(n)]
        existed = [n for n in data["existed"] if isinstance(n, str)]
        if not _STAGING_RE.match(data["staging"]) or not order:
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        # torn: the build died while writing it, before its first rename (it is durable before that)
        with contextlib.suppress(OSError):
            journal.unlink()
        return None
    if folder.is_dir() and in_use(folder):
        raise DeckError(
            f"another deck build is putting its files into {shown} right now: wait for it to end", Loc(shown)
        )
    try:
        with held_interrupts():
            if not folder.is_dir() or not _exists(folder / order[-1]):
                outcome = "finished"  # the new manifest is in place: the new build is whole
            else:
                _roll_back(out_dir, folder, order, existed)
                outcome = "rolled back"
            journal.unlink()
            sync_dir(out_dir)
    except OSError as e:
        error = DeckError(
            f"an interrupted build left {JOURNAL}, and putting the previous files back failed: "
            f"{e.strerror or e}; check that {shown} is writable and build again",
            Loc(display_path(journal)),
        )
        error.written = (
            f"nothing written by this build; {shown} still holds an interrupted build's files, part old and "
            "part new (its manifest may not match them): do not print from it before a build succeeds"
        )
        raise error from None
    shutil.rmtree(folder, ignore_errors=True)
    return outcome


class Staging:
    """Collects the files of one build; `commit()` moves them into place, anything else leaves DIR as it was."""

    def __init__(self, out_dir: Path, force: bool = False):
        self.out_dir = out_dir
        self.force = force  # replace the files in the way that deck did not write (never a folder): `forced`
        self.forced: list[tuple[str, str]] = []  # after commit: (name, why) of each file replaced so
        self.folder: Path | None = None  # the staging folder, once entered
        self.files: list[str] = []
        self.helpers: list = []  # forked helpers writing here: stopped before the folder is removed
        self.removed: list[str] = []  # after commit: the previous build's files this one removed
        self.modified: list[str] = []  # the previous build's files, changed since: kept
        self.foreign: list[str] = []  # files and folders deck did not write: kept, untouched
        self.recovered: str | None = None  # a previous commit that did not end: 'finished' or 'rolled back'
        self._lock_fd: int | None = None
        self._keep_folder = False  # a failed roll back: the previous files are in it

    def __enter__(self) -> Staging:
        shown = display_path(self.out_dir)
        try:
            if self.out_dir.exists() and not self.out_dir.is_dir():
                raise DeckError(f"{shown} is a file: expected an output directory (-o)", Loc(shown))
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            what = "it is under a file" if isinstance(e, (FileExistsError, NotADirectoryError)) else e.strerror
            raise DeckError(f"cannot create the output directory: {what or e}", Loc(shown)) from None
        self.recovered = recover(self.out_dir)
        remove_stale_staging(self.out_dir)
        try:
            with held_interrupts():  # a Ctrl-C held here is raised at its end, in __enter__: no __exit__ then
                try:
                    self.folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.out_dir))
                except OSError as e:
                    raise DeckError(f"cannot write in the output directory: {e.strerror or e}", Loc(shown)) from None
                self._lock_fd = _lock(self.folder)
        except BaseException:
            self.__exit__(None, None, None)  # the folder just made goes at once
            raise
        return self

    @property
    def dir(self) -> Path:
        """The staging folder (inside the `with` block only)."""
        if self.folder is None:
            raise RuntimeError("Staging used outside its with block")
        return self.folder

    def path(self, name: str) -> Path:
        self._check_name(name)
        if name in self.files:
            self._collision(name)
        self.files.append(name)
        return self.dir / name

    def write_json(self, name: str, data) -> None:
        self.path(name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def _check_name(self, name: str) -> None:
        if not _plain_name(name) or name == JOURNAL or name.startswith(STAGING_PREFIX):
            raise DeckError(
                f"an output would be called {name[:80]!r}: not a name deck can write in {display_path(self.out_dir)} "
                f"(at most {MAX_NAME_BYTES} bytes, no slash, no control character, not a name deck keeps for itself)",
                Loc(display_path(self.out_dir)),
            )

    def _collision(self, name: str) -> None:
        raise DeckError(
            f'two outputs of this build would be called "{name}": rename the deck whose id makes that name',
            Loc(display_path(self.out_dir / name)),
        )

    def in_the_way(self) -> list[tuple[str, str]]:
        """Names this build would replace that are not what deck wrote: (name, why)."""
        previous = deck_manifest(self.out_dir / MANIFEST)
        listed = _listed(previous)
        blocked = []
        for name in self.files:
            target = self.out_dir / name
            if not _exists(target):
                continue
            if target.is_dir() and not target.is_symlink():
                blocked.append((name, "a folder is in the way"))
            elif target.is_symlink():
                if not _same_bytes(target, self.dir / name):
                    blocked.append((name, "a link deck did not make is in the way"))
            elif name == MANIFEST:
                if previous is None:
                    blocked.append((name, "a file deck did not write is in the way"))
            elif name.startswith(".deck-") or _same_bytes(target, self.dir / name):
                continue  # deck's own hidden files (the plan); the very bytes this build writes
            elif name in listed:
                try:
                    same = listed[name] is not None and sha256(target) == listed[name]
                except OSError:
                    same = False
                if not same:
                    blocked.append((name, "this file changed since deck wrote it (annotated, replaced?)"))
            else:
                blocked.append((name, "a file deck did not write is in the way"))
        return blocked

    def _leftovers(self, previous: dict | None, keep: set[str]) -> tuple[list[str], list[str], list[str]]:
        """(files of the previous build to remove, previous files changed since, files deck did not write)
        among what the directory holds besides this build's files (`keep`)."""
        listed = _listed(previous)
        stale: list[str] = []
        modified: list[str] = []
        foreign: list[str] = []
        try:
            entries = sorted(os.listdir(self.out_dir))
        except OSError:
            return [], [], []
        for name in entries:
            if name in keep or name == MANIFEST or name.startswith("."):
                continue  # hidden files: deck's own (.deck-plan.json, staging folders) and the system's
            path = self.out_dir / name
            if name in listed and path.is_file() and not path.is_symlink():
                try:
                    same = sha256(path) == listed[name]
                except OSError:
                    same = False
                (stale if same else modified).append(name)
            else:
                foreign.append(name + ("/" if path.is_dir() and not path.is_symlink() else ""))
        return stale, modified, foreign

    def changed_since(self, keep: Iterable[str] = ()) -> list[str]:
        """The files of earlier builds this one does not write and that changed since deck wrote them: the
        commit keeps them, and the manifest lists them (`kept`) so that the next build still knows them."""
        previous = deck_manifest(self.out_dir / MANIFEST)
        return self._leftovers(previous, set(self.files) | set(keep) | {MANIFEST})[1]

    def commit(self, keep: Iterable[str] = ()) -> None:
        """Move the staged files into place, the manifest last; remove the previous build's files that
        this one does not write. `keep`: files of this build already in place (deck watch's kept decks)."""
        keep = set(keep)
        seen: set[str] = set()
        for name in self.files:  # helpers add theirs to the list: every name once, checked again
            self._check_name(name)
            if name in seen:
                self._collision(name)
            seen.add(name)
        blocked = self.in_the_way()
        if self.force:  # --force: replaced, each named by the caller; a folder in the way still stops it
            self.forced = [(n, why) for n, why in blocked if not (self.out_dir / n).is_dir()]
            blocked = [(n, why) for n, why in blocked if (self.out_dir / n).is_dir()]
        if blocked:
            diag = Diagnostics()
            for name, why in blocked:
                diag.error(
                    Loc(display_path(self.out_dir / name)),
                    f"{why}: deck never overwrites your files; move or rename it, "
                    "or choose another output directory (-o)",
                )
            raise DeckError(diag)
        previous = deck_manifest(self.out_dir / MANIFEST)
        stale, self.modified, self.foreign = self._leftovers(previous, set(self.files) | keep)
        order = [n for n in self.files if n != MANIFEST] + [n for n in self.files if n == MANIFEST]
        # durable before they are named: a power cut never leaves an empty file in place
        fsync_files([self.dir / name for name in order])
        sync_dir(self.dir)
        existed = [n for n in order if _exists(self.out_dir / n)]
        journal = {"staging": self.dir.name, "order": order, "existed": existed, "remove": stale}
        old = self.dir / OLD
        with held_interrupts():
            try:
                old.mkdir()
                try:
                    path = _write_journal(self.out_dir, journal)
                except FileExistsError:  # a commit that did not end, or another build's under way
                    recover(self.out_dir)
                    path = _write_journal(self.out_dir, journal)
            except OSError as e:
                raise DeckError(
                    f"cannot write in the output directory: {e.strerror or e}", Loc(display_path(self.out_dir))
                ) from None
            current = ""
            try:
                for name in order:  # the manifest last: it describes complete files only
                    current = name
                    if name == MANIFEST:
                        self._remove(stale, old)  # before the new manifest: a file it does not list is never left
                    if _exists(self.out_dir / name):
                        os.replace(self.out_dir / name, old / name)
                    os.replace(self.dir / name, self.out_dir / name)
                if MANIFEST not in order:
                    self._remove(stale, old)
                sync_dir(self.out_dir)
                path.unlink()
                sync_dir(self.out_dir)
            except OSError as e:
                self._failed(current, e, order, existed)

    def _failed(self, name: str, error: OSError, order: list[str], existed: list[str]) -> None:
        """A rename failed (EIO, EACCES, ENOSPC): the previous build is put back, the journal goes."""
        where = Loc(display_path(self.out_dir / name))
        try:
            _roll_back(self.out_dir, self.dir, order, existed)
            (self.out_dir / JOURNAL).unlink()
            sync_dir(self.out_dir)
        except OSError as e:
            self._keep_folder = True  # it holds the previous files: the next build puts them back
            shown = display_path(self.out_dir)
            failed = DeckError(
                f"cannot put this file in place: {error.strerror or error}; putting the previous build back "
                f"failed too ({e.strerror or e}): the next deck build into {shown} finishes it",
                where,
            )
            failed.written = (
                f"{shown} holds part of the previous build and part of this one (its manifest may not match "
                f"them), and {JOURNAL}: the next deck build into it puts the previous build back, whole; "
                "do not print from it before"
            )
            raise failed from None
        self.removed = []
        raise DeckError(
            f"cannot put this file in place: {error.strerror or error}; the previous build is back as it was",
            where,
        ) from None

    def _remove(self, names: list[str], old: Path) -> None:
        """The previous build's files this one does not write, moved aside (gone with the staging folder)."""
        for name in names:
            try:
                os.replace(self.out_dir / name, old / name)
            except FileNotFoundError:
                continue
            except OSError:
                self.modified.append(name)  # could not be removed: said, like a file changed since
                continue
            self.removed.append(name)

    def __exit__(self, kind, value, tb) -> None:
        folder = self.folder
        if folder is not None:
            with held_interrupts():
                for helper in self.helpers:
                    helper.stop()
                if not self._keep_folder:
                    shutil.rmtree(folder, ignore_errors=True)
                if self._lock_fd is not None:
                    os.close(self._lock_fd)
                    self._lock_fd = None
        if isinstance(value, OSError) and folder is not None:  # a staged file could not be written (a full disk)
            name = Path(value.filename).name if isinstance(value.filename, str) else ""
            inside = isinstance(value.filename, str) and Path(value.filename).parent == folder
            why = value.strerror or str(value)
            if value.errno == errno.ENOSPC:
                why += ": free some space and build again"
            where = self.out_dir / name if inside else self.out_dir
            raise DeckError(f"cannot write this file: {why}", Loc(display_path(where))) from None
