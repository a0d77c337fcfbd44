"""Signals held for a moment: a Ctrl-C (or SIGTERM) that must not land inside some piece of work arrives
as soon as it ends, in Python, where deck unwinds it as any other."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

# what the command unwinds on: Ctrl-C, and SIGTERM where there is one (deck/__main__.py's handler)
INTERRUPTS: tuple = (signal.SIGINT, *((signal.SIGTERM,) if hasattr(signal, "SIGTERM") else ()))


@contextmanager
def held(*signums: int) -> Iterator[None]:
    """`signums` blocked in this thread for the block's length, then the thread's mask as it was: one that
    came meanwhile is delivered as the block ends. Where signals cannot be blocked, nothing is held."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set(signums))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
