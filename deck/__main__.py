"""`python -m deck` and the `deck` command (its entry point is `run`, not `deck.cli:main`): the first code of
deck that runs, kept tiny so that a Ctrl-C while the rest of deck is loading is caught here (exit 130, no
traceback). Only a Ctrl-C while Python itself is starting, before any of this runs, is Python's own."""

import signal
import sys
import warnings


def run() -> None:
    pressed: list = []

    def ctrl_c(signum, frame):
        pressed.append(signum)
        raise KeyboardInterrupt

    def terminated(signum, frame):  # SIGTERM: unwound like an exit, so that a build clears its staging folder
        pressed.append(signum)
        raise SystemExit(128 + signum)

    def unraisable(u) -> None:
        """A Ctrl-C (or SIGTERM) whose handler ran inside a callback Python cannot raise from (a weakref's,
        a __del__): Python would print it as "Exception ignored" with a traceback and go on. It is
        remembered above and said at the end instead."""
        if pressed and u.exc_type in (KeyboardInterrupt, SystemExit):
            return
        sys.__unraisablehook__(u)

    # an extension module (Cython's) that gets the KeyboardInterrupt while it loads swallows it with this
    # warning and goes on: the Ctrl-C is remembered here, and said at the end
    try:
        warnings.filterwarnings("ignore", message="Code object creation failed in Cython module")
        sys.unraisablehook = unraisable
        signal.signal(signal.SIGINT, ctrl_c)
        if hasattr(signal, "SIGTERM"):
            signal.signal(signal.SIGTERM, terminated)
        from deck.cli import main
    except KeyboardInterrupt:  # Ctrl-C while deck is still loading: nothing was written yet
        sys.stderr.write("interrupted: nothing was written\n")
        sys.exit(130)
    try:
        main()
    except SystemExit as e:
        if pressed and e.code in (0, None):  # swallowed on the way: the command ran to its end
            if getattr(signal, "SIGTERM", None) in pressed:
                sys.stderr.write("terminated: the command had already done its work (every file whole)\n")
                sys.exit(128 + signal.SIGTERM)
            sys.stderr.write("interrupted: the command had already done its work (every file whole)\n")
            sys.exit(130)
        raise


if __name__ == "__main__":
    run()
