"""Atomic output: every file is written under a temporary name in the output directory's staging
folder, then renamed into place only when the whole build succeeded.

Nothing is lost: a rename replaces a file in one step, so every file of the output directory is, at any
moment, either the previous version or the new one, complete. Ctrl-C is held back while the files are
renamed and while the staging folder is removed, then delivered. A file the user wrote is never replaced:
only files that deck wrote itself (listed in the previous manifest, or carrying deck's mark) are.

The directory holds exactly the build: a file the previous build wrote and this one does not (a deck
renamed, the kit's language switched) is removed in the same commit, if it is unchanged since (its
sha256 is the previous manifest's). Files deck did not write, and files changed since deck wrote them,
stay as they are: the commit names them (`foreign`, `modified`) for the CLI to say so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from deck.errors import DeckError, Diagnostics, Loc, display_path
from deck.files import (
    MANIFEST,
    deck_manifest,
    held_interrupts,
    sha256,
    sync_dir,
    written_by_deck,
)

STAGING_PREFIX = ".deck-build-"
_STAGING_RE = re.compile(r"^\.deck-build-(\d+)-")


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


def _plain_name(name: str) -> bool:
    """A name deck writes: a file directly in the output directory (a manifest naming anything else is
    not followed)."""
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and sha256(a) == sha256(b)
    except OSError:
        return False


class Staging:
    """Collects the files of one build; `commit()` moves them into place, anything else leaves DIR as it was."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.folder: Path | None = None  # the staging folder, once entered
        self.files: list[str] = []
        self.helpers: list = []  # forked helpers writing here: stopped before the folder is removed
        self.removed: list[str] = []  # after commit: the previous build's files this one removed
        self.modified: list[str] = []  # the previous build's files, changed since: kept
        self.foreign: list[str] = []  # files and folders deck did not write: kept, untouched

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
                self.folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.out_dir))
            except OSError as e:
                raise DeckError(
                    f"cannot write in the output directory: {e.strerror or e}", Loc(display_path(self.out_dir))
                ) from None
        return self

    @property
    def dir(self) -> Path:
        """The staging folder (inside the `with` block only)."""
        if self.folder is None:
            raise RuntimeError("Staging used outside its with block")
        return self.folder

    def path(self, name: str) -> Path:
        self.files.append(name)
        return self.dir / name

    def write_json(self, name: str, data) -> None:
        self.path(name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def in_the_way(self) -> list[str]:
        """Names this build would replace that deck did not write: a file of the user's, a folder."""
        previous = deck_manifest(self.out_dir / MANIFEST)
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
                or written_by_deck(target)
                or _same_bytes(target, self.dir / name)
            ):
                blocked.append(name)
        return blocked

    def _leftovers(self, previous: dict | None, keep: set[str]) -> tuple[list[str], list[str], list[str]]:
        """(files of the previous build to remove, previous files changed since, files deck did not write)
        among what the directory holds besides this build's files (`keep`)."""
        listed = {}
        for o in (previous or {}).get("outputs", []):
            name = o.get("path") if isinstance(o, dict) else None
            if isinstance(name, str) and _plain_name(name):
                listed[name] = o.get("sha256")
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

    def commit(self, keep: Iterable[str] = ()) -> None:
        """Move the staged files into place, the manifest last; remove the previous build's files that
        this one does not write. `keep`: files of this build already in place (deck watch's kept decks)."""
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
        previous = deck_manifest(self.out_dir / MANIFEST)
        stale, self.modified, self.foreign = self._leftovers(previous, set(self.files) | set(keep))
        with held_interrupts():
            staged = [n for n in self.files if n != MANIFEST] + [n for n in self.files if n == MANIFEST]
            for name in staged:  # the manifest last: it describes complete files only
                if name == MANIFEST:
                    self._remove(stale)  # before the new manifest: a file it does not list is never left
                os.replace(self.dir / name, self.out_dir / name)
            if MANIFEST not in self.files:
                self._remove(stale)
            sync_dir(self.out_dir)

    def _remove(self, names: list[str]) -> None:
        for name in names:
            try:
                (self.out_dir / name).unlink()
            except FileNotFoundError:
                continue
            except OSError:
                self.modified.append(name)  # could not be removed: said, like a file changed since
                continue
            self.removed.append(name)

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            with held_interrupts():
                for helper in self.helpers:
                    helper.stop()
                shutil.rmtree(self.folder, ignore_errors=True)
