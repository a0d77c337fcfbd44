"""The second core of a build, with the standard library: a `concurrent.futures.ProcessPoolExecutor`.

Only when asked for (`Options.jobs` > 1: the command line asks for 2; deck used as a library stays in its
process, serial) and only where it pays (the thresholds are in deck.build.pipeline, measured by
bench/README.md). At most two workers: two compute a large kit's QR codes; one writes boards, sheets
(and the guide, when there is no board) while this process writes the decks, then both take what is left
in turn (`Claims`).

Start method: fork. The workers begin with everything this process holds when the pool starts (the kit,
its layouts, the QR codes already computed), so a job needs no pickled copy of them and only results
travel back, pickled. Fork is safe here because no other thread runs when it happens:
deck starts none, and on fork the executor starts all its workers at the first submit, before it starts
its own manager thread (Python 3.9 and later); a pool is started only once the previous one's threads
are joined (`Pool.close`). Where there is no fork (Windows), the build runs serial.

Workers die with their parent: on Linux they ask the kernel for SIGKILL when it goes (PR_SET_PDEATHSIG),
and each one checks that its parent is still the process that started it (it may have gone before the
request was made). Ctrl-C is the parent's: SIGINT is blocked while the workers are forked and ignored in
them, so an interrupt never shows a worker's traceback; the parent kills them (`Pool.stop`) before its
staging folder is removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

from deck.interrupts import INTERRUPTS, held

MAX_WORKERS = 2
_PR_SET_PDEATHSIG = 1

_shared: dict = {}  # what the jobs read, set before the workers are forked (they inherit it)


def shared(key: str):
    """In a job: the object the build shared under `key` before the pool started."""
    return _shared[key]


def _die_with(parent: int) -> None:
    """Worker initializer: end with the parent, leave Ctrl-C to it; its collector leaves alone what it
    inherited (the worker's own process: its pages then stay shared with the parent's)."""
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):  # the command's SIGTERM handler unwinds the parent; a worker just ends
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        # forked while the parent held them (Pool.submit): SIGINT is ignored above, SIGTERM ends the worker
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(INTERRUPTS))
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's check below, and the executor's own
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Claims:
    """Hands out 0, 1, … n − 1, each once, to whichever process asks first: a counter in shared memory
    when `shared` (made before the workers are forked, so that they share it), else a plain one."""

    def __init__(self, n: int, shared: bool = False):
        self.n = n
        self.value = multiprocessing.get_context("fork").Value("i", 0) if shared else None
        self.next = 0

    def take(self) -> int | None:
        """The next number, or None once all are taken."""
        if self.value is None:
            i, self.next = self.next, self.next + 1
        else:
            with self.value.get_lock():
                i = self.value.value
                self.value.value = i + 1
        return i if i < self.n else None


class Pool:
    """A ProcessPoolExecutor of `jobs` workers (at most MAX_WORKERS), forked at the first submit with
    `share`d objects in place; `stop()` ends its workers at once (their work is dropped)."""

    def __init__(self, jobs: int, **share):
        self.jobs = max(1, min(jobs, MAX_WORKERS))
        self.share = share
        self.ex: ProcessPoolExecutor | None = None

    def submit(self, fn, *args):
        if self.ex is not None:
            return self.ex.submit(fn, *args)
        _shared.clear()
        _shared.update(self.share)
        self.ex = ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with,
            initargs=(os.getpid(),),
        )
        # no Ctrl-C (nor SIGTERM, whose handler unwinds the same way) between a fork and the worker's
        # initializer, nor between the executor's manager thread being made and started: an unwinding
        # there left a thread that cannot be joined ("cannot join thread before it is started")
        with held(*INTERRUPTS):
            return self.ex.submit(fn, *args)  # the first submit forks every worker (fork: not on demand)

    def close(self) -> None:
        """Wait for the submitted work, then end the workers and join the executor's threads."""
        if self.ex is not None:
            self.ex.shutdown(wait=True)
            self.ex = None
        _shared.clear()

    def stop(self) -> None:
        """End the workers now (on a failure or Ctrl-C): nothing they were doing is kept."""
        if self.ex is not None:
            kill = getattr(self.ex, "kill_workers", None)  # Python 3.14; before, the executor's process table
            if kill is not None:
                kill()
            processes = list((getattr(self.ex, "_processes", None) or {}).values())
            for p in processes:
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    p.kill()
            for p in processes:
                with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                    p.join(5)
            # A worker killed while it was sending a result leaves half a message in the results pipe: the
            # executor's thread waits for the rest for ever (this process keeps the pipe's writing end open).
            # With the dead workers' ends gone, closing ours ends its read: the pool is broken, not stuck.
            writer = getattr(getattr(self.ex, "_result_queue", None), "_writer", None)
            if writer is not None:
                with contextlib.suppress(OSError):
                    writer.close()
            with contextlib.suppress(RuntimeError):  # its manager thread was never started: nothing to join
                self.ex.shutdown(wait=True, cancel_futures=True)
            self.ex = None
        _shared.clear()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            self.close()
        else:
            self.stop()
