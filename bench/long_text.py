"""Times line breaking on huge texts: `python bench/long_text.py` (see bench/README.md, "Long texts").

Each measure is a separate process: `deck build` of a kit whose field holds a word of 200 000 characters,
1 MB of words (both refused by the validator, with their place), and a word of 20 000 characters (the
longest field allowed: built, the overflow reported by card); and text.fit of the first two in a card's
text box, in-process, timed alone.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from long_kits import words, write_kit  # noqa: E402  (beside the tests)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases = [("200 000-character word", "x" * 200_000), ("1 MB of words", words(1_000_000))]
        cases.append(("20 000-character word", "x" * 20_000))
        for name, text in cases:
            kit = write_kit(root / str(len(text)), "long", text)
            t0 = time.perf_counter()
            p = subprocess.run(
                [sys.executable, "-m", "deck", "build", str(kit), "-o", str(root / "out")],
                capture_output=True,
                text=True,
            )
            took = time.perf_counter() - t0
            last = (p.stdout + p.stderr).strip().splitlines()
            print(f"deck build, {name}: {took:.2f} s, exit {p.returncode}: {last[0][:110] if last else ''}")
        from deck.layout.text import Block, Fonts, fit
        from deck.style.fonts import font_name
        from deck.units import MM

        fonts = Fonts(font_name("regular"), font_name("bold"), font_name("italic"))
        for name, text in cases[:2]:
            t0 = time.perf_counter()
            r = fit([Block(text)], fonts, 55 * MM, 50 * MM, 11, 8, "en")
            took = time.perf_counter() - t0
            print(f"text.fit, {name}: {took:.2f} s, {len(r.lines)} lines, {r.overflow / MM:.0f} mm too long")


if __name__ == "__main__":
    main()
