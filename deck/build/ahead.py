"""Work on the second core, in forked helpers.

`Ahead`: a helper computes results in the order they will be needed while this process uses the ones
already there (a deck's faces are laid out while its pages are drawn; the QR codes of a kit are computed
by both processes). The jobs are cut into chunks, claimed in order through a shared counter by whichever
process gets to them first: the helper works ahead; this process takes the next chunk itself when the
helper has not started it, and while it waits for one the helper is on, it computes the next ones. Results
are the same whoever computes them (the jobs are pure functions of data both processes hold since the
fork), so the output does not depend on the timing.

`Aside`: a helper runs one independent piece of work (the boards, sheets and guide of a build) while this
process does another (the decks).

Anything unusual (no fork on this system, one core, a helper that fails or dies) falls back to computing
here, in order: a helper only ever saves time. DECK_JOBS=1 turns them off.
"""

from __future__ import annotations

import gc
import mmap
import os
import pickle
import select
import signal
import struct
import sys

MIN_JOBS = 48  # fewer jobs than this: the fork costs more than it saves
CHUNK = 12
_HEADER = struct.Struct("<iq")  # chunk index (-1: the helper failed), payload length
_COUNTER = struct.Struct("<q")


class _Claims:
    """The next chunk nobody has claimed, shared by both processes: a counter in shared memory, and a
    lock that is one byte in a pipe (whoever reads it holds the lock; writing it back releases it)."""

    def __init__(self):
        self.mem = mmap.mmap(-1, _COUNTER.size)  # anonymous and shared: the fork keeps it common
        self.lock_r, self.lock_w = os.pipe()
        os.write(self.lock_w, b"l")

    def claim(self, c: int | None = None) -> int:
        """With c None, claim the next chunk (returns its index). Else claim chunk c when it is the next
        one (returns c); -1 when someone claimed it already, -2 when it is not the next one yet (then
        nobody claims it: the caller computes it without a claim)."""
        while True:
            try:
                os.read(self.lock_r, 1)
                break
            except InterruptedError:
                continue
        try:
            nxt = _COUNTER.unpack_from(self.mem)[0]
            if c is None:
                c = nxt
            elif nxt != c:
                return -1 if nxt > c else -2
            _COUNTER.pack_into(self.mem, 0, c + 1)
            return c
        finally:
            os.write(self.lock_w, b"l")

    def close(self) -> None:
        for fd in (self.lock_r, self.lock_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self.mem.close()


def _end(pid: int) -> None:
    """Kill a helper and reap it (it holds nothing that needs a clean exit)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


def _fork() -> int:
    """os.fork with Ctrl-C kept out of the helper: SIGINT is blocked across the fork and ignored in the
    helper before it is unblocked there, so an interrupt can never run this process's code twice (the
    parent's own pending SIGINT is delivered to it as soon as the fork returns)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    mask = hasattr(signal, "pthread_sigmask")
    if mask:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    gc.freeze()  # the helper's collector leaves the inherited objects alone: their pages stay shared
    pid = -1
    try:
        pid = os.fork()
        if pid == 0:
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            except BaseException:
                os._exit(1)
    finally:
        if pid != 0:
            gc.unfreeze()
        if mask:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return pid


def fewer_collections() -> None:
    """A build allocates millions of small objects and frees few cycles: Python's collector, run every
    700 allocations, would spend a third of the time of reading a large kit walking a growing heap."""
    if gc.get_threshold()[0] < 50_000:
        gc.set_threshold(50_000, 20, 100)


def cores() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    try:
        n = min(n, int(os.environ.get("DECK_JOBS", n)))
    except ValueError:
        pass
    return max(1, n)


class Ahead:
    """`get(i)` is compute(jobs[i]), asked for in increasing order of i."""

    def __init__(self, jobs: list, compute, chunk: int = CHUNK, min_jobs: int = MIN_JOBS):
        self.jobs = jobs
        self.compute = compute
        self.chunk = chunk
        self.n_chunks = (len(jobs) + chunk - 1) // chunk
        self.have: dict = {}  # chunk index -> list of results
        self.used: set = set()  # chunks whose every result was handed out
        self.pid = 0
        self.fd = -1  # the read end of the helper's pipe
        self.buf = bytearray()
        self.claims = None
        if len(jobs) >= min_jobs and cores() >= 2 and hasattr(os, "fork"):
            try:
                self._start()
            except Exception:  # no pipe, no fork, no shared memory here: compute everything in this process
                self._stop()

    # -- this process ------------------------------------------------------------------------------
    def get(self, i: int):
        c, k = divmod(i, self.chunk)
        if c in self.used:  # asked for again, or out of order: simply computed here
            return self.compute(self.jobs[i])
        results = self.have.get(c)
        if results is None:
            results = self._obtain(c)
        if k == len(results) - 1:  # each job is asked for once: keep nothing behind
            self.have.pop(c, None)
            self.used.add(c)
            if len(self.used) == self.n_chunks:
                self._stop()
        return results[k]

    def _obtain(self, c: int) -> list:
        if self.pid and self.claims.claim(c) == -1:  # the helper has it, done or under way
            # meanwhile this process does not wait idle: it takes the next chunks nobody has started
            while c not in self.have and self._pump(block=False):
                if c in self.have:
                    break
                ahead = self.claims.claim()
                if ahead < self.n_chunks:
                    self.have[ahead] = self._run(ahead)
                elif not self._pump(block=True):
                    break
            if c in self.have:
                return self.have[c]
        results = self._run(c)  # ours, or the helper failed
        self.have[c] = results
        return results

    def _pump(self, block: bool) -> bool:
        """Take in the chunks the helper has sent (with block, wait for one at least). False when the
        helper failed or is gone: the chunks it had claimed are then computed here."""
        try:
            while True:
                if self._frames():
                    return True
                if not select.select([self.fd], [], [], None if block else 0)[0]:
                    return True
                data = os.read(self.fd, 1 << 17)
                if not data:
                    raise EOFError
                self.buf += data
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            self._stop()
            return False

    def _frames(self) -> int:
        """Complete chunks in the buffer -> self.have; how many."""
        n = 0
        while len(self.buf) >= _HEADER.size:
            index, size = _HEADER.unpack_from(self.buf)
            if index < 0:
                raise EOFError
            if len(self.buf) < _HEADER.size + size:
                break
            payload = bytes(self.buf[_HEADER.size : _HEADER.size + size])
            del self.buf[: _HEADER.size + size]
            if index not in self.used:
                self.have[index] = pickle.loads(payload)
            n += 1
        return n

    def _run(self, c: int) -> list:
        return [self.compute(job) for job in self.jobs[c * self.chunk : (c + 1) * self.chunk]]

    def _start(self) -> None:
        self.claims = _Claims()
        r, w = os.pipe()
        pid = _fork()
        if pid == 0:  # the helper: never returns
            self._helper(r, w)
        os.close(w)
        self.pid = pid
        self.fd = r

    def _stop(self) -> None:
        """End the helper (if any) and wait for it; from now on everything is computed here."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.pid:
            _end(self.pid)
            self.pid = 0
        if self.claims is not None:
            self.claims.close()
            self.claims = None

    def close(self) -> None:
        self._stop()

    def __del__(self) -> None:
        try:
            self._stop()
        except Exception:  # at interpreter exit
            pass

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the helper --------------------------------------------------------------------------------
    def _helper(self, r: int, w: int) -> None:
        status = 0
        try:  # Ctrl-C is the parent's to handle (ignored here): it ends this helper when it stops
            os.close(r)
            out = os.fdopen(w, "wb")
            while True:
                c = self.claims.claim()
                if c >= self.n_chunks:
                    break
                try:
                    payload = pickle.dumps(self._run(c), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:
                    out.write(_HEADER.pack(-1, 0))  # the parent computes it and meets the error itself
                    out.flush()
                    status = 1
                    break
                out.write(_HEADER.pack(c, len(payload)))
                out.write(payload)
                out.flush()
        except BaseException:
            status = 1
        finally:
            os._exit(status)


class Aside:
    """`fn()` run in a forked helper while this process goes on with other work; `result()` waits for it.

    For work independent of what this process does meanwhile (another output of the build). `result()`
    is (True, what fn returned) or (False, None) when it could not run aside (no fork, one core, the
    helper failed, or fn raised): the caller then simply runs fn itself, which raises what it raises.
    """

    def __init__(self, fn):
        self.pid = 0
        self.reader = None
        if cores() < 2 or not hasattr(os, "fork"):
            return
        try:
            r, w = os.pipe()
            pid = _fork()
        except Exception:
            return
        if pid == 0:
            status = 1
            try:
                os.close(r)
                try:
                    payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
                    status = 0
                except BaseException:
                    payload = pickle.dumps((False, None))
                with os.fdopen(w, "wb") as out:
                    out.write(payload)
            finally:
                os._exit(status)
        os.close(w)
        self.pid = pid
        self.reader = os.fdopen(r, "rb")

    def result(self):
        if not self.pid:
            return False, None
        try:
            data = self.reader.read()
            ok, value = pickle.loads(data) if data else (False, None)
        except Exception:
            ok, value = False, None
        self._stop()
        return ok, value

    def stop(self) -> None:
        """End the helper now (its work is dropped): before the files it may be writing are removed."""
        self._stop()

    def _stop(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None
        if self.pid:
            _end(self.pid)
            self.pid = 0

    def __del__(self) -> None:
        try:
            self._stop()
        except Exception:
            pass
