"""`deck watch`: rebuild a kit each time one of its files is saved, re-rendering only the decks whose
cards changed.

Every deck gets a key: a hash of what its PDF depends on (its cards as `faces.py` says them, its size,
the build options, the theme, fonts and words). A deck whose key is the one of the previous build, and
whose files are still in the output directory as they were written, is not rendered again: its files
stay untouched and its manifest entries are reused. The build itself is `pipeline.build`, so the output
stays atomic and the manifest lists every file.

The boards, tiles, sheets and guide are laid out again every round (the index and the guide list the
cards, a booklet quotes them: a card's edit may change them), but a file whose pages come out exactly as in
the previous round is not drawn again: `ReusingWriter` stands for the PDF writer of `deck.build.extras`,
keys the file by everything the writer would put in it (its name, title, pages and their primitives, the
build's fonts, theme and options) and, when the previous round drew that key and the output directory
still holds those bytes, the build takes that very file (linked into the staging folder: it is put back in
place by the commit, the same file). The layouts' problems are found anew every round, drawn or not.

Changes are found by polling the modification times and sizes of the kit's files (and of the kits it
extends) every `INTERVAL` seconds: no dependency, and editors that save through a temporary file are seen
too. A look costs a few stat calls (the kit.yaml files are read again only when they change); on a kit of
many files the polls are spaced out so that looking never takes more than a fiftieth of a core. Nothing
here prints; the CLI reports each round.

With `check`, each successful build is followed by `deck check` of the output directory
(`deck.check.run.check_directory`, its cache in the directory): only the pages whose content or plan
changed are read again, the others' findings are taken from the cache, so a round reports every problem
of the print, in about the time it takes to check what the save changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from deck.errors import DeckError, Diagnostic, Diagnostics

INTERVAL = 0.1  # seconds between two looks at the files (at least 50 times what a look takes)
LOOKING = 50  # a look at the files takes at most 1/LOOKING of the time between two


def _sha_file(path: str | None) -> str:
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def deck_key(res, deck, cards, size, options) -> str:
    """A hash of everything a deck's files depend on (never the source locations: they only move messages)."""
    from deck import __version__

    kit = res.kit
    h = hashlib.sha256()
    for part in (
        __version__,
        repr(options),
        repr(deck),
        repr(size),
        kit.id,
        kit.header.title,
        kit.header.language,
        repr(res.theme),
        repr(res.fonts),
        repr(res.words),
        _sha_file(res.theme.logo),
        repr([(c.id, c.deck_id, c.front, c.back) for c in cards]),
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class _Entry:
    key: str
    outputs: list  # pipeline.Output, sha256 filled in once the build is done
    diagnostics: list  # what rendering the deck reported
    locs: list  # deck.loc then every card's loc, to move those messages to today's lines
    recorded: list = field(default_factory=list)  # calls made to the build's recorders (the page plan)


class _Tape:
    """Stands for a recorder passed to `write_deck` (the page plan of `deck check`): forwards every call
    and keeps it, so that a kept deck can replay its part into the next build's recorder."""

    def __init__(self, target):
        self._target = target
        self.calls: list = []

    def __getattr__(self, name):
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return attr(*args, **kwargs)

        return call


def _unlink(path: Path) -> None:
    """Remove a staged file before it is written: when it is a link to an output, only the link goes."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


class _Keys:
    """The keys of the extras' files of the last successful round, each with the sha256 of its file, and
    those of the round under way: the keys it took or drew. A forked build worker (the extras of a big
    kit) writes its keys as small files into the build's staging folder, read back when the build ends."""

    FOLDER = ".deck-watch-keys"  # in the staging folder: gone with it

    def __init__(self):
        self.known: dict[str, str] = {}  # key -> sha256, of the last successful build
        self.now: dict[str, str] = {}  # the same, of the build under way (this process)
        self.pending: dict[str, str] = {}  # of the build just done, all its processes
        self.used: list[str] = []  # the names of the files taken as they were
        self.pid = os.getpid()
        self.out_dir: Path | None = None
        self.folder: Path | None = None

    def begin(self, out_dir: Path, staging_dir: Path) -> None:
        self.now, self.used, self.out_dir, self.folder = {}, [], out_dir, staging_dir / self.FOLDER

    def end(self) -> None:
        """The build wrote its files: its keys, from every process, for `commit`."""
        self.pending = dict(self.now)
        if self.folder is None or not self.folder.is_dir():
            return
        with contextlib.suppress(OSError):
            for p in sorted(self.folder.iterdir()):
                if p.name.startswith("."):  # a worker stopped while it wrote one
                    continue
                with contextlib.suppress(OSError, UnicodeError, ValueError):
                    sha, _, name = p.read_text(encoding="utf-8").partition("\n")
                    self.pending[p.name] = sha
                    if name:
                        self.used.append(name)

    def commit(self) -> None:
        self.known, self.pending = self.pending, {}

    def record(self, key: str, sha: str, taken: str = "") -> None:
        """The key of a file drawn, or `taken` as it was (its name), in this build."""
        if os.getpid() == self.pid or self.folder is None:
            self.now[key] = sha
            if taken:
                self.used.append(taken)
            return
        with contextlib.suppress(OSError):  # a worker's (not recorded: drawn again next round)
            self.folder.mkdir(exist_ok=True)
            aside = self.folder / f".{key}.{os.getpid()}"
            aside.write_text(f"{sha}\n{taken}", encoding="utf-8")
            os.replace(aside, self.folder / key)

    def take(self, key: str, path: Path) -> bool:
        """Put the output directory's file named like `path`, when it holds the bytes drawn under `key`,
        at `path` (a second link to it: the commit puts that very file back in place; a copy where links
        fail). False when the key is unknown, or the file is gone or changed since."""
        sha = self.known.get(key)
        if sha is None or self.out_dir is None:
            return False
        done = self.out_dir / path.name
        try:
            if done.is_symlink() or not done.is_file():
                return False
            data = done.read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != sha:
            return False
        try:
            _unlink(path)
            try:
                os.link(done, path)
            except OSError:  # a file system without links
                path.write_bytes(data)
        except OSError:
            with contextlib.suppress(OSError):
                _unlink(path)
            return False
        self.record(key, sha, path.name)
        return True


class ReusingWriter:
    """Stands for `deck.render.pdf.PdfWriter` in the boards, sheets and guide of a watch round (set as
    `deck.build.options.EXTRAS_WRITER`): keeps the pages it is given; at `close`, when the previous round
    drew the same file (same key) and the output directory still holds it, that file is taken as it is,
    else the pages are drawn by a PdfWriter. The key: the build's context (`extras_context`), the file's
    name, title and subject, and every page's arguments pickled (every field of every primitive, exactly;
    pages that cannot be pickled are drawn, never keyed)."""

    def __init__(self, keys: _Keys, context: bytes, path, title: str, subject: str = "", duplex=None):
        self._keys, self._context = keys, context
        self._path = Path(path)
        self._args = (title, subject, duplex)
        self._pages: list = []
        self.pages = 0

    def page(self, *args, **kwargs) -> None:
        self._pages.append((args, kwargs))
        self.pages += 1

    def _key(self) -> str | None:
        h = hashlib.sha256(self._context)
        h.update(repr((self._path.name, self._args)).encode("utf-8", "surrogatepass"))
        try:
            h.update(pickle.dumps(self._pages, protocol=5))
        except Exception:  # noqa: BLE001 (anything pickle refuses: drawn, not keyed)
            return None
        return h.hexdigest()

    def close(self) -> None:
        from deck.files import sha256
        from deck.render.pdf import PdfWriter

        key = self._key()
        if key is not None and self._keys.take(key, self._path):
            self._pages = []
            return
        _unlink(self._path)  # (a file taken before, by a worker that then failed: never written through)
        w = PdfWriter(self._path, *self._args)
        for args, kwargs in self._pages:
            w.page(*args, **kwargs)
        self._pages = []
        w.close()
        if key is not None:
            self._keys.record(key, sha256(self._path))


def extras_context(res, options) -> bytes:
    """What the bytes of an extras file depend on besides its pages: deck's version, the build options (RGB
    or CMYK), the theme, the fonts and the logo's file."""
    from deck import __version__

    h = hashlib.sha256()
    for part in (__version__, repr(options), repr(res.theme), repr(res.fonts), _sha_file(res.theme.logo)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.digest()


class DeckCache:
    """Passed to `pipeline.build(cache=…)`: renders a deck through `pipeline.write_deck` only when its key
    changed (or its files were touched), else hands back the previous outputs."""

    def __init__(self):
        self.entries: dict[str, _Entry] = {}
        self.pending: dict[str, _Entry] = {}
        self.rendered: list[str] = []  # deck ids rendered by the last build
        self.kept: list[str] = []  # deck ids whose files were kept
        self.keys = _Keys()  # the extras' files of the previous round

    def begin(self) -> None:
        self.pending, self.rendered, self.kept = {}, [], []

    def commit(self) -> None:
        """The build succeeded: its decks (and its extras' files) are the reference for the next one."""
        self.entries = self.pending
        self.pending = {}
        self.keys.commit()

    @contextlib.contextmanager
    def extras(self, res, options, staging):
        """Around a build's writing (pipeline.build): its boards, sheets and guide drawn through
        `ReusingWriter`."""
        from deck.build.options import EXTRAS_WRITER

        context = extras_context(res, options)
        self.keys.begin(staging.out_dir, staging.dir)
        token = EXTRAS_WRITER.set(lambda path, *args: ReusingWriter(self.keys, context, path, *args))
        try:
            yield
            self.keys.end()
        finally:
            EXTRAS_WRITER.reset(token)

    @staticmethod
    def _intact(entry: _Entry, out_dir: Path) -> bool:
        from deck.files import sha256

        for o in entry.outputs:
            path = out_dir / o.path
            try:
                if not o.sha256 or not path.is_file() or sha256(path) != o.sha256:
                    return False
            except OSError:
                return False
        return True

    def write_deck(self, res, deck, cards, size, options, staging, diag: Diagnostics, **kw) -> list:
        from deck.build.pipeline import write_deck

        key = deck_key(res, deck, cards, size, options)
        locs = [deck.loc] + [c.loc for c in cards]
        old = self.entries.get(deck.id)
        if old is not None and old.key == key and self._intact(old, staging.out_dir):
            moved: dict = {}
            for a, b in zip(old.locs, locs, strict=False):
                moved.setdefault(a, b)
            items = [Diagnostic(d.severity, moved.get(d.loc, d.loc), d.message) for d in old.diagnostics]
            diag.items.extend(items)
            outputs = [replace(o) for o in old.outputs]
            for kw_name, calls in old.recorded:
                target = kw.get(kw_name)
                for name, args, kwargs in calls if target is not None else ():
                    getattr(target, name)(*args, **kwargs)
            self.pending[deck.id] = _Entry(key, outputs, items, locs, old.recorded)
            self.kept.append(deck.id)
            return outputs
        before = len(diag.items)
        tapes = {
            name: _Tape(value)
            for name, value in kw.items()
            if value is not None and not isinstance(value, (bool, int, float, str, tuple, list, dict))
        }
        outputs = write_deck(res, deck, cards, size, options, staging, diag, **{**kw, **tapes})
        self.pending[deck.id] = _Entry(
            key, outputs, list(diag.items[before:]), locs, [(name, tape.calls) for name, tape in tapes.items()]
        )
        self.rendered.append(deck.id)
        return outputs


@dataclass
class Round:
    """One rebuild: its result (None when it failed: nothing was written) and what it did."""

    result: object | None
    diagnostics: Diagnostics
    changed: list = field(default_factory=list)  # files seen changed since the previous round (paths)
    rendered: list = field(default_factory=list)  # deck ids rendered again
    kept: list = field(default_factory=list)  # deck ids whose files were kept as they were
    written: list = field(default_factory=list)  # outputs written by this round (drawn anew)
    seconds: float = 0.0
    state: str | None = None  # when it failed and the output is not as it was: what it holds now
    check: object | None = None  # with Watcher(check=True): the deck check Report of the output
    check_seconds: float = 0.0
    reused: list = field(default_factory=list)  # boards, sheets, guide laid out again the same: not drawn (paths)

    @property
    def ok(self) -> bool:
        return self.result is not None


def _stamp(path: Path):
    """What tells that a file changed: (modification time, size, inode), None when there is none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _extended(kit_dir: Path, seen: set, read: list | None = None) -> list[Path]:
    """The directories of the kits that `kit_dir` extends, nearest first (read leniently: a broken
    kit.yaml is the build's business). `read` gets (path, _stamp) of every file the answer depends on."""
    import yaml

    from deck.kit import find as bundled

    read = read if read is not None else []
    out: list[Path] = []
    current = kit_dir
    while True:
        read.append((current / "kit.yaml", _stamp(current / "kit.yaml")))
        try:
            data = yaml.safe_load((current / "kit.yaml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):  # nested hundreds deep: the build says
            return out
        value = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(value, str) or not value.strip():
            return out
        parent: Path | None = current / value
        read.append((current / value / "kit.yaml", _stamp(current / value / "kit.yaml")))
        if not (current / value / "kit.yaml").is_file():
            parent = bundled.bundled_kits().get(value)
        if parent is None:
            return out
        try:
            parent = parent.resolve()
        except (OSError, RuntimeError):  # a link loop: the build says
            return out
        if parent in seen:
            return out
        seen.add(parent)
        out.append(parent)
        current = parent


MAX_DEPTH = 32  # folders below a kit's that deck watch looks into


class Watcher:
    """Builds KIT into DIR, then again whenever a file of the kit changes. Drive it with `poll()` (one look
    at the files, a rebuild if they changed) or `run()` (poll, sleep, repeat)."""

    def __init__(
        self,
        kit_dir: Path,
        out_dir: Path,
        options,
        interval: float = INTERVAL,
        clock=time.monotonic,
        check: bool = False,
        dpi: float = 300.0,
        jobs: int = 1,
    ):
        self.kit_dir = Path(kit_dir).resolve()
        self.out_dir = Path(out_dir)
        self.options = options
        self.interval = interval
        self.clock = clock
        self.check, self.dpi, self.jobs = check, dpi, jobs  # the check's (the command line asks for 2)
        self.cache = DeckCache()
        self.seen: dict | None = None  # the files as they were at the last build
        self.looked = 0.0  # seconds the last walk through the kit's folders took
        self._roots: tuple[list, list[Path]] | None = None  # (the kit.yaml files read and their stamps, roots)

    def roots(self) -> list[Path]:
        """The kit's folder and those of the kits it extends; the kit.yaml files are read again only when
        one of them (or a parent it names) changed."""
        if self.kit_dir.is_file():  # a workbook that is a kit: the folder it lies in
            return [self.kit_dir.parent]
        if self._roots is not None and all(_stamp(path) == stamp for path, stamp in self._roots[0]):
            return self._roots[1]
        read: list = []
        roots = [self.kit_dir] + _extended(self.kit_dir, {self.kit_dir}, read)
        self._roots = (read, roots)
        return roots

    def snapshot(self) -> dict:
        """path -> (modification time, size) of every file of the kit and the kits it extends; hidden
        files (editor swap files, deck's staging folders) and the output directory left out."""
        try:
            out_dir = self.out_dir.resolve()
        except (OSError, RuntimeError):
            out_dir = self.out_dir
        files = {}
        visited: set = set()  # (device, inode) of every folder looked at: a link to `.` is looked at once
        roots = self.roots()
        begun = time.perf_counter()  # (what grows with the kit: the walk, not a kit.yaml parsed again)
        for root in roots:
            stack = [(root, 0)]
            while stack:
                folder, depth = stack.pop()
                try:
                    st = folder.stat()
                    if (st.st_dev, st.st_ino) in visited or depth > MAX_DEPTH:
                        continue
                    visited.add((st.st_dev, st.st_ino))
                    entries = list(folder.iterdir())
                except (OSError, RuntimeError):
                    continue
                for p in entries:
                    if p.name.startswith(".") or p.name.endswith("~") or p.name == "__pycache__":
                        continue
                    try:
                        if p.is_dir():
                            if p.resolve() != out_dir:
                                stack.append((p, depth + 1))
                            continue
                        st = p.stat()
                    except (OSError, RuntimeError):
                        continue
                    files[str(p)] = (st.st_mtime_ns, st.st_size)
        self.looked = time.perf_counter() - begun
        return files

    def poll(self) -> Round | None:
        """Look at the files once; rebuild if anything changed since the last build (or never built)."""
        now = self.snapshot()
        if now == self.seen:
            return None
        before, self.seen = self.seen, now
        changed = sorted(p for p in set(now) | set(before or {}) if (before or {}).get(p) != now.get(p))
        return self.rebuild(changed if before is not None else [])

    def rebuild(self, changed=()) -> Round:
        from deck.build.pipeline import build

        start = self.clock()
        self.cache.begin()
        try:
            result = build(self.kit_dir, self.out_dir, self.options, cache=self.cache)
        except DeckError as e:
            return Round(None, e.diagnostics, list(changed), seconds=self.clock() - start, state=e.written)
        self.cache.commit()
        kept = {o.path for d in self.cache.kept for o in self.cache.entries[d].outputs}
        same = set(self.cache.keys.used)
        written = [o for o in result.outputs if o.path not in kept and o.path not in same]
        r = Round(
            result,
            result.diagnostics,
            list(changed),
            list(self.cache.rendered),
            list(self.cache.kept),
            written,
            self.clock() - start,
            reused=[o.path for o in result.outputs if o.path in same],
        )
        if self.check:
            from deck.check.run import check_directory

            begun = self.clock()
            r.check = check_directory(self.out_dir, result.plan, dpi=self.dpi, jobs=self.jobs, cache=True)
            r.check_seconds = self.clock() - begun
        return r

    def pause(self) -> float:
        """Seconds to wait before the next look: `interval`, longer when looking takes more than
        1/LOOKING of it (a kit of many files: polling stays a small part of a core)."""
        return max(self.interval, LOOKING * self.looked)

    def run(self, report, sleep=None, max_polls: int | None = None) -> None:
        """Poll until interrupted (KeyboardInterrupt goes to the caller), or `max_polls` looks."""
        sleep = sleep or time.sleep
        polls = 0
        while True:
            r = self.poll()
            polls += 1
            if r is not None:
                report(r)
            if max_polls is not None and polls >= max_polls:
                return
            sleep(self.pause())
